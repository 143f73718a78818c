"""Each test runs once on a fresh, migrated SQLite file and once on a clean PostgreSQL database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.database import make_engine, session_factory
from storage.migrate import upgrade
from storage.unit_of_work import SqlUnitOfWork
from tests.conftest import empty_postgres


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


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:
    if request.param == "postgres":
        return request.getfixturevalue("postgres_url")
    return f"sqlite+aiosqlite:///{tmp_path / 'data' / 'dreambank.sqlite'}"


@pytest.fixture
async def uow_factory(database_url: str) -> AsyncIterator[Database]:
    """A migrated, empty database; SQLite is migrated afresh, PostgreSQL is emptied before each test."""
    engine = make_engine(database_url)
    try:
        if engine.dialect.name == "sqlite":
            await upgrade(database_url)
        else:
            await empty_postgres(database_url)
        yield Database(database_url, engine, session_factory(engine))
    finally:
        await engine.dispose()
