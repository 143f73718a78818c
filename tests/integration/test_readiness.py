"""`/readyz` for a load balancer: ready when the database answers and is at the newest migration, on SQLite and
PostgreSQL; 503 with a short reason, and nothing about the deployment, when it is unreachable, silent or behind."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import httpx
import pytest

import storage.readiness
from dreambank.bootstrap import build
from dreambank.settings import Settings
from storage.migrate import upgrade

SECRET = "readiness-tests-secret-0123456789"
PASSWORD = "readiness-password-7c1e"


def client(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app.web_app()), base_url="http://testserver")


async def readiness(settings: Settings, migrate: bool = True) -> httpx.Response:
    app = await build(settings, migrate=migrate)
    try:
        async with client(app) as http:
            return await http.get("/readyz")
    finally:
        await app.close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
async def silent_server() -> AsyncIterator[int]:
    """A port that takes connections and never says a word, as a database host that hangs does."""
    held: list[asyncio.StreamWriter] = []

    async def hold(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        for writer in held:
            writer.close()
        server.close()


async def test_ready_when_the_database_answers_at_the_newest_migration(tmp_path, database_url):
    settings = Settings(data_dir=tmp_path, database_url=database_url, secret=SECRET)

    answer = await readiness(settings)

    assert answer.status_code == 200 and answer.json() == {"ready": True}
    assert answer.headers["cache-control"] == "no-store"


async def test_alive_but_not_ready_when_the_database_cannot_be_reached(tmp_path):
    url = f"postgresql+asyncpg://dreambank:{PASSWORD}@127.0.0.1:{closed_port()}/dreambank"
    app = await build(Settings(data_dir=tmp_path, database_url=url, secret=SECRET), migrate=False)
    try:
        async with client(app) as http:
            alive = await http.get("/healthz")
            ready = await http.get("/readyz")
    finally:
        await app.close()

    assert alive.status_code == 200
    assert ready.status_code == 503 and ready.json() == {"ready": False, "reason": "the database cannot be reached"}
    assert PASSWORD not in ready.text and "127.0.0.1" not in ready.text and "dreambank" not in ready.text


async def test_a_database_that_does_not_answer_in_time_is_not_ready(tmp_path, silent_server, monkeypatch):
    monkeypatch.setattr(storage.readiness, "ANSWER_WITHIN", 0.3)
    url = f"postgresql+asyncpg://dreambank:{PASSWORD}@127.0.0.1:{silent_server}/dreambank"
    loop = asyncio.get_running_loop()
    started = loop.time()

    answer = await readiness(Settings(data_dir=tmp_path, database_url=url, secret=SECRET), migrate=False)

    assert answer.status_code == 503 and answer.json()["reason"] == "the database did not answer within 0.3 s"
    assert loop.time() - started < 5


async def test_a_database_behind_the_newest_migration_is_not_ready(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'behind.sqlite3'}"
    await upgrade(url, "0020_talk")

    answer = await readiness(Settings(data_dir=tmp_path, database_url=url, secret=SECRET), migrate=False)
    await upgrade(url)
    then = await readiness(Settings(data_dir=tmp_path, database_url=url, secret=SECRET), migrate=False)

    assert answer.status_code == 503
    assert answer.json()["reason"].startswith("the database's schema is at 0020_talk, not ")
    assert then.status_code == 200
