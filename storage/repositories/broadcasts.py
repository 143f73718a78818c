"""Broadcasts: one notice (and an email copy) for each recipient of an audience (written in storage/audiences.py),
fanned out in SQL chunk by chunk, so no recipient is held in memory; how far a broadcast got and where it goes out.
Its notices are then the outbox's to deliver."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm

from core.model.notices import Broadcast, NoticeKind, NoticeStatus, Progress, Recipients
from core.model.preferences import MailTopic

from ..audiences import chat_of, recipients_of, wants_email
from ..tables import BroadcastRow, IdentityRow, MemberPreferencesRow, MemberRow, NoticeRow
from ..types import JSON_DOCUMENT, UTCDateTime
from .base import Repository
from .outbox import MEMBER, PENDING, SENDING

EMAIL = "email"
FAN_OUT_CHUNK = 10_000


class SqlBroadcasts(Repository):
    #: whether this unit of work has written a broadcast's notices (see SqlOutbox.written)
    written = False

    #: recipients whose notices one transaction writes: a chunk holds SQLite's write lock well under a second
    fan_out_chunk = FAN_OUT_CHUNK

    async def add(self, broadcast: Broadcast, by_email: MailTopic | None = None) -> Broadcast:
        row = await self._insert(BroadcastRow(
            branch_id=broadcast.branch_id, kind=NoticeKind(broadcast.kind).value, params=dict(broadcast.params),
            audience=broadcast.recipients.describe(), created_at=broadcast.created_at,
            created_by=broadcast.created_by, total=0, fan_out_after=0,
            email_topic=MailTopic(by_email).value if by_email is not None else None))
        written, after = await self._fan_out_chunk(row, 0)
        # a bigger audience is counted now (its progress needs the whole), and written chunk by chunk later
        total = written if after is None else await self._audience_size(row)
        await self.session.execute(sa.update(BroadcastRow).where(BroadcastRow.id == row.id)
                                   .values(total=total, fan_out_after=after))
        broadcast.id, broadcast.total = row.id, total
        return broadcast

    async def fan_out_more(self) -> int:
        """The oldest unfinished broadcast, locked (another process skips it), gets its next chunk."""
        row = (await self.session.scalars(
            sa.select(BroadcastRow).where(BroadcastRow.fan_out_after.is_not(None)).order_by(BroadcastRow.id)
            .limit(1).with_for_update(skip_locked=True))).first()
        if row is None:
            return 0
        written, after = await self._fan_out_chunk(row, row.fan_out_after or 0)
        finished = {} if after is not None else {"total": sa.select(sa.func.count()).where(
            NoticeRow.broadcast_id == row.id).scalar_subquery()}  # exact, now that every notice is written
        await self.session.execute(sa.update(BroadcastRow).where(BroadcastRow.id == row.id)
                                   .values(fan_out_after=after, **finished))
        return max(written, 1)  # a chunk whose members all left since still moved the broadcast on

    async def _fan_out_chunk(self, row: BroadcastRow, after: int) -> tuple[int, int | None]:
        """A notice (and an email copy) for each of the next `fan_out_chunk` members of the audience after member id
        `after`: how many were written, and the member id the next chunk starts after (None: this was the last)."""
        audience = recipients_of(row.branch_id, Recipients.parse(row.audience))
        window = (sa.select(audience.c.id).where(audience.c.id > after).order_by(audience.c.id)
                  .limit(self.fan_out_chunk).subquery())
        count, upto = (await self.session.execute(
            sa.select(sa.func.count(), sa.func.max(window.c.id)).select_from(window))).one()
        last = count < self.fan_out_chunk
        chosen = sa.select(audience.c.id).where(audience.c.id > after)
        if not last:
            chosen = chosen.where(audience.c.id <= upto)
        members = chosen.subquery()
        broadcast = Broadcast(row.branch_id, NoticeKind(row.kind), dict(row.params), Recipients.parse(row.audience),
                              row.created_at)
        recipient = sa.orm.aliased(MemberRow, name="recipient")  # for the platform each recipient chose
        chat = (sa.select(members.c.id, sa.null(), chat_of(members.c.id, IdentityRow.platform, recipient.notify_on),
                          chat_of(members.c.id, IdentityRow.external_id, recipient.notify_on))
                .join_from(members, recipient, recipient.id == members.c.id))
        written = await self._fan_out(broadcast, row.id, chat, None)
        if row.email_topic is not None:
            by_mail = (sa.select(members.c.id, MemberPreferencesRow.email, sa.null(), sa.null())
                       .join(MemberPreferencesRow, MemberPreferencesRow.member_id == members.c.id)
                       .where(wants_email(MailTopic(row.email_topic))))
            written += await self._fan_out(broadcast, row.id, by_mail, EMAIL)
        return written, None if last else int(upto)

    async def _audience_size(self, row: BroadcastRow) -> int:
        """How many notices the broadcast's whole audience gets: one each, and the email copies."""
        members = recipients_of(row.branch_id, Recipients.parse(row.audience))
        size = int(await self.session.scalar(sa.select(sa.func.count()).select_from(members)) or 0)
        if row.email_topic is not None:
            size += int(await self.session.scalar(
                sa.select(sa.func.count()).select_from(members)
                .join(MemberPreferencesRow, MemberPreferencesRow.member_id == members.c.id)
                .where(wants_email(MailTopic(row.email_topic)))) or 0)
        return size

    async def _fan_out(self, broadcast: Broadcast, broadcast_id: int, chosen: sa.Select[Any], via: str | None
                       ) -> int:
        """One INSERT … SELECT: a notice per row of `chosen` (a member id, an address or NULL, and the platform and
        chat delivering it or NULLs), so no recipient is ever held in memory. How many were written."""
        fan_out = sa.insert(NoticeRow).from_select(
            ["member_id", "address", "platform", "chat_id", "via", "branch_id", "kind", "params", "created_at",
             "status", "audience", "topic", "attempts", "broadcast_id"],
            chosen.add_columns(
                sa.literal(via) if via is not None else sa.null(), sa.literal(broadcast.branch_id),
                sa.literal(NoticeKind(broadcast.kind).value), sa.literal(dict(broadcast.params), JSON_DOCUMENT),
                sa.literal(broadcast.created_at, UTCDateTime), sa.literal(PENDING), sa.literal(MEMBER),
                sa.literal(""), sa.literal(0), sa.literal(broadcast_id)))
        result = await self.session.execute(fan_out)
        written = int(result.rowcount or 0)  # type: ignore[attr-defined]
        self.written = self.written or written > 0
        return written

    async def recent(self, limit: int = 20) -> Sequence[Broadcast]:
        rows = await self._all(sa.select(BroadcastRow).order_by(BroadcastRow.id.desc()).limit(limit))
        return [Broadcast(r.branch_id, NoticeKind(r.kind), dict(r.params), Recipients.parse(r.audience), r.created_at,
                          r.created_by, r.total, r.id) for r in rows]

    async def progress(self, broadcast_id: int, platform: str | None = None) -> Progress:
        # the broadcast first: when it says every notice is written, they were all committed before it said so
        fanned = (await self.session.execute(
            sa.select(BroadcastRow.total, BroadcastRow.fan_out_after).where(BroadcastRow.id == broadcast_id))).first()
        chosen = NoticeRow.broadcast_id == broadcast_id
        if platform is not None:
            chosen = sa.and_(chosen, sa.func.coalesce(NoticeRow.via, NoticeRow.platform) == platform)
        rows = (await self.session.execute(
            sa.select(NoticeRow.status, sa.func.count(), sa.func.min(NoticeRow.sent_at), sa.func.max(NoticeRow.sent_at))
            .where(chosen).group_by(NoticeRow.status))).all()
        counts = {status: int(n) for status, n, _first, _last in rows}
        finished = [(first, last) for status, _n, first, last in rows
                    if status in (NoticeStatus.SENT.value, NoticeStatus.FAILED.value) and first is not None]
        sent = counts.get(NoticeStatus.SENT.value, 0)
        failed = counts.get(NoticeStatus.FAILED.value, 0)
        unwritten = 0  # notices of a broadcast still being fanned out that are not written yet wait too
        if fanned is not None and fanned.fan_out_after is not None:
            written = await self.session.scalar(sa.select(sa.func.count()).where(
                NoticeRow.broadcast_id == broadcast_id))
            unwritten = max(int(fanned.total) - int(written or 0), 0)
        return Progress(sum(counts.values()) + unwritten, sent, failed,
                        counts.get(PENDING, 0) + counts.get(SENDING, 0) + unwritten,
                        min((f for f, _l in finished), default=None), max((la for _f, la in finished), default=None))

    async def reach(self, broadcast_id: int) -> dict[str | None, int]:
        rows = (await self.session.execute(
            sa.select(sa.func.coalesce(NoticeRow.via, NoticeRow.platform), sa.func.count())
            .where(NoticeRow.broadcast_id == broadcast_id)
            .group_by(sa.func.coalesce(NoticeRow.via, NoticeRow.platform)))).all()
        return {platform: int(n) for platform, n in rows}

