"""How many notices wait in the outbox, per platform: counted cheaply enough to be asked at every scrape."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from .tables import NoticeRow

#: the count stops here, so that reading the depth of a huge backlog reads at most this many index entries
COUNT_AT_MOST = 100_000
#: notices written one at a time wait without a platform: the first deliverer with a chat for them takes them
ANY = "any"
_PENDING = NoticeRow.status == "pending"


def _waiting_on(platform: str) -> sa.ColumnElement[bool]:
    """Pending notices of one label, each found through an index of pending notices: the partial index on
    (platform, id) for those a broadcast resolved, (status, via) for those to an address (email), the partial
    index of unresolved ones for the rest."""
    if platform == ANY:
        return sa.and_(_PENDING, NoticeRow.platform.is_(None), NoticeRow.via.is_(None))
    if platform == "email":
        return sa.and_(_PENDING, NoticeRow.via == platform)
    return sa.and_(_PENDING, NoticeRow.platform == platform)


async def pending_notices(engine: AsyncEngine, platforms: tuple[str, ...], at_most: int = COUNT_AT_MOST
                          ) -> dict[str, int]:
    """Pending notices for each of `platforms` (and ANY), each count stopping at `at_most`."""
    counts = {}
    async with engine.connect() as connection:
        for platform in (*platforms, ANY):
            capped = sa.select(NoticeRow.id).where(_waiting_on(platform)).limit(at_most).subquery()
            counts[platform] = int(await connection.scalar(sa.select(sa.func.count()).select_from(capped)) or 0)
    return counts
