"""Engines and sessions: SQLite tuned so writers queue up, PostgreSQL with a normal pool."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

BUSY_TIMEOUT_SECONDS = 30
#: a pooled PostgreSQL connection that rested longer than this is tried before it is used again
PING_AFTER_IDLE_SECONDS = 10.0


def make_engine(url: str | URL, *, foreign_keys: bool = True, ping_after_idle: float = PING_AFTER_IDLE_SECONDS,
                pool: int | None = None, **options: Any) -> AsyncEngine:
    """An engine for `sqlite+aiosqlite:///path` or `postgresql+asyncpg://...`; extra options go to SQLAlchemy.

    `foreign_keys=False` leaves SQLite's foreign key enforcement off, as schema changes need (see
    storage.migrate); PostgreSQL always enforces them. A PostgreSQL connection idle for `ping_after_idle`
    seconds is tried before use (see _ping_rested_connections). `pool` is how many PostgreSQL connections are kept
    for reuse (SQLAlchemy's pool_size; at a busy moment ten more are opened, and closed after it): a worker
    handling more updates at once than it keeps connections for would open and close one for each of the others,
    and prepare its statements again on it.
    """
    url = make_url(url)
    if url.get_backend_name() != "sqlite":
        if pool is not None and "poolclass" not in options:
            options.setdefault("pool_size", pool)
        engine = create_async_engine(url, **options)
        if not options.get("pool_pre_ping"):
            _ping_rested_connections(engine, ping_after_idle)
        return engine
    database = url.database or ""
    in_memory = database in ("", ":memory:") or url.query.get("mode") == "memory"
    if not in_memory and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    connect_args = dict(options.pop("connect_args", {}))
    # sqlite3 must not open transactions itself: the "begin" listener below does, as BEGIN IMMEDIATE
    connect_args.update(isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS)
    engine = create_async_engine(url, connect_args=connect_args, **options)
    _serialise_sqlite_writers(engine, wal=not in_memory, foreign_keys=foreign_keys)
    return engine


def _ping_rested_connections(engine: AsyncEngine, after: float) -> None:
    """A connection that rested in the pool for `after` seconds is tried before it is lent out, and replaced if
    the server has gone away meanwhile (restarted, or the connection timed out); one lent out again at once is
    not. SQLAlchemy's pool_pre_ping tries every one, and on asyncpg that is three round trips (BEGIN, a query,
    ROLLBACK) before each transaction; a connection that breaks while in use makes SQLAlchemy renew the whole
    pool anyway."""

    @event.listens_for(engine.sync_engine, "checkin")
    def _rested_from(_dbapi_connection: Any, record: Any) -> None:
        record.info["checked_in"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _tried(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("checked_in")
        if since is None or time.monotonic() - since < after:
            return
        try:
            dbapi_connection.ping()
        except Exception as trouble:  # whatever the driver raises, the pool takes a new connection
            raise DisconnectionError(f"a rested connection failed its ping: {trouble}") from trouble


def _serialise_sqlite_writers(engine: AsyncEngine, *, wal: bool, foreign_keys: bool) -> None:
    """Every transaction takes SQLite's write lock when it begins, so concurrent writers wait their turn.

    A deferred BEGIN lets two transactions read, then fails the second one's write with "database
    is locked" (the busy handler cannot help a reader that wants to become a writer). BEGIN
    IMMEDIATE takes the lock up front, so the busy timeout makes the others wait instead.
    SAVEPOINTs then nest inside that transaction as usual.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
            cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
            if wal:
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()
        # SQLite's own lower() leaves Æ, Ø and Å as they are; the bank's search folds case as PostgreSQL does
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _lower(text: str | None) -> str | None:
    return text.lower() if isinstance(text, str) else text


def without_transactions(engine: AsyncEngine) -> AsyncEngine:
    """The same engine and pool, each statement kept as it runs (PostgreSQL's autocommit): a write whose statements
    each stand alone spends no round trips on BEGIN and COMMIT. SQLite keeps its transactions (each takes the
    write lock once, at BEGIN IMMEDIATE), so there it is the engine as it is."""
    if engine.dialect.name == "sqlite":
        return engine
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def on_server(server: str | URL, sql: str) -> None:
    """One statement outside any transaction, on the server `server` names (creating or dropping a database)."""
    engine = create_async_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql(sql)
    finally:
        await engine.dispose()
