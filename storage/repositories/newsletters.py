"""Newsletters: written now, sent now or at a set time by whichever process claims them first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

import sqlalchemy as sa

from core.model.newsletters import Newsletter, NewsletterStatus
from core.model.notices import Recipients

from ..tables import NewsletterRow
from .base import Repository, Values


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


def newsletter_values(n: Newsletter) -> Values:
    return dict(branch_id=n.branch_id, author_id=n.author_id, text=n.text, recipients=n.recipients.describe(),
                image=dict(n.image), created_at=n.created_at, send_at=n.send_at,
                status=NewsletterStatus(n.status).value, broadcast_id=n.broadcast_id)


def to_newsletter(r: NewsletterRow) -> Newsletter:
    return Newsletter(r.branch_id, r.author_id, r.text, Recipients.parse(r.recipients), r.created_at, dict(r.image),
                      r.send_at, NewsletterStatus(r.status), r.broadcast_id, r.id)
