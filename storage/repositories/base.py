"""What every repository shares: fresh reads, flushed inserts, whole-row updates, guarded inserts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select

from core.errors import Conflict

from ..tables import TableModel

Row = TypeVar("Row", bound=TableModel)
#: a row's columns by name; each feature's module maps its rows both ways, `to_x(row)` and `x_values(obj)`
Values = dict[str, Any]

_UNIQUE_SQLITE = {"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"}
#: statements built once per database kind (see Repository._kept)
_KEPT: dict[tuple[str, ...], Any] = {}


def is_unique_violation(error: IntegrityError) -> bool:
    """True when the database refused a row because a unique key was taken (not for, say, a missing parent)."""
    orig = error.orig
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if code:
        return code == "23505"
    name = getattr(orig, "sqlite_errorname", None)
    if name:
        return name in _UNIQUE_SQLITE
    text = str(orig).lower()
    return "unique constraint" in text or "duplicate key" in text


class Repository:
    """Reads always refresh rows from the database; nothing here commits."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _first(self, statement: Select[Any]) -> Any:
        result = await self.session.scalars(statement.limit(1).execution_options(populate_existing=True))
        return result.first()

    async def _all(self, statement: Select[Any]) -> list[Any]:
        result = await self.session.scalars(statement.execution_options(populate_existing=True))
        return list(result.all())

    async def _where(self, row: type[TableModel], column: str, value: Any, *order: Any, first: bool = False,
                     for_update: bool = False) -> Any:
        """The rows whose `column` is `value`, in `order`, fresh from the database (only the first, or None, with
        `first`); for the reads a chat update makes, whose statement is kept (see _kept)."""
        def build(_insert: Any) -> Any:
            statement = sa.select(row).where(getattr(row, column) == sa.bindparam("value")).order_by(*order)
            statement = statement.limit(1) if first else statement
            statement = statement.with_for_update() if for_update else statement
            return statement.execution_options(populate_existing=True)

        name = ("where", row.__tablename__, column, *(str(o) for o in order), str(first), str(for_update))
        found = await self.session.scalars(self._kept(name, build), dict(value=value))
        return found.first() if first else list(found.all())

    async def _insert(self, row: Row) -> Row:
        """Add and flush, so the row has its id."""
        self.session.add(row)
        await self.session.flush()
        return row

    async def _insert_unique(self, row: Row, what: str) -> Row:
        """Insert inside a SAVEPOINT: a taken unique key raises Conflict and leaves the transaction usable."""
        try:
            async with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError as error:
            if not is_unique_violation(error):
                raise
            raise Conflict(what) from error
        return row

    async def _insert_new(self, table: type[TableModel], values: dict[str, Any], keys: list[str]) -> bool:
        """Insert unless a row with these unique keys exists; False then.

        ON CONFLICT DO NOTHING rather than catching the error: the transaction stays usable on both
        databases, and on PostgreSQL a concurrent insert of the same key waits for the other
        transaction and then does nothing, so exactly one of them gets True.
        """
        def build(insert: Any) -> Any:
            columns = table.__table__.c  # type: ignore[attr-defined]
            return (insert(table.__table__).on_conflict_do_nothing(index_elements=keys)  # type: ignore[attr-defined]
                    .returning(*(columns[key] for key in keys)))

        statement = self._kept(("insert new", table.__tablename__, *keys), build)
        return (await self.session.execute(statement, values)).first() is not None

    async def _upsert(self, table: type[TableModel], values: dict[str, Any], keys: list[str]) -> None:
        """Insert, or replace every other column of the row with these unique keys, in one statement."""
        statement = self._dialect_insert(table).values(**values)
        changed = {name: statement.excluded[name] for name in values if name not in keys}
        await self.session.execute(statement.on_conflict_do_update(index_elements=keys, set_=changed))

    def _dialect_insert(self, table: type[TableModel]) -> Any:
        """The INSERT that knows ON CONFLICT: both SQLite and PostgreSQL have one, each its own."""
        return self._insert_for()(table)

    def _insert_for(self) -> Any:
        dialect = self.session.get_bind().dialect.name
        return postgresql.insert if dialect == "postgresql" else sqlite.insert

    def _kept(self, name: tuple[str, ...], build: Callable[[Any], Any]) -> Any:
        """The statement `name`, built once per database kind and kept; the values it needs are bound parameters,
        given when it runs.

        Building a statement costs SQLAlchemy more than sending it (its parts are checked and its cache key
        computed each time), and the statements every chat update sends are the same each time. `build` is given
        this database's INSERT that knows ON CONFLICT (see _dialect_insert), for the statements that need it; an
        INSERT made on a table itself (`Row.__table__`) runs without the ORM's bookkeeping.
        """
        insert = self._insert_for()
        key = (insert.__module__, *name)
        statement = _KEPT.get(key)
        if statement is None:
            statement = _KEPT[key] = build(insert)
        return statement

    async def _update(self, table: type[TableModel], row_id: int | None, values: dict[str, Any]) -> None:
        if row_id is None:
            raise ValueError(f"cannot save to {table.__tablename__} without an id: add it first")
        column: Any = table.id  # type: ignore[attr-defined]
        statement = sa.update(table).where(column == row_id).values(**values)
        result = await self.session.execute(statement.execution_options(synchronize_session=False))
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise LookupError(f"no row {row_id} in {table.__tablename__}")

    async def _delete(self, table: type[TableModel], *conditions: Any) -> int:
        statement = sa.delete(table).where(*conditions).execution_options(synchronize_session=False)
        result = await self.session.execute(statement)
        return int(result.rowcount)  # type: ignore[attr-defined]


def distinct(names: list[str]) -> list[str]:
    """Each competence once, in the order first given (a unique key holds one per pådriver or call)."""
    return list(dict.fromkeys(names))
