"""What storage round trips share: the check that a time came back in UTC, and the mark for tests that need
PostgreSQL's row locks."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

#: a test that needs row locks runs on PostgreSQL only: SQLite's writers take turns on the whole file
ON_POSTGRES = pytest.mark.parametrize("database_url", [pytest.param("postgres", marks=pytest.mark.postgres)],
                                      indirect=True)


def is_utc(moment: datetime | None) -> bool:
    return moment is not None and moment.tzinfo is not None and moment.utcoffset() == timedelta(0)
