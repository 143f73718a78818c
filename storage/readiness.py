"""Whether the database can serve this process: it answers quickly, and its schema is the code's newest."""

from __future__ import annotations

import asyncio
import logging
from functools import lru_cache

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from .migrate import head

log = logging.getLogger(__name__)
#: how long the database may take to answer before the process is said not to be ready
ANSWER_WITHIN = 2.0


@lru_cache(maxsize=1)
def _newest() -> str:
    return head()  # read from the migration scripts once: they do not change while the process runs


async def not_ready(engine: AsyncEngine, within: float | None = None) -> str | None:
    """None when the database answers within `within` seconds and is at the newest migration; else a short reason
    fit to show anyone (no address, no user, no error text: those go to the log, through its filter).

    One statement on a pooled connection: reading the schema's revision is the question whether it answers."""
    within = ANSWER_WITHIN if within is None else within
    try:
        async with asyncio.timeout(within):
            async with engine.connect() as connection:
                revision = (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalar()
    except TimeoutError:
        log.warning("the database did not answer within %.1f s", within)
        return f"the database did not answer within {within:g} s"
    except Exception as trouble:  # whatever the driver raises: refused, unknown host, no such table
        log.warning("the database cannot be reached or read: %s", trouble)
        return "the database cannot be reached"
    if revision != _newest():
        return f"the database's schema is at {revision or 'no revision'}, not {_newest()}"
    return None
