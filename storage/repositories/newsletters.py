"""Newsletters: written now, sent now or at a set time by whichever process claims them first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

import sqlalchemy as sa

from core.model.newsletters import Newsletter, NewsletterStatus

from ..mapping import newsletter_values, to_newsletter
from ..tables import NewsletterRow
from .base import Repository


class SqlNewsletters(Repository):
    async def add(self, newsletter: Newsletter) -> Newsletter:
        row = await self._insert(NewsletterRow(**newsletter_values(newsletter)))
        return replace(newsletter, id=row.id)

    async def get(self, newsletter_id: int) -> Newsletter | None:
        row = await self._first(sa.select(NewsletterRow).where(NewsletterRow.id == newsletter_id))
        return to_newsletter(row) if row else None

    async def save(self, newsletter: Newsletter) -> None:
        await self._update(NewsletterRow, newsletter.id, newsletter_values(newsletter))

    async def due(self, now: datetime, limit: int = 20) -> Sequence[Newsletter]:
        """Scheduled ones whose time has come (one without a time is due at once), oldest first, locked."""
        rows = await self._all(
            sa.select(NewsletterRow)
            .where(NewsletterRow.status == NewsletterStatus.SCHEDULED.value,
                   sa.or_(NewsletterRow.send_at.is_(None), NewsletterRow.send_at <= now))
            .order_by(sa.func.coalesce(NewsletterRow.send_at, NewsletterRow.created_at), NewsletterRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True))
        return [to_newsletter(r) for r in rows]

    async def recent(self, branch_id: int, limit: int = 10) -> Sequence[Newsletter]:
        rows = await self._all(sa.select(NewsletterRow).where(NewsletterRow.branch_id == branch_id)
                               .order_by(NewsletterRow.created_at.desc(), NewsletterRow.id.desc()).limit(limit))
        return [to_newsletter(r) for r in rows]
