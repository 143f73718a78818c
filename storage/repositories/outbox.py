"""The outbox: notices waiting, claimed for sending, sent or failed, whether written one at a time or by a
broadcast's fan-out (storage/repositories/broadcasts.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm

from core.model.notices import SECRET_KINDS, Audience, Delivery, Notice, NoticeKind, NoticeStatus

from ..tables import BranchRow, ChatLinkRow, IdentityRow, MemberRow, NoticeRow
from ..types import JSON_DOCUMENT
from .base import Repository, Values

PENDING, SENDING = NoticeStatus.PENDING.value, NoticeStatus.SENDING.value
MEMBER = Audience.MEMBER.value
#: a notice that goes to whichever chat platform takes it (not one meant for a single platform and address)
IN_CHAT = NoticeRow.via.is_(None)


class SqlOutbox(Repository):
    #: whether this unit of work has written a notice (the unit of work tells the deliverers when it commits)
    written = False

    async def put(self, notice: Notice) -> None:
        """Stage the notice with the change causing it; its id is set on the notice."""
        row = await self._insert(NoticeRow(**notice_values(notice)))
        notice.id = row.id
        self.written = True

    async def put_many(self, notices: Sequence[Notice]) -> None:
        """Notices that differ only in their member (a digest that many get alike) go in one INSERT … SELECT for
        each shared content, which is sent and parsed once, not once a member; the rest in one executemany. They
        are written in no particular order, so they are notices that need none among themselves (a digest each)."""
        alike: dict[tuple[Any, ...], list[int]] = {}
        content: dict[tuple[Any, ...], Values] = {}
        for notice in notices:
            values = notice_values(notice)
            shared = tuple(sorted((k, v) for k, v in values.items() if k not in ("member_id", "params")))
            key = (id(notice.params), shared)
            alike.setdefault(key, []).append(notice.member_id)  # type: ignore[arg-type]
            content.setdefault(key, values)
        one_by_one = []
        for key, member_ids in alike.items():
            values = content[key]
            if len(set(member_ids)) < max(len(member_ids), 2) or None in member_ids:
                one_by_one += [dict(values, member_id=member_id) for member_id in member_ids]
            else:
                await self._put_alike(values, member_ids)
        if one_by_one:
            await self.session.execute(sa.insert(NoticeRow.__table__), one_by_one)
        self.written = self.written or bool(notices)

    async def _put_alike(self, values: Values, member_ids: list[int]) -> None:
        columns = NoticeRow.__table__.c  # type: ignore[attr-defined]
        names = [name for name, value in values.items() if name != "member_id" and value is not None]
        chosen = sa.select(MemberRow.id, *(sa.literal(values[name], columns[name].type) for name in names)) \
            .where(MemberRow.id.in_(member_ids))
        await self.session.execute(sa.insert(NoticeRow).from_select(["member_id", *names], chosen))

    async def pending_for(self, member_id: int, limit: int = 50) -> Sequence[Notice]:
        """What the member's chat would show: notices meant for one platform's address (email) are not."""
        rows = await self._all(
            sa.select(NoticeRow)
            .where(NoticeRow.status == PENDING, NoticeRow.member_id == member_id, IN_CHAT)
            .order_by(NoticeRow.created_at, NoticeRow.id).limit(limit))
        return [to_notice(r) for r in rows]

    async def pending_on(self, platform: str, limit: int = 100) -> Sequence[Delivery]:
        """Members' notices go to their reachable identity there; branch posts to the linked chat; notices
        meant for this platform to their address."""
        return await self._deliveries(platform, NoticeRow.status == PENDING, limit)

    async def in_flight(self, platform: str) -> Sequence[Delivery]:
        """Claimed there and never recorded; one whose chat cannot be found any more goes back to waiting."""
        ids = list((await self.session.scalars(
            sa.select(NoticeRow.id).where(NoticeRow.status == SENDING, NoticeRow.channel == platform)
            .order_by(NoticeRow.id))).all())
        if not ids:
            return []
        found = await self._claimed(platform, ids)
        await self._unresolve(set(ids) - {d.notice.id for d in found})
        return found

    async def claim(self, platform: str, limit: int, now: datetime) -> Sequence[Delivery]:
        """The oldest due notices there, whether to a chat or to an address on this platform.

        Each kind is looked for on its own: notices whose platform was resolved when a broadcast fanned
        out walk the partial index on (platform, id) with no join, so a backlog of thousands costs a
        claim no more than a few; the few written one at a time are matched to a chat at the claim;
        the index on (status, via) finds the addressed ones.
        """
        ids = await self._claimable(_addressed_on(platform), limit, now)
        ids += await self._claimable(NoticeRow.platform == platform, limit, now)
        if await self._has_chats(platform):
            ids += await self._claimable(_unresolved_on(platform), limit, now)
        ids = sorted(ids)[:limit]
        if not ids:
            return []
        await self.session.execute(
            sa.update(NoticeRow).where(NoticeRow.id.in_(ids))
            .values(status=SENDING, claimed_at=now, started_at=None, channel=platform,
                    attempts=NoticeRow.attempts + 1)
            .execution_options(synchronize_session=False))
        found = await self._claimed(platform, ids)
        await self._unresolve(set(ids) - {d.notice.id for d in found})
        return found

    async def mark_started(self, notice_ids: Sequence[int], at: datetime) -> None:
        if notice_ids:
            await self.session.execute(
                sa.update(NoticeRow).where(NoticeRow.id.in_(list(notice_ids))).values(started_at=at)
                .execution_options(synchronize_session=False))

    async def release(self, notice_ids: Sequence[int]) -> None:
        if notice_ids:
            await self.session.execute(
                sa.update(NoticeRow).where(NoticeRow.id.in_(list(notice_ids)), NoticeRow.status == SENDING)
                .values(status=PENDING, attempts=NoticeRow.attempts - 1)
                .execution_options(synchronize_session=False))

    async def _claimed(self, platform: str, ids: list[int]) -> list[Delivery]:
        """The claimed notices with their chat and language, by key look-ups only: a join here lets a planner with
        stale statistics (right after a broadcast fans out) scan every identity on the platform for each claim."""
        rows = await self._all(sa.select(NoticeRow).where(NoticeRow.id.in_(ids)).order_by(NoticeRow.id))
        resolved = {r.id: r.chat_id for r in rows if r.platform == platform and r.chat_id is not None}
        member_ids = {r.member_id for r in rows if r.member_id is not None and r.id not in resolved}
        languages = dict((await self.session.execute(
            sa.select(MemberRow.id, MemberRow.language)
            .where(MemberRow.id.in_({r.member_id for r in rows if r.member_id is not None})))).all())
        branch_ids = {r.branch_id for r in rows}
        chats: dict[int, str] = {}
        if member_ids:
            found = await self.session.execute(
                sa.select(IdentityRow.member_id, IdentityRow.platform, IdentityRow.reachable, IdentityRow.external_id)
                .where(IdentityRow.member_id.in_(member_ids)).order_by(IdentityRow.id))
            for member_id, there, reachable, external_id in found.all():
                if there == platform and reachable:
                    chats.setdefault(member_id, external_id)
        branch_languages = dict((await self.session.execute(
            sa.select(BranchRow.id, BranchRow.language).where(BranchRow.id.in_(branch_ids)))).all())
        links = {(b, purpose): chat_id for b, purpose, chat_id in (await self.session.execute(
            sa.select(ChatLinkRow.branch_id, ChatLinkRow.purpose, ChatLinkRow.chat_id)
            .where(ChatLinkRow.branch_id.in_(branch_ids), ChatLinkRow.platform == platform))).all()}
        deliveries = []
        for r in rows:
            if r.via is not None:
                chat_id = r.address if r.via == platform else None
            elif r.id in resolved:  # when the chat has gone since, the platform says so at the send
                chat_id = resolved[r.id]
            elif r.audience == MEMBER:
                chat_id = chats.get(r.member_id) if r.member_id is not None else None
            else:
                chat_id = links.get((r.branch_id, r.audience))
            if chat_id is not None:
                language = (languages.get(r.member_id) if r.member_id is not None else None) \
                    or branch_languages[r.branch_id]
                deliveries.append(Delivery(to_notice(r), str(chat_id), language))
        return deliveries

    async def _unresolve(self, ids: set[int]) -> None:
        """Notices resolved at fan-out whose chat there is gone since (the member blocked the bot, say) go back
        to pending, to be matched to a chat at each claim like a notice written on its own. A post written for
        one platform's copy of a branch's chat, where that chat is no longer linked, has nowhere to go: the
        branch's other platforms have copies of their own, so it is dropped (superseded)."""
        if not ids:
            return
        chosen = NoticeRow.id.in_(list(ids))
        copy_for_a_chat = sa.and_(NoticeRow.audience != MEMBER, NoticeRow.platform.is_not(None))
        await self.session.execute(
            sa.update(NoticeRow).where(chosen, copy_for_a_chat)
            .values(status=NoticeStatus.SUPERSEDED.value, attempts=NoticeRow.attempts - 1, **_done_with())
            .execution_options(synchronize_session=False))
        await self.session.execute(
            sa.update(NoticeRow).where(chosen, sa.not_(copy_for_a_chat))
            .values(status=PENDING, platform=None, channel=None, attempts=NoticeRow.attempts - 1)
            .execution_options(synchronize_session=False))

    async def _claimable(self, there: sa.ColumnElement[bool], limit: int, now: datetime) -> list[int]:
        """Ids of due pending notices, oldest first, locked; rows another process holds are skipped."""
        due = sa.or_(NoticeRow.next_attempt_at.is_(None), NoticeRow.next_attempt_at <= now)
        return list((await self.session.scalars(
            sa.select(NoticeRow.id).where(NoticeRow.status == PENDING, due, there)
            .order_by(NoticeRow.id).limit(limit).with_for_update(skip_locked=True))).all())

    async def _has_chats(self, platform: str) -> bool:
        """Whether anyone or any branch chat is on the platform (never for email): two index look-ups."""
        identities = sa.exists().where(IdentityRow.platform == platform)
        links = sa.exists().where(ChatLinkRow.platform == platform)
        return bool(await self.session.scalar(sa.select(sa.or_(identities, links))))

    async def _deliveries(self, platform: str, condition: sa.ColumnElement[bool], limit: int | None
                          ) -> Sequence[Delivery]:
        to_members = (
            sa.select(NoticeRow, IdentityRow.external_id.label("chat_id"),
                      sa.func.coalesce(MemberRow.language, BranchRow.language).label("language"))
            .join(IdentityRow, IdentityRow.member_id == NoticeRow.member_id)
            .join(MemberRow, MemberRow.id == NoticeRow.member_id)
            .join(BranchRow, BranchRow.id == NoticeRow.branch_id)
            .where(condition, IN_CHAT, NoticeRow.audience == MEMBER, IdentityRow.platform == platform,
                   IdentityRow.reachable.is_(True), _here_or_anywhere(platform),
                   sa.or_(NoticeRow.platform.is_not(None), sa.not_(_chosen_elsewhere(platform)))))
        to_chats = (
            sa.select(NoticeRow, ChatLinkRow.chat_id.label("chat_id"), BranchRow.language.label("language"))
            .join(ChatLinkRow, sa.and_(ChatLinkRow.branch_id == NoticeRow.branch_id,
                                       ChatLinkRow.purpose == NoticeRow.audience))
            .join(BranchRow, BranchRow.id == NoticeRow.branch_id)
            .where(condition, IN_CHAT, NoticeRow.audience != MEMBER, ChatLinkRow.platform == platform,
                   _here_or_anywhere(platform)))
        to_addresses = (
            sa.select(NoticeRow, NoticeRow.address.label("chat_id"),
                      sa.func.coalesce(MemberRow.language, BranchRow.language).label("language"))
            .outerjoin(MemberRow, MemberRow.id == NoticeRow.member_id)
            .join(BranchRow, BranchRow.id == NoticeRow.branch_id)
            .where(condition, _addressed_on(platform)))
        found: list[Delivery] = []
        for statement in (to_members, to_chats, to_addresses):
            statement = statement.order_by(NoticeRow.id)
            if limit is not None:
                statement = statement.limit(limit)
            result = await self.session.execute(statement.execution_options(populate_existing=True))
            found += [Delivery(to_notice(row), str(chat_id), language) for row, chat_id, language in result.all()]
        found.sort(key=lambda d: d.notice.id or 0)
        return found[:limit] if limit is not None else found

    async def mark_sent(self, notice_id: int, channel: str, at: datetime, message_id: str | None = None) -> None:
        await self._update(NoticeRow, notice_id, dict(status=NoticeStatus.SENT.value, channel=channel, sent_at=at,
                                                      message_id=message_id, **_done_with()))

    async def mark_all_sent(self, sent: Sequence[tuple[int, datetime, str | None]], channel: str) -> None:
        if sent:
            await self.session.execute(
                sa.update(NoticeRow.__table__).where(NoticeRow.__table__.c.id == sa.bindparam("sent_id"))
                .values(status=NoticeStatus.SENT.value, channel=channel, sent_at=sa.bindparam("sent_when"),
                        message_id=sa.bindparam("sent_message"), **_done_with(NoticeRow.__table__.c)),
                [{"sent_id": i, "sent_when": at, "sent_message": m} for i, at, m in sent])

    async def mark_failed(self, notice_id: int, channel: str, at: datetime, reason: str) -> None:
        await self._update(NoticeRow, notice_id, dict(status=NoticeStatus.FAILED.value, channel=channel,
                                                      sent_at=at, last_error=reason[:2000], **_done_with()))

    async def drop_mail(self, member_id: int, at: datetime, address: str | None = None) -> None:
        waiting = sa.and_(NoticeRow.status == PENDING, NoticeRow.member_id == member_id, NoticeRow.via.is_not(None))
        if address is not None:
            waiting = sa.and_(waiting, sa.func.lower(NoticeRow.address) == address.lower())
        ids = list((await self.session.scalars(sa.select(NoticeRow.id).where(waiting))).all())
        await self.supersede(ids, at)

    async def retry_at(self, notice_id: int, when: datetime, reason: str) -> None:
        await self._update(NoticeRow, notice_id, dict(status=PENDING, next_attempt_at=when, last_error=reason[:2000]))

    async def supersede(self, notice_ids: Sequence[int], at: datetime) -> None:
        if notice_ids:
            await self.session.execute(
                sa.update(NoticeRow).where(NoticeRow.id.in_(list(notice_ids)))
                .values(status=NoticeStatus.SUPERSEDED.value, sent_at=at, **_done_with())
                .execution_options(synchronize_session=False))


def _done_with(columns: Any = NoticeRow) -> dict[str, Any]:
    """What a notice sent, failed or dropped keeps: its member, kind, channel and outcome are what an audit needs;
    no address or chat, and no secret it carried (only the code's hash, kept elsewhere, may stay). In the same
    statement as the outcome, so that recording costs no extra round trip."""
    secret = sa.or_(*(columns.kind == k.value for k in SECRET_KINDS))  # no IN: a many-row update cannot expand it
    return dict(address=None, chat_id=None,
                params=sa.case((secret, sa.literal({}, JSON_DOCUMENT)), else_=columns.params))


def _unresolved_on(platform: str) -> sa.ColumnElement[bool]:
    """Notices written one at a time (no platform resolved) for whichever chat platform takes them, that have a
    chat on this one: the member's reachable identity there, unless they chose another platform for notices and
    are reachable there, or the branch's linked chat for a post."""
    reachable = sa.exists().where(IdentityRow.member_id == NoticeRow.member_id, IdentityRow.platform == platform,
                                  IdentityRow.reachable.is_(True))
    linked = sa.exists().where(ChatLinkRow.branch_id == NoticeRow.branch_id,
                               ChatLinkRow.purpose == NoticeRow.audience, ChatLinkRow.platform == platform)
    to_member = sa.and_(NoticeRow.audience == MEMBER, reachable, sa.not_(_chosen_elsewhere(platform)))
    return sa.and_(IN_CHAT, NoticeRow.platform.is_(None), sa.or_(to_member,
                                                                  sa.and_(NoticeRow.audience != MEMBER, linked)))


def _chosen_elsewhere(platform: str) -> sa.ColumnElement[bool]:
    """The notice's member chose another platform for notices, and is reachable there: two key look-ups."""
    member, identity = sa.orm.aliased(MemberRow, name="chooser"), sa.orm.aliased(IdentityRow, name="chosen")
    there = sa.exists().where(identity.member_id == member.id, identity.platform == member.notify_on,
                              identity.reachable.is_(True))
    return sa.exists().where(member.id == NoticeRow.member_id, member.notify_on.is_not(None),
                             member.notify_on != platform, there)


def _here_or_anywhere(platform: str) -> sa.ColumnElement[bool]:
    """A notice meant for this platform, or for whichever takes it."""
    return sa.or_(NoticeRow.platform.is_(None), NoticeRow.platform == platform)


def _addressed_on(platform: str) -> sa.ColumnElement[bool]:
    """Notices meant only for this platform, to the address they carry (an email address, say)."""
    return sa.and_(NoticeRow.via == platform, NoticeRow.address.is_not(None))


def notice_values(n: Notice) -> Values:
    return dict(member_id=n.member_id, branch_id=n.branch_id, kind=NoticeKind(n.kind).value, params=dict(n.params),
                created_at=n.created_at, status=NoticeStatus(n.status).value, channel=n.channel, sent_at=n.sent_at,
                audience=Audience(n.audience).value, topic=n.topic, attempts=n.attempts, broadcast_id=n.broadcast_id,
                via=n.via, address=n.address, platform=n.platform)


def to_notice(r: NoticeRow) -> Notice:
    return Notice(r.member_id, r.branch_id, NoticeKind(r.kind), dict(r.params), r.created_at,
                  NoticeStatus(r.status), r.channel, r.sent_at, r.id, Audience(r.audience), r.topic, r.attempts,
                  r.broadcast_id, via=r.via, address=r.address, platform=r.platform, started_at=r.started_at)
