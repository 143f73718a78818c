"""Alembic's environment: runs on the connection storage.migrate hands over, or opens its own."""

from __future__ import annotations

import asyncio
from typing import Any

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from storage.database import make_engine
from storage.migrate import check_sqlite_foreign_keys
from storage.tables import metadata
from storage.tables.dreams import TRIGRAM_INDEXES
from storage.types import Money, UTCDateTime

config = context.config


def render_item(kind: str, obj: Any, autogen_context: Any) -> str | bool:
    """Write storage's own column types as plain SQLAlchemy ones, so migrations never import storage."""
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if kind == "type" and isinstance(obj, Money):
        return "sa.Numeric(precision=14, scale=2)"
    return False


def include_object(obj: Any, name: str | None, kind: str, reflected: bool, compare_to: Any) -> bool:
    """Autogenerate leaves alone the search's trigram indexes, which only a migration makes where PostgreSQL can."""
    return not (kind == "index" and name in TRIGRAM_INDEXES)


def run_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=metadata,
                      literal_binds=True, dialect_opts={"paramstyle": "named"}, render_item=render_item,
                      include_object=include_object)
    with context.begin_transaction():
        context.run_migrations()


def run_on(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, compare_type=True,
                      render_item=render_item, render_as_batch=connection.dialect.name == "sqlite",
                      include_object=include_object)
    with context.begin_transaction():
        context.run_migrations()


async def run_online(url: str) -> None:
    engine = make_engine(url, poolclass=NullPool, foreign_keys=False)  # as storage.migrate.upgrade does
    try:
        async with engine.begin() as connection:
            await connection.run_sync(run_on)
            if connection.dialect.name == "sqlite":
                await check_sqlite_foreign_keys(connection)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    run_offline()
elif (given := config.attributes.get("connection")) is not None:
    run_on(given)
else:
    asyncio.run(run_online(config.get_main_option("sqlalchemy.url") or ""))
