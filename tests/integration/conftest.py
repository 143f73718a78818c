"""Each test runs on a fresh, migrated SQLite file and a clean PostgreSQL database; round trips on the fakes too."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.database import make_engine, session_factory
from storage.migrate import upgrade
from storage.unit_of_work import SqlUnitOfWork
from tests.conftest import empty_postgres
from tests.fakes import FakeDatabase

IN_MEMORY = "memory"
SQL_DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "in_memory_too: run on the in-memory fakes as well as on both databases")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Choose the stores a test using `database_url` runs on, unless it parametrizes them itself (ON_POSTGRES).

    A test marked `in_memory_too` (the round trips) runs on the in-memory fakes of tests/fakes as well, so that
    the fakes the unit tests lean on keep the promises storage keeps.
    """
    if "database_url" not in metafunc.fixturenames:
        return
    for mark in metafunc.definition.iter_markers("parametrize"):
        names = mark.args[0] if mark.args else mark.kwargs.get("argnames", ())
        if "database_url" in ([n.strip() for n in names.split(",")] if isinstance(names, str) else names):
            return
    memory = [IN_MEMORY] if metafunc.definition.get_closest_marker("in_memory_too") else []
    metafunc.parametrize("database_url", [*memory, *SQL_DATABASES], indirect=True)


@dataclass
class Database:
    """A migrated database: call it for a new unit of work."""

    url: str
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.sessions)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:
    if request.param == "postgres":
        return request.getfixturevalue("postgres_url")
    if request.param == IN_MEMORY:
        return IN_MEMORY
    return f"sqlite+aiosqlite:///{tmp_path / 'data' / 'dreambank.sqlite'}"


@pytest.fixture
async def uow_factory(database_url: str) -> AsyncIterator[Database | FakeDatabase]:
    """A migrated, empty database (SQLite is migrated afresh, PostgreSQL is emptied before each test), or the
    fakes' empty store."""
    if database_url == IN_MEMORY:
        yield FakeDatabase()
        return
    engine = make_engine(database_url)
    try:
        if engine.dialect.name == "sqlite":
            await upgrade(database_url)
        else:
            await empty_postgres(database_url)
        yield Database(database_url, engine, session_factory(engine))
    finally:
        await engine.dispose()
