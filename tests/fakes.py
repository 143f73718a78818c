"""In-memory stand-ins for core's ports, for unit tests that touch no database.

They keep what storage keeps as storage keeps it: times in UTC (a naive time refused), amounts in whole cents,
and lists in the orders the repositories give; the storage round trips run against them to hold them to it
(tests/integration/conftest.py)."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from core.dialogs.state import DialogState
from core.errors import Conflict
from core.model.audit import AuditEntry
from core.model.bank import Like, Pledge
from core.model.branches import Branch, ChatLink, ChatPurpose
from core.model.calls import Call, CallStatus, Signup
from core.model.events import Answer, Event, Rsvp, RsvpCounts
from core.model.newsletters import Newsletter, NewsletterStatus
from core.model.padrivere import ApplicationStatus, Contributions, Padriver
from core.model.dreams import Dream, DreamState
from core.model.members import Identity, Member, Role
from core.model.notices import SECRET_KINDS, Audience, Broadcast, Delivery, Notice, NoticeStatus, Progress, Recipients
from core.model.preferences import DigestFrequency, MailTopic, Preferences
from core.model.projects import Project, ProjectUpdate, TeamMember
from core.model.reviews import Review, Vote


def _utc(moment: datetime | None) -> datetime | None:
    """As storage keeps a moment: in UTC; a naive one is refused."""
    if moment is None:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a naive datetime cannot be stored: {moment!r}; use an aware UTC time")
    return moment.astimezone(timezone.utc)


def _kept(value: Any) -> Any:
    """A copy of a dataclass as storage would give it back: its times in UTC, its amounts in whole cents."""
    kept = copy.deepcopy(value)
    if dataclasses.is_dataclass(kept):
        for field in dataclasses.fields(kept):
            found = getattr(kept, field.name)
            if isinstance(found, datetime):
                object.__setattr__(kept, field.name, _utc(found))
            elif isinstance(found, Decimal):
                object.__setattr__(kept, field.name, found.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    return kept


def _save_over(rows: dict[int, Any], row: Any) -> None:
    """Replace a stored row, as storage's UPDATE by id does: a row never added is an error."""
    if row.id is None:
        raise ValueError(f"cannot save a {type(row).__name__} without an id: add it first")
    if row.id not in rows:
        raise LookupError(f"no {type(row).__name__} {row.id}")
    rows[row.id] = _kept(row)


class _Store:
    """Everything the fake database holds; copied on commit so rollbacks are real."""

    def __init__(self) -> None:
        self.branches: dict[int, Branch] = {}
        self.members: dict[int, Member] = {}
        self.identities: dict[Identity, int] = {}
        self.roles: set[tuple[int, int, Role]] = set()
        self.dreams: dict[int, Dream] = {}
        self.reviews: dict[int, Review] = {}
        self.votes: list[Vote] = []
        self.likes: list[Like] = []
        self.pledges: dict[int, Pledge] = {}
        self.projects: dict[int, Project] = {}
        self.team: list[TeamMember] = []
        self.followers: list[tuple[int, int]] = []
        self.updates: dict[int, ProjectUpdate] = {}
        self.notices: dict[int, Notice] = {}
        self.audit: list[AuditEntry] = []
        self.dialogs: dict[int, DialogState] = {}
        self.links: list[ChatLink] = []
        self.unreachable: set[Identity] = set()
        self.inbox: set[str] = set()
        #: (source, update id) -> [payload, received at, handled at]
        self.inbound: dict[tuple[str, int], list[Any]] = {}
        self.posts: dict[tuple[str, str, str], str] = {}
        self.broadcasts: dict[int, Broadcast] = {}
        self.padrivere: dict[int, Padriver] = {}
        self.events: dict[int, Event] = {}
        self.rsvps: dict[int, Rsvp] = {}
        self.calls: dict[int, Call] = {}
        self.signups: list[Signup] = []
        self.newsletters: dict[int, Newsletter] = {}
        self.retry_at: dict[int, datetime] = {}
        self.preferences: dict[int, Preferences] = {}
        self.runs: set[str] = set()
        self.marks: dict[str, tuple[str, datetime]] = {}
        self.next_id = 1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id


class FakeBranches:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def add(self, branch: Branch) -> Branch:
        branch.id = self.s.new_id()
        self.s.branches[branch.id] = _kept(branch)
        return branch

    async def get(self, branch_id: int) -> Branch | None:
        return copy.deepcopy(self.s.branches.get(branch_id))

    async def by_slug(self, slug: str) -> Branch | None:
        return next((copy.deepcopy(b) for b in self.s.branches.values() if b.slug == slug), None)

    async def all(self) -> list[Branch]:
        return [copy.deepcopy(b) for b in self.s.branches.values()]

    async def save(self, branch: Branch) -> None:
        _save_over(self.s.branches, branch)

    async def link(self, link: ChatLink) -> None:
        await self.unlink(link.branch_id, link.purpose, link.platform)
        self.s.links.append(_kept(link))

    async def unlink(self, branch_id: int, purpose: ChatPurpose, platform: str) -> None:
        self.s.links = [x for x in self.s.links if (x.branch_id, x.purpose, x.platform) != (branch_id, purpose, platform)]

    async def links(self, branch_id: int) -> list[ChatLink]:
        return [x for x in self.s.links if x.branch_id == branch_id]

    async def linked_chat(self, platform: str, chat_id: str) -> ChatLink | None:
        return next((x for x in self.s.links if (x.platform, x.chat_id) == (platform, chat_id)), None)


class FakeMembers:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def add(self, member: Member, identity: Identity | None = None) -> Member:
        if identity is not None and identity in self.s.identities:
            raise Conflict(f"identity {identity} is taken")
        member.id = self.s.new_id()
        self.s.members[member.id] = _kept(member)
        if identity is not None:
            self.s.identities[identity] = member.id
        return member

    async def get(self, member_id: int) -> Member | None:
        return copy.deepcopy(self.s.members.get(member_id))

    async def save(self, member: Member) -> None:
        _save_over(self.s.members, member)

    async def by_identity(self, identity: Identity) -> Member | None:
        member_id = self.s.identities.get(identity)
        return await self.get(member_id) if member_id else None

    async def identities(self, member_id: int) -> list[Identity]:
        return [i for i, m in self.s.identities.items() if m == member_id]

    async def mark_unreachable(self, identity: Identity) -> None:
        self.s.unreachable.add(identity)

    async def roles(self, branch_id: int, member_id: int) -> set[Role]:
        return {r for b, m, r in self.s.roles if b == branch_id and m == member_id}

    async def with_role(self, branch_id: int, role: Role) -> list[Member]:
        ids = sorted(m for b, m, r in self.s.roles if b == branch_id and r is role)
        return [copy.deepcopy(self.s.members[i]) for i in ids]

    async def grant(self, branch_id: int, member_id: int, role: Role) -> bool:
        key = (branch_id, member_id, role)
        new = key not in self.s.roles
        self.s.roles.add(key)
        return new

    async def revoke(self, branch_id: int, member_id: int, role: Role) -> bool:
        key = (branch_id, member_id, role)
        had = key in self.s.roles
        self.s.roles.discard(key)
        return had


class FakeDreams:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def add(self, dream: Dream) -> Dream:
        dream.id = self.s.new_id()
        self.s.dreams[dream.id] = _kept(dream)
        return dream

    async def get(self, dream_id: int, *, for_update: bool = False) -> Dream | None:
        return copy.deepcopy(self.s.dreams.get(dream_id))

    async def save(self, dream: Dream) -> None:
        _save_over(self.s.dreams, dream)

    async def in_state(self, branch_id: int, states) -> list[Dream]:
        found = [d for d in self.s.dreams.values() if d.branch_id == branch_id and d.state in states]
        return [copy.deepcopy(d) for d in sorted(found, key=lambda d: (d.deposited_at, d.id), reverse=True)]

    async def owned_by(self, member_id: int) -> list[Dream]:
        found = [d for d in self.s.dreams.values() if d.owner_id == member_id]
        return [copy.deepcopy(d) for d in sorted(found, key=lambda d: (d.deposited_at, d.id), reverse=True)]


class FakeReviews:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def add(self, review: Review) -> Review:
        review.id = self.s.new_id()
        self.s.reviews[review.id] = _kept(review)
        return review

    async def get(self, review_id: int, *, for_update: bool = False) -> Review | None:
        return copy.deepcopy(self.s.reviews.get(review_id))

    async def save(self, review: Review) -> None:
        _save_over(self.s.reviews, review)

    async def latest(self, dream_id: int) -> Review | None:
        found = [r for r in self.s.reviews.values() if r.dream_id == dream_id]
        return copy.deepcopy(max(found, key=lambda r: (r.round, r.id))) if found else None

    async def open_in(self, branch_id: int) -> list[Review]:
        found = [r for r in self.s.reviews.values() if r.branch_id == branch_id and r.open]
        return [copy.deepcopy(r) for r in sorted(found, key=lambda r: (r.opened_at, r.id))]

    async def add_vote(self, vote: Vote) -> None:
        if any(v.review_id == vote.review_id and v.voter_id == vote.voter_id for v in self.s.votes):
            raise Conflict("vote")
        self.s.votes.append(_kept(vote))

    async def votes(self, review_id: int) -> list[Vote]:
        """In the order cast; votes cast at the same moment in the order written."""
        return [copy.deepcopy(v) for v in sorted(self.s.votes, key=lambda v: v.cast_at) if v.review_id == review_id]


class FakeBank:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def add_like(self, like: Like) -> None:
        if await self.has_liked(like.dream_id, like.member_id):
            raise Conflict("like")
        self.s.likes.append(_kept(like))

    async def likes(self, dream_id: int) -> int:
        return sum(1 for like in self.s.likes if like.dream_id == dream_id)

    async def likers(self, dream_id: int) -> list[int]:
        """In the order they liked; likes at the same moment in the order written."""
        return [like.member_id for like in sorted(self.s.likes, key=lambda like: like.at) if like.dream_id == dream_id]

    async def has_liked(self, dream_id: int, member_id: int) -> bool:
        return any(x.dream_id == dream_id and x.member_id == member_id for x in self.s.likes)

    async def add_pledge(self, pledge: Pledge) -> Pledge:
        pledge.id = self.s.new_id()
        self.s.pledges[pledge.id] = _kept(pledge)
        return pledge

    async def pledges(self, dream_id: int) -> list[Pledge]:
        found = [p for p in self.s.pledges.values() if p.dream_id == dream_id]
        return [copy.deepcopy(p) for p in sorted(found, key=lambda p: (p.at, p.id))]


class FakeProjects:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def add(self, project: Project) -> Project:
        project.id = self.s.new_id()
        self.s.projects[project.id] = _kept(project)
        return project

    async def get(self, project_id: int) -> Project | None:
        return copy.deepcopy(self.s.projects.get(project_id))

    async def by_dream(self, dream_id: int) -> Project | None:
        return next((copy.deepcopy(p) for p in self.s.projects.values() if p.dream_id == dream_id), None)

    async def save(self, project: Project) -> None:
        _save_over(self.s.projects, project)

    async def in_branch(self, branch_id: int, active: bool) -> list[Project]:
        from core.model.projects import ProjectState

        found = [p for p in self.s.projects.values() if p.branch_id == branch_id and (p.state is ProjectState.ACTIVE) == active]
        newest = (lambda p: (p.started_at, p.id)) if active else (lambda p: (p.closed_at or p.started_at, p.id))
        return [copy.deepcopy(p) for p in sorted(found, key=newest, reverse=True)]

    async def team(self, project_id: int) -> list[TeamMember]:
        return [t for t in self.s.team if t.project_id == project_id]

    async def add_team_member(self, member: TeamMember) -> None:
        if any(t.project_id == member.project_id and t.member_id == member.member_id for t in self.s.team):
            raise Conflict("team")
        self.s.team.append(_kept(member))

    async def follow(self, dream_id: int, member_id: int) -> None:
        if (dream_id, member_id) not in self.s.followers:
            self.s.followers.append((dream_id, member_id))

    async def followers(self, dream_id: int) -> list[int]:
        return [m for d, m in self.s.followers if d == dream_id]

    async def add_update(self, update: ProjectUpdate) -> ProjectUpdate:
        update.id = self.s.new_id()
        self.s.updates[update.id] = _kept(update)
        return update

    async def updates(self, project_id: int) -> list[ProjectUpdate]:
        found = [u for u in self.s.updates.values() if u.project_id == project_id]
        return [copy.deepcopy(u) for u in sorted(found, key=lambda u: (u.at, u.id))]


class FakeOutbox:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def put(self, notice: Notice) -> None:
        notice.id = self.s.new_id()
        self.s.notices[notice.id] = _kept(notice)

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
                                                  channel=platform, attempts=d.notice.attempts + 1)
        return [replace(d, notice=copy.deepcopy(self.s.notices[d.notice.id])) for d in due]

    def _deliveries(self, platform: str, chosen) -> list[Delivery]:
        """As storage finds them: a notice with `via` only on that platform, to its address; others in chat."""
        out = []
        for n in self.s.notices.values():
            if not chosen(n):
                continue
            if n.via is not None:
                chats = [n.address] if n.via == platform and n.address is not None else []
            elif n.audience is Audience.MEMBER:
                chats = [i.external_id for i, m in self.s.identities.items()
                         if m == n.member_id and i.platform == platform and i not in self.s.unreachable]
            else:
                chats = [x.chat_id for x in self.s.links if x.branch_id == n.branch_id and x.platform == platform
                         and x.purpose.value == n.audience.value]
            out += [Delivery(copy.deepcopy(n), chat, self._language(n)) for chat in chats[:1]]
        return out

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
                                                    channel=channel, sent_at=_utc(at))

    async def mark_all_sent(self, sent, channel: str) -> None:
        for notice_id, at, message_id in sent:
            await self.mark_sent(notice_id, channel, at, message_id)

    async def mark_failed(self, notice_id: int, channel: str, at: datetime, reason: str) -> None:
        self.s.notices[notice_id] = self._done_with(self.s.notices[notice_id], status=NoticeStatus.FAILED,
                                                    channel=channel, sent_at=_utc(at))

    async def retry_at(self, notice_id: int, when: datetime, reason: str) -> None:
        self.s.notices[notice_id] = replace(self.s.notices[notice_id], status=NoticeStatus.PENDING)
        self.s.retry_at[notice_id] = when

    async def supersede(self, notice_ids, at: datetime) -> None:
        for i in notice_ids:
            self.s.notices[i] = self._done_with(self.s.notices[i], status=NoticeStatus.SUPERSEDED, sent_at=_utc(at))

    async def drop_mail(self, member_id: int, at: datetime, address: str | None = None) -> None:
        await self.supersede([n.id for n in self.s.notices.values()
                              if n.status is NoticeStatus.PENDING and n.member_id == member_id and n.via is not None
                              and (address is None or (n.address or "").lower() == address.lower())], at)

    async def add_broadcast(self, broadcast: Broadcast, by_email: MailTopic | None = None) -> Broadcast:
        """One notice per recipient, chosen as storage's INSERT ... SELECT chooses them, in member order; then
        an email copy for each recipient who wants `by_email`."""
        broadcast.id = self.s.new_id()
        recipients = _recipients(self.s, broadcast.branch_id, broadcast.recipients)
        for member_id in recipients:
            await self.put(Notice(member_id, broadcast.branch_id, broadcast.kind, dict(broadcast.params),
                                  broadcast.created_at, broadcast_id=broadcast.id))
        mailed = [] if by_email is None else [p for p in map(self.s.preferences.get, recipients)
                                              if p is not None and p.wants_email(by_email)]
        for chosen in mailed:
            await self.put(Notice(chosen.member_id, broadcast.branch_id, broadcast.kind, dict(broadcast.params),
                                  broadcast.created_at, broadcast_id=broadcast.id, via="email", address=chosen.email))
        broadcast.total = len(recipients) + len(mailed)
        self.s.broadcasts[broadcast.id] = _kept(broadcast)
        return broadcast

    async def broadcasts(self, limit: int = 20) -> list[Broadcast]:
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
        """As storage resolves it at fan-out: a platform with a deliverer before the console."""
        there = sorted((i.platform for i, m in self.s.identities.items() if m == member_id),
                       key=lambda p: (p == "console", p))
        return there[0] if there else None

    async def reach(self, broadcast_id: int) -> dict[str | None, int]:
        found: dict[str | None, int] = {}
        for n in self.s.notices.values():
            if n.broadcast_id == broadcast_id:
                platform = n.via or self._platform_of(n.member_id)
                found[platform] = found.get(platform, 0) + 1
        return found


def _recipients(s: _Store, branch_id: int, recipients: Recipients) -> list[int]:
    if recipients.kind == "all":
        chosen = {m.id for m in s.members.values() if m.branch_id == branch_id}
    elif recipients.kind == "role":
        chosen = {m for b, m, r in s.roles if b == branch_id and r.value == recipients.value}
    elif recipients.kind == "call":
        call = s.calls.get(int(recipients.value))
        asked = set(call.competences) if call is not None and call.branch_id == branch_id else None
        chosen = {p.member_id for p in s.padrivere.values()
                  if asked is not None and p.branch_id == branch_id and _is_padriver(s, p)
                  and (not asked or asked & set(p.competences))}
    else:
        chosen = {m for d, m in s.followers if d == int(recipients.value)}
    return sorted(chosen)


def _is_padriver(s: _Store, p: Padriver) -> bool:
    """Approved, and still holding the role."""
    return p.status is ApplicationStatus.APPROVED and (p.branch_id, p.member_id, Role.PADRIVER) in s.roles


class FakePadrivere:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def get(self, branch_id: int, member_id: int) -> Padriver | None:
        return next((copy.deepcopy(p) for p in self.s.padrivere.values()
                     if (p.branch_id, p.member_id) == (branch_id, member_id)), None)

    async def by_id(self, padriver_id: int, *, for_update: bool = False) -> Padriver | None:
        return copy.deepcopy(self.s.padrivere.get(padriver_id))

    async def save(self, padriver: Padriver) -> Padriver:
        earlier = await self.get(padriver.branch_id, padriver.member_id)
        saved = replace(padriver, id=earlier.id if earlier else self.s.new_id(),
                        competences=list(dict.fromkeys(padriver.competences)))
        self.s.padrivere[saved.id] = _kept(saved)
        return saved

    async def pending(self, branch_id: int) -> list[Padriver]:
        found = [p for p in self.s.padrivere.values()
                 if p.branch_id == branch_id and p.status is ApplicationStatus.PENDING]
        return [copy.deepcopy(p) for p in sorted(found, key=lambda p: (p.applied_at, p.id))]

    async def approved(self, branch_id: int, *, public_only: bool = False) -> list[Padriver]:
        found = [p for p in self.s.padrivere.values()
                 if p.branch_id == branch_id and _is_padriver(self.s, p) and (p.public or not public_only)]
        return [copy.deepcopy(p) for p in sorted(found, key=lambda p: (p.decided_at or p.applied_at, p.id))]

    async def contributions(self, branch_id: int, member_ids, now: datetime) -> dict[int, Contributions]:
        s = self.s
        out = {}
        for member_id in dict.fromkeys(member_ids):
            pledges = sum(1 for p in s.pledges.values()
                          if p.member_id == member_id and s.dreams[p.dream_id].branch_id == branch_id)
            events = sum(1 for r in s.rsvps.values() if r.member_id == member_id and r.answer is Answer.GOING
                         and not r.waiting and s.events[r.event_id].branch_id == branch_id
                         and not s.events[r.event_id].cancelled and s.events[r.event_id].ends_at <= now)
            calls = sum(1 for x in s.signups if x.member_id == member_id and s.calls[x.call_id].branch_id == branch_id)
            teams = sorted((t for t in s.team if t.member_id == member_id
                            and s.projects[t.project_id].branch_id == branch_id),
                           key=lambda t: (s.projects[t.project_id].started_at, t.project_id))
            roles = tuple((s.projects[t.project_id].title, t.role) for t in teams)
            out[member_id] = Contributions(pledges, events, calls, roles)
        return out


class FakeEvents:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def add(self, event: Event) -> Event:
        added = replace(event, id=self.s.new_id())
        self.s.events[added.id] = _kept(added)
        return added

    async def get(self, event_id: int, *, for_update: bool = False) -> Event | None:
        return copy.deepcopy(self.s.events.get(event_id))

    async def save(self, event: Event) -> None:
        _save_over(self.s.events, event)

    async def upcoming(self, branch_id: int, after: datetime, limit: int = 20) -> list[Event]:
        found = [e for e in self.s.events.values()
                 if e.branch_id == branch_id and not e.cancelled and e.ends_at > after]
        return [copy.deepcopy(e) for e in sorted(found, key=lambda e: (e.starts_at, e.id))][:limit]

    async def rsvp(self, event_id: int, member_id: int) -> Rsvp | None:
        return next((copy.deepcopy(r) for r in self.s.rsvps.values()
                     if (r.event_id, r.member_id) == (event_id, member_id)), None)

    async def put_rsvp(self, rsvp: Rsvp) -> Rsvp:
        earlier = await self.rsvp(rsvp.event_id, rsvp.member_id)
        saved = replace(rsvp, id=earlier.id if earlier else self.s.new_id())
        self.s.rsvps[saved.id] = _kept(saved)
        return saved

    async def rsvps(self, event_id: int) -> list[Rsvp]:
        found = [r for r in self.s.rsvps.values() if r.event_id == event_id]
        return [copy.deepcopy(r) for r in sorted(found, key=lambda r: (r.seq, r.id))]

    async def counts(self, event_id: int) -> RsvpCounts:
        answers = await self.rsvps(event_id)
        seated = [r.answer for r in answers if not r.waiting]
        return RsvpCounts(seated.count(Answer.GOING), seated.count(Answer.MAYBE), seated.count(Answer.NO),
                          sum(1 for r in answers if r.waiting))

    async def first_waiting(self, event_id: int) -> Rsvp | None:
        return next((r for r in await self.rsvps(event_id) if r.waiting), None)

    async def last_seq(self, event_id: int) -> int:
        return max((r.seq for r in self.s.rsvps.values() if r.event_id == event_id), default=0)


class FakeCalls:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def add(self, call: Call) -> Call:
        added = replace(call, id=self.s.new_id(), competences=list(dict.fromkeys(call.competences)))
        self.s.calls[added.id] = _kept(added)
        return added

    async def get(self, call_id: int, *, for_update: bool = False) -> Call | None:
        return copy.deepcopy(self.s.calls.get(call_id))

    async def save(self, call: Call) -> None:
        _save_over(self.s.calls, replace(call, competences=list(dict.fromkeys(call.competences))))

    async def open_in(self, branch_id: int) -> list[Call]:
        found = [c for c in self.s.calls.values() if c.branch_id == branch_id and c.status is not CallStatus.CLOSED]
        return [copy.deepcopy(c) for c in sorted(found, key=lambda c: (c.created_at, c.id))]

    async def signups(self, call_id: int) -> list[Signup]:
        return sorted((x for x in self.s.signups if x.call_id == call_id), key=lambda x: x.at)

    async def add_signup(self, signup: Signup) -> None:
        if any((x.call_id, x.member_id) == (signup.call_id, signup.member_id) for x in self.s.signups):
            raise Conflict("signup")
        self.s.signups.append(_kept(signup))

    async def remove_signup(self, call_id: int, member_id: int) -> bool:
        kept = [x for x in self.s.signups if (x.call_id, x.member_id) != (call_id, member_id)]
        removed, self.s.signups = len(kept) < len(self.s.signups), kept
        return removed

    async def answered_by(self, member_id: int) -> list[int]:
        return [x.call_id for x in sorted(self.s.signups, key=lambda x: x.at) if x.member_id == member_id]


class FakeNewsletters:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def add(self, newsletter: Newsletter) -> Newsletter:
        added = replace(newsletter, id=self.s.new_id())
        self.s.newsletters[added.id] = _kept(added)
        return added

    async def get(self, newsletter_id: int) -> Newsletter | None:
        return copy.deepcopy(self.s.newsletters.get(newsletter_id))

    async def save(self, newsletter: Newsletter) -> None:
        _save_over(self.s.newsletters, newsletter)

    async def due(self, now: datetime, limit: int = 20) -> list[Newsletter]:
        found = [n for n in self.s.newsletters.values()
                 if n.status is NewsletterStatus.SCHEDULED and (n.send_at is None or n.send_at <= now)]
        found.sort(key=lambda n: (n.send_at or n.created_at, n.id))
        return [copy.deepcopy(n) for n in found[:limit]]

    async def recent(self, branch_id: int, limit: int = 10) -> list[Newsletter]:
        found = [n for n in self.s.newsletters.values() if n.branch_id == branch_id]
        found.sort(key=lambda n: (n.created_at, n.id), reverse=True)
        return [copy.deepcopy(n) for n in found[:limit]]


class FakeMemberPreferences:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def get(self, member_id: int) -> Preferences:
        return copy.deepcopy(self.s.preferences.get(member_id) or Preferences(member_id))

    async def many(self, member_ids) -> dict[int, Preferences]:
        return {member_id: await self.get(member_id) for member_id in member_ids}

    async def save(self, preferences: Preferences) -> None:
        self.s.preferences[preferences.member_id] = _kept(preferences)

    async def subscribers(self, branch_id: int, frequencies, after_member_id: int = 0,
                          limit: int = 500) -> list[tuple[Member, Preferences]]:
        wanted = {DigestFrequency(f) for f in frequencies}
        found = []
        for member in sorted(self.s.members.values(), key=lambda m: m.id):
            chosen = await self.get(member.id)
            if member.branch_id == branch_id and member.id > after_member_id and chosen.digest in wanted:
                found.append((copy.deepcopy(member), chosen))
        return found[:limit]


class FakeRuns:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def first_time(self, key: str, at: datetime) -> bool:
        if key in self.s.runs:
            return False
        self.s.runs.add(key)
        return True

    async def marks(self) -> dict[str, tuple[str, datetime]]:
        return dict(self.s.marks)

    async def settle(self, job_id: str, spec: str, at: datetime) -> None:
        mark = self.s.marks.get(job_id)
        if mark is None or mark[0] != spec or mark[1] < at:
            self.s.marks[job_id] = (spec, _utc(at))

    async def forget_marks(self, keep: Collection[str]) -> None:
        self.s.marks = {job_id: mark for job_id, mark in self.s.marks.items() if job_id in keep}


class FakeInbox:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def first_time(self, key: str, at: datetime) -> bool:
        if key in self.s.inbox:
            return False
        self.s.inbox.add(key)
        return True


class FakeInboundUpdates:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def keep(self, source: str, updates: Sequence[tuple[int, dict[str, Any]]], at: datetime) -> None:
        for update_id, payload in updates:
            self.s.inbound.setdefault((source, update_id), [copy.deepcopy(payload), _utc(at), None])

    async def unhandled(self, source: str, limit: int = 100) -> list[tuple[int, dict[str, Any]]]:
        waiting = sorted((update_id, row[0]) for (src, update_id), row in self.s.inbound.items()
                         if src == source and row[2] is None)
        return copy.deepcopy(waiting[:limit])

    async def mark_handled(self, source: str, update_id: int, at: datetime) -> None:
        if (source, update_id) in self.s.inbound:
            self.s.inbound[(source, update_id)][2] = _utc(at)

    async def forget_handled(self, source: str, before: datetime) -> int:
        old = [key for key, row in self.s.inbound.items() if key[0] == source and row[2] is not None and row[2] < before]
        for key in old:
            del self.s.inbound[key]
        return len(old)


class FakePosts:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def find(self, platform: str, chat_id: str, topic: str) -> str | None:
        return self.s.posts.get((platform, chat_id, topic))

    async def remember(self, platform: str, chat_id: str, topic: str, message_id: str) -> None:
        self.s.posts[(platform, chat_id, topic)] = message_id


class FakeAudit:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def record(self, entry: AuditEntry) -> None:
        self.s.audit.append(_kept(replace(entry, id=self.s.new_id())))

    async def about(self, subject: str) -> list[AuditEntry]:
        found = [e for e in self.s.audit if e.subject == subject]
        return [copy.deepcopy(e) for e in sorted(found, key=lambda e: (e.at, e.id))]


class FakeDialogs:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def current(self, member_id: int) -> DialogState | None:
        return copy.deepcopy(self.s.dialogs.get(member_id))

    async def save(self, state: DialogState) -> DialogState:
        earlier = self.s.dialogs.get(state.member_id)
        state = replace(state, id=earlier.id if earlier else self.s.new_id())
        self.s.dialogs[state.member_id] = _kept(state)
        return state

    async def end(self, member_id: int) -> None:
        self.s.dialogs.pop(member_id, None)


class FakeUnitOfWork:
    """Works on a copy of the store; commit swaps the copy in, anything else throws it away."""

    def __init__(self, database: "FakeDatabase") -> None:
        self._database = database
        self.committed = False

    async def __aenter__(self) -> "FakeUnitOfWork":
        self._work_on(copy.deepcopy(self._database.store))
        return self

    def _work_on(self, s: _Store) -> None:
        self._store = s
        self.branches, self.members, self.dreams = FakeBranches(s), FakeMembers(s), FakeDreams(s)
        self.reviews, self.bank, self.projects = FakeReviews(s), FakeBank(s), FakeProjects(s)
        self.outbox, self.audit, self.dialogs = FakeOutbox(s), FakeAudit(s), FakeDialogs(s)
        self.inbox, self.inbound, self.posts = FakeInbox(s), FakeInboundUpdates(s), FakePosts(s)
        self.padrivere, self.events = FakePadrivere(s), FakeEvents(s)
        self.calls, self.newsletters = FakeCalls(s), FakeNewsletters(s)
        self.preferences, self.runs = FakeMemberPreferences(s), FakeRuns(s)

    async def __aexit__(self, *exc: object) -> None:
        self._store = None

    async def commit(self) -> None:
        """What was done is kept; the work that goes on after works on a copy again."""
        self._database.store = self._store
        self._work_on(copy.deepcopy(self._store))
        self.committed = True

    async def rollback(self) -> None:
        self._work_on(copy.deepcopy(self._database.store))


class FakeDatabase:
    """A factory of fake units of work over one shared store."""

    def __init__(self) -> None:
        self.store = _Store()

    def __call__(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)

    def notices_for(self, member_id: int) -> list[Notice]:
        return [n for n in self.store.notices.values() if n.member_id == member_id]

    def posts_to(self, audience: Audience) -> list[Notice]:
        return [n for n in self.store.notices.values() if n.audience is audience]


def in_state(dream: Dream, state: DreamState) -> Dream:
    return replace(dream, state=state)
