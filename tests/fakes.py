"""In-memory stand-ins for core's ports, for unit tests that touch no database."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import datetime

from core.dialogs.state import DialogState
from core.errors import Conflict
from core.model.audit import AuditEntry
from core.model.bank import Like, Pledge
from core.model.branches import Branch, ChatLink, ChatPurpose
from core.model.dreams import Dream, DreamState
from core.model.members import Identity, Member, Role
from core.model.notices import Audience, Delivery, Notice, NoticeStatus
from core.model.projects import Project, ProjectUpdate, TeamMember
from core.model.reviews import Review, Vote


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
        self.posts: dict[tuple[str, str, str], str] = {}
        self.next_id = 1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id


class FakeBranches:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def add(self, branch: Branch) -> Branch:
        branch.id = self.s.new_id()
        self.s.branches[branch.id] = copy.deepcopy(branch)
        return branch

    async def get(self, branch_id: int) -> Branch | None:
        return copy.deepcopy(self.s.branches.get(branch_id))

    async def by_slug(self, slug: str) -> Branch | None:
        return next((copy.deepcopy(b) for b in self.s.branches.values() if b.slug == slug), None)

    async def all(self) -> list[Branch]:
        return [copy.deepcopy(b) for b in self.s.branches.values()]

    async def link(self, link: ChatLink) -> None:
        await self.unlink(link.branch_id, link.purpose, link.platform)
        self.s.links.append(link)

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
        member.id = self.s.new_id()
        self.s.members[member.id] = copy.deepcopy(member)
        if identity is not None:
            self.s.identities[identity] = member.id
        return member

    async def get(self, member_id: int) -> Member | None:
        return copy.deepcopy(self.s.members.get(member_id))

    async def save(self, member: Member) -> None:
        self.s.members[member.id] = copy.deepcopy(member)

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
        self.s.dreams[dream.id] = copy.deepcopy(dream)
        return dream

    async def get(self, dream_id: int, *, for_update: bool = False) -> Dream | None:
        return copy.deepcopy(self.s.dreams.get(dream_id))

    async def save(self, dream: Dream) -> None:
        self.s.dreams[dream.id] = copy.deepcopy(dream)

    async def in_state(self, branch_id: int, states) -> list[Dream]:
        found = [d for d in self.s.dreams.values() if d.branch_id == branch_id and d.state in states]
        return [copy.deepcopy(d) for d in sorted(found, key=lambda d: -d.id)]

    async def owned_by(self, member_id: int) -> list[Dream]:
        found = [d for d in self.s.dreams.values() if d.owner_id == member_id]
        return [copy.deepcopy(d) for d in sorted(found, key=lambda d: -d.id)]


class FakeReviews:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def add(self, review: Review) -> Review:
        review.id = self.s.new_id()
        self.s.reviews[review.id] = copy.deepcopy(review)
        return review

    async def get(self, review_id: int, *, for_update: bool = False) -> Review | None:
        return copy.deepcopy(self.s.reviews.get(review_id))

    async def save(self, review: Review) -> None:
        self.s.reviews[review.id] = copy.deepcopy(review)

    async def latest(self, dream_id: int) -> Review | None:
        found = [r for r in self.s.reviews.values() if r.dream_id == dream_id]
        return copy.deepcopy(max(found, key=lambda r: r.round)) if found else None

    async def open_in(self, branch_id: int) -> list[Review]:
        return [copy.deepcopy(r) for r in self.s.reviews.values() if r.branch_id == branch_id and r.open]

    async def add_vote(self, vote: Vote) -> None:
        if any(v.review_id == vote.review_id and v.voter_id == vote.voter_id for v in self.s.votes):
            raise Conflict("vote")
        self.s.votes.append(vote)

    async def votes(self, review_id: int) -> list[Vote]:
        return [v for v in self.s.votes if v.review_id == review_id]


class FakeBank:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def add_like(self, like: Like) -> None:
        if await self.has_liked(like.dream_id, like.member_id):
            raise Conflict("like")
        self.s.likes.append(like)

    async def likes(self, dream_id: int) -> int:
        return sum(1 for like in self.s.likes if like.dream_id == dream_id)

    async def likers(self, dream_id: int) -> list[int]:
        return [like.member_id for like in self.s.likes if like.dream_id == dream_id]

    async def has_liked(self, dream_id: int, member_id: int) -> bool:
        return any(x.dream_id == dream_id and x.member_id == member_id for x in self.s.likes)

    async def add_pledge(self, pledge: Pledge) -> Pledge:
        pledge.id = self.s.new_id()
        self.s.pledges[pledge.id] = copy.deepcopy(pledge)
        return pledge

    async def pledges(self, dream_id: int) -> list[Pledge]:
        return [copy.deepcopy(p) for p in self.s.pledges.values() if p.dream_id == dream_id]


class FakeProjects:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def add(self, project: Project) -> Project:
        project.id = self.s.new_id()
        self.s.projects[project.id] = copy.deepcopy(project)
        return project

    async def get(self, project_id: int) -> Project | None:
        return copy.deepcopy(self.s.projects.get(project_id))

    async def by_dream(self, dream_id: int) -> Project | None:
        return next((copy.deepcopy(p) for p in self.s.projects.values() if p.dream_id == dream_id), None)

    async def save(self, project: Project) -> None:
        self.s.projects[project.id] = copy.deepcopy(project)

    async def in_branch(self, branch_id: int, active: bool) -> list[Project]:
        from core.model.projects import ProjectState

        return [copy.deepcopy(p) for p in self.s.projects.values()
                if p.branch_id == branch_id and (p.state is ProjectState.ACTIVE) == active]

    async def team(self, project_id: int) -> list[TeamMember]:
        return [t for t in self.s.team if t.project_id == project_id]

    async def add_team_member(self, member: TeamMember) -> None:
        if any(t.project_id == member.project_id and t.member_id == member.member_id for t in self.s.team):
            raise Conflict("team")
        self.s.team.append(member)

    async def follow(self, dream_id: int, member_id: int) -> None:
        if (dream_id, member_id) not in self.s.followers:
            self.s.followers.append((dream_id, member_id))

    async def followers(self, dream_id: int) -> list[int]:
        return [m for d, m in self.s.followers if d == dream_id]

    async def add_update(self, update: ProjectUpdate) -> ProjectUpdate:
        update.id = self.s.new_id()
        self.s.updates[update.id] = copy.deepcopy(update)
        return update

    async def updates(self, project_id: int) -> list[ProjectUpdate]:
        return [copy.deepcopy(u) for u in self.s.updates.values() if u.project_id == project_id]


class FakeOutbox:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def put(self, notice: Notice) -> None:
        notice.id = self.s.new_id()
        self.s.notices[notice.id] = copy.deepcopy(notice)

    async def pending_for(self, member_id: int, limit: int = 50) -> list[Notice]:
        found = [n for n in self.s.notices.values() if n.member_id == member_id and n.status is NoticeStatus.PENDING]
        return [copy.deepcopy(n) for n in found[:limit]]

    async def pending_on(self, platform: str, limit: int = 100) -> list[Delivery]:
        out = []
        for n in self.s.notices.values():
            if n.status is not NoticeStatus.PENDING:
                continue
            if n.audience is Audience.MEMBER:
                chats = [i.external_id for i, m in self.s.identities.items()
                         if m == n.member_id and i.platform == platform and i not in self.s.unreachable]
            else:
                chats = [x.chat_id for x in self.s.links if x.branch_id == n.branch_id and x.platform == platform
                         and x.purpose.value == n.audience.value]
            out += [Delivery(copy.deepcopy(n), chat) for chat in chats[:1]]
        return out[:limit]

    async def mark_sent(self, notice_id: int, channel: str, at: datetime, message_id: str | None = None) -> None:
        self.s.notices[notice_id] = replace(self.s.notices[notice_id], status=NoticeStatus.SENT, channel=channel,
                                            sent_at=at)

    async def mark_failed(self, notice_id: int, channel: str, at: datetime, reason: str) -> None:
        self.s.notices[notice_id] = replace(self.s.notices[notice_id], status=NoticeStatus.FAILED, channel=channel)

    async def supersede(self, notice_ids, at: datetime) -> None:
        for i in notice_ids:
            self.s.notices[i] = replace(self.s.notices[i], status=NoticeStatus.SUPERSEDED)


class FakeInbox:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def first_time(self, key: str, at: datetime) -> bool:
        if key in self.s.inbox:
            return False
        self.s.inbox.add(key)
        return True


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
        self.s.audit.append(replace(entry, id=self.s.new_id()))

    async def about(self, subject: str) -> list[AuditEntry]:
        return [e for e in self.s.audit if e.subject == subject]


class FakeDialogs:
    def __init__(self, s: _Store) -> None:
        self.s = s

    async def current(self, member_id: int) -> DialogState | None:
        return copy.deepcopy(self.s.dialogs.get(member_id))

    async def save(self, state: DialogState) -> DialogState:
        state = replace(state, id=state.id or self.s.new_id())
        self.s.dialogs[state.member_id] = copy.deepcopy(state)
        return state

    async def end(self, member_id: int) -> None:
        self.s.dialogs.pop(member_id, None)


class FakeUnitOfWork:
    """Works on a copy of the store; commit swaps the copy in, anything else throws it away."""

    def __init__(self, database: "FakeDatabase") -> None:
        self._database = database
        self.committed = False

    async def __aenter__(self) -> "FakeUnitOfWork":
        self._store = copy.deepcopy(self._database.store)
        s = self._store
        self.branches, self.members, self.dreams = FakeBranches(s), FakeMembers(s), FakeDreams(s)
        self.reviews, self.bank, self.projects = FakeReviews(s), FakeBank(s), FakeProjects(s)
        self.outbox, self.audit, self.dialogs = FakeOutbox(s), FakeAudit(s), FakeDialogs(s)
        self.inbox, self.posts = FakeInbox(s), FakePosts(s)
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._store = None

    async def commit(self) -> None:
        self._database.store = self._store
        self._store = copy.deepcopy(self._store)
        self.committed = True


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
