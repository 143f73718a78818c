"""The outbox: notices chosen and delivered as storage chooses them, in memory."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import datetime

from core.model.notices import SECRET_KINDS, Audience, Delivery, Notice, NoticeStatus

from .store import Store, kept, utc


class FakeOutbox:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def put(self, notice: Notice) -> None:
        notice.id = self.s.new_id()
        self.s.notices[notice.id] = kept(notice)

    async def put_many(self, notices) -> None:
        for notice in notices:
            await self.put(replace(notice))  # storage sets no id on the notices given

    async def pending_for(self, member_id: int, limit: int = 50) -> list[Notice]:
        found = [n for n in self.s.notices.values()
                 if n.member_id == member_id and n.status is NoticeStatus.PENDING and n.via is None]
        return [copy.deepcopy(n) for n in sorted(found, key=lambda n: (n.created_at, n.id))[:limit]]

    async def pending_on(self, platform: str, limit: int = 100) -> list[Delivery]:
        return self._deliveries(platform, lambda n: n.status is NoticeStatus.PENDING)[:limit]

    async def in_flight(self, platform: str) -> list[Delivery]:
        return self._deliveries(platform, lambda n: n.status is NoticeStatus.SENDING)

    async def claim(self, platform: str, limit: int, now: datetime) -> list[Delivery]:
        due = self._deliveries(platform, lambda n: n.status is NoticeStatus.PENDING
                               and self.s.retry_at.get(n.id, now) <= now)[:limit]
        for d in due:
            self.s.notices[d.notice.id] = replace(self.s.notices[d.notice.id], status=NoticeStatus.SENDING,
                                                  channel=platform, attempts=d.notice.attempts + 1, started_at=None)
        return [replace(d, notice=copy.deepcopy(self.s.notices[d.notice.id])) for d in due]

    async def mark_started(self, notice_ids, at: datetime) -> None:
        for i in notice_ids:
            self.s.notices[i] = replace(self.s.notices[i], started_at=utc(at))

    async def release(self, notice_ids) -> None:
        for i in notice_ids:
            n = self.s.notices[i]
            if n.status is NoticeStatus.SENDING:
                self.s.notices[i] = replace(n, status=NoticeStatus.PENDING, attempts=n.attempts - 1)

    def _deliveries(self, platform: str, chosen) -> list[Delivery]:
        """As storage finds them: a notice with `via` only on that platform, to its address; one meant for a
        platform only there; a member's elsewhere when they chose another platform and are reachable there;
        others in chat."""
        out = []
        for n in self.s.notices.values():
            if not chosen(n):
                continue
            if n.via is not None:
                chats = [n.address] if n.via == platform and n.address is not None else []
            elif n.platform is not None and n.platform != platform:
                chats = []
            elif n.audience is Audience.MEMBER:
                chats = [] if self._chosen_elsewhere(n.member_id, platform) else self._chats(n.member_id, platform)
            else:
                chats = [x.chat_id for x in self.s.links if x.branch_id == n.branch_id and x.platform == platform
                         and x.purpose.value == n.audience.value]
            out += [Delivery(copy.deepcopy(n), chat, self._language(n)) for chat in chats[:1]]
        return out

    def _chats(self, member_id: int | None, platform: str) -> list[str]:
        return [i.external_id for i, m in self.s.identities.items()
                if m == member_id and i.platform == platform and i not in self.s.unreachable]

    def _chosen_elsewhere(self, member_id: int | None, platform: str) -> bool:
        member = self.s.members.get(member_id)
        chosen = member.notify_on if member is not None else None
        return chosen is not None and chosen != platform and bool(self._chats(member_id, chosen))

    def _language(self, n: Notice) -> str:
        """The member's language, else the branch's (a post to a branch chat is in the branch's)."""
        member = self.s.members.get(n.member_id) if n.audience is Audience.MEMBER or n.via else None
        branch = self.s.branches.get(n.branch_id)
        return (member.language if member else None) or (branch.language if branch else "en")

    def _done_with(self, notice: Notice, **changes) -> Notice:
        """As storage keeps a notice it is done with: no address, no secret."""
        params = {} if notice.kind in SECRET_KINDS else notice.params
        return replace(notice, address=None, params=params, **changes)

    async def mark_sent(self, notice_id: int, channel: str, at: datetime, message_id: str | None = None) -> None:
        self.s.notices[notice_id] = self._done_with(self.s.notices[notice_id], status=NoticeStatus.SENT,
                                                    channel=channel, sent_at=utc(at))

    async def mark_all_sent(self, sent, channel: str) -> None:
        for notice_id, at, message_id in sent:
            await self.mark_sent(notice_id, channel, at, message_id)

    async def mark_failed(self, notice_id: int, channel: str, at: datetime, reason: str) -> None:
        self.s.notices[notice_id] = self._done_with(self.s.notices[notice_id], status=NoticeStatus.FAILED,
                                                    channel=channel, sent_at=utc(at))

    async def retry_at(self, notice_id: int, when: datetime, reason: str) -> None:
        self.s.notices[notice_id] = replace(self.s.notices[notice_id], status=NoticeStatus.PENDING)
        self.s.retry_at[notice_id] = when

    async def supersede(self, notice_ids, at: datetime) -> None:
        for i in notice_ids:
            self.s.notices[i] = self._done_with(self.s.notices[i], status=NoticeStatus.SUPERSEDED, sent_at=utc(at))

    async def drop_mail(self, member_id: int, at: datetime, address: str | None = None) -> None:
        await self.supersede([n.id for n in self.s.notices.values()
                              if n.status is NoticeStatus.PENDING and n.member_id == member_id and n.via is not None
                              and (address is None or (n.address or "").lower() == address.lower())], at)
