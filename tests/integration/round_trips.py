"""What storage round trips share: the check that a time came back in UTC, and the marks for tests that need
PostgreSQL's row locks or a real database."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

#: a test that needs row locks runs on PostgreSQL only: SQLite's writers take turns on the whole file
ON_POSTGRES = pytest.mark.parametrize("database_url", [pytest.param("postgres", marks=pytest.mark.postgres)],
                                      indirect=True)
#: a round trip that reads or writes tables itself runs on both databases, not on the in-memory fakes
ON_SQL = pytest.mark.parametrize("database_url", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
                                 indirect=True)


def is_utc(moment: datetime | None) -> bool:
    return moment is not None and moment.tzinfo is not None and moment.utcoffset() == timedelta(0)
