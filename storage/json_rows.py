"""Many rows carried in one column: a correlated subquery's rows as a JSON array of arrays, on either database, so
that a read of one thing brings its lists along in the same statement."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from .types import in_utc


def json_rows(dialect: str, *columns: Any) -> Any:
    """The aggregate that gathers `columns` of each row into one JSON array (NULL when there is no row). Money and
    numbers that must stay exact are best cast to text by the caller; times come back as ISO 8601 text."""
    if dialect == "postgresql":
        return sa.func.json_agg(sa.func.json_build_array(*columns))
    return sa.func.json_group_array(sa.func.json_array(*columns))


def rows_of(value: Any) -> list[list[Any]]:
    """The rows `json_rows` gathered: the driver gives JSON text (SQLite) or, for a `json` column, text or the
    decoded list (PostgreSQL); NULL, where there was no row, is none."""
    if value is None:
        return []
    return json.loads(value) if isinstance(value, str | bytes) else list(value)


def moment(value: str) -> datetime:
    """A stored time read out of JSON: PostgreSQL writes it with its offset, SQLite without one (it holds UTC)."""
    return in_utc(datetime.fromisoformat(value))

