"""Broadcasts: a notice for each recipient, chosen as storage chooses them, in memory; written into the same store as
the outbox's, which delivers them."""

from __future__ import annotations

import copy

from core.model.members import FORMER_MEMBER
from core.model.notices import Broadcast, Notice, NoticeStatus, Progress, Recipients
from core.model.preferences import MailTopic

from .outbox import FakeOutbox
from .padrivere import is_padriver
from .store import Store, kept


class FakeBroadcasts:
    def __init__(self, s: Store) -> None:
        self.s = s
        self.outbox = FakeOutbox(s)  # a broadcast's notices are written as any other notice is

    async def add(self, broadcast: Broadcast, by_email: MailTopic | None = None) -> Broadcast:
        """One notice per recipient, chosen as storage's INSERT ... SELECT chooses them, in member order; then
        an email copy for each recipient who wants `by_email`."""
        broadcast.id = self.s.new_id()
        recipients = _recipients(self.s, broadcast.branch_id, broadcast.recipients)
        for member_id in recipients:
            await self.outbox.put(Notice(member_id, broadcast.branch_id, broadcast.kind, dict(broadcast.params),
                                         broadcast.created_at, broadcast_id=broadcast.id))
        mailed = [] if by_email is None else [p for p in map(self.s.preferences.get, recipients)
                                              if p is not None and p.wants_email(by_email)]
        for chosen in mailed:
            await self.outbox.put(Notice(chosen.member_id, broadcast.branch_id, broadcast.kind,
                                         dict(broadcast.params), broadcast.created_at, broadcast_id=broadcast.id,
                                         via="email", address=chosen.email))
        broadcast.total = len(recipients) + len(mailed)
        self.s.broadcasts[broadcast.id] = kept(broadcast)
        return broadcast

    async def fan_out_more(self) -> int:
        """Every broadcast here is written whole by add: nothing is ever left."""
        return 0

    async def recent(self, limit: int = 20) -> list[Broadcast]:
        return [copy.deepcopy(b) for b in sorted(self.s.broadcasts.values(), key=lambda b: -b.id)][:limit]

    async def progress(self, broadcast_id: int, platform: str | None = None) -> Progress:
        chosen = [n for n in self.s.notices.values() if n.broadcast_id == broadcast_id
                  and (platform is None or (n.via or self._platform_of(n.member_id)) == platform)]
        statuses = [n.status for n in chosen]
        waiting = sum(1 for x in statuses if x in (NoticeStatus.PENDING, NoticeStatus.SENDING))
        finished = [n.sent_at for n in chosen
                    if n.status in (NoticeStatus.SENT, NoticeStatus.FAILED) and n.sent_at is not None]
        return Progress(len(statuses), statuses.count(NoticeStatus.SENT), statuses.count(NoticeStatus.FAILED),
                        waiting, min(finished, default=None), max(finished, default=None))

    def _platform_of(self, member_id: int | None) -> str | None:
        """As storage resolves it at fan-out: the platform the member chose, else one with a deliverer before the
        console, where they are reachable."""
        member = self.s.members.get(member_id)
        chosen = member.notify_on if member is not None else None
        there = sorted((i.platform for i, m in self.s.identities.items() if m == member_id
                        and i not in self.s.unreachable), key=lambda p: (p != chosen, p == "console", p))
        return there[0] if there else None

    async def reach(self, broadcast_id: int) -> dict[str | None, int]:
        found: dict[str | None, int] = {}
        for n in self.s.notices.values():
            if n.broadcast_id == broadcast_id:
                platform = n.via or self._platform_of(n.member_id)
                found[platform] = found.get(platform, 0) + 1
        return found


def _recipients(s: Store, branch_id: int, recipients: Recipients) -> list[int]:
    if recipients.kind == "all":
        chosen = {m.id for m in s.members.values() if m.branch_id == branch_id and m.display_name != FORMER_MEMBER}
    elif recipients.kind == "role":
        chosen = {m for b, m, r in s.roles if b == branch_id and r.value == recipients.value}
    elif recipients.kind == "call":
        call = s.calls.get(int(recipients.value))
        asked = set(call.competences) if call is not None and call.branch_id == branch_id else None
        chosen = {p.member_id for p in s.padrivere.values()
                  if asked is not None and p.branch_id == branch_id and is_padriver(s, p)
                  and (not asked or asked & set(p.competences))}
    else:
        chosen = {m for d, m in s.followers if d == int(recipients.value)}
    return sorted(chosen)
