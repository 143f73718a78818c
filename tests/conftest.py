"""Fixtures every layer of tests shares: the PostgreSQL database of this test session, the database a deployment
under test is given, and the check that no stand-in crashed serving a test."""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from storage.database import on_server
from storage.migrate import upgrade
from storage.tables import ALL_TABLES
from tests.standins.telegram import BotApiStandIn

POSTGRES_URL_VARIABLE = "DREAMBANK_TEST_POSTGRES_URL"

T = TypeVar("T")


@pytest.fixture(autouse=True)
def stand_ins_did_not_crash() -> Iterator[None]:
    """A fault inside a Bot API stand-in fails the test that caused it, even if the test never stopped it
    (a stopped stand-in raises StandInCrashed itself)."""
    yield
    for api in BotApiStandIn.running():
        api.check_crashes()


def _run_apart(work: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine to the end on its own loop in another thread (for session-wide set-up)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(work())).result()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A uniquely named PostgreSQL database for this test session, migrated once and dropped at the end."""
    given = os.environ.get(POSTGRES_URL_VARIABLE)
    if not given:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{POSTGRES_URL_VARIABLE} is not set: under CI the PostgreSQL tests must run")
        pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set")
    server = make_url(given)
    name = f"dreambank_test_{os.getpid()}_{secrets.token_hex(4)}"

    _run_apart(lambda: on_server(server, f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    try:
        _run_apart(lambda: upgrade(url))
        yield url
    finally:
        _run_apart(lambda: on_server(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def empty_postgres(url: str) -> None:
    """Remove every row, so a test starts from a migrated, empty PostgreSQL database."""
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.begin() as connection:
            tables = ", ".join(f'"{name}"' for name in ALL_TABLES)
            await connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    finally:
        await engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def deployment_database(request: pytest.FixtureRequest) -> str | None:
    """The database a deployment built as `dreambank run` builds it is given, once on each: None for its own SQLite
    file in its data folder, or this session's PostgreSQL database emptied of every row."""
    if request.param == "sqlite":
        return None
    url = request.getfixturevalue("postgres_url")
    _run_apart(lambda: empty_postgres(url))
    return url
