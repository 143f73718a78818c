"""Column types that keep values exact across SQLite and PostgreSQL: UTC times, money, JSON."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

CENT = Decimal("0.01")


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A timezone-aware moment, stored in UTC; naive values are refused, and read back aware."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"a naive datetime cannot be stored: {value!r}; use an aware UTC time")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        return None if value is None else in_utc(value)


def in_utc(value: datetime) -> datetime:
    """A stored moment read back aware, in UTC."""
    if value.tzinfo is None:  # SQLite keeps no offset; what it holds was written in UTC
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


class Money(sa.TypeDecorator[Decimal]):
    """An amount in whole cents, rounded half up the same way on every database."""

    impl = sa.Numeric(14, 2)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: sa.Dialect) -> Decimal | None:
        return None if value is None else Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> Decimal | None:
        return cents(value)


def cents(value: Any) -> Decimal | None:
    """An amount as stored (a number, or its text where SQLite or JSON gives one) in whole cents, as Money reads it."""
    return None if value is None else Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


#: JSON on SQLite, JSONB on PostgreSQL
JSON_DOCUMENT: sa.types.TypeEngine[Any] = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
