"""A fake database and its units of work, over one shared store."""

from __future__ import annotations

import copy

from core.model.notices import Audience, Notice

from .accounts import FakeAccounts
from .audit import FakeAudit
from .bank import FakeBank
from .branches import FakeBranches
from .broadcasts import FakeBroadcasts
from .calls import FakeCalls
from .cards import FakeCards
from .talk import FakeTalk
from .dialogs import FakeDialogs
from .dreams import FakeDreams
from .events import FakeEvents
from .funds import FakeFunds
from .inbound import FakeInboundUpdates
from .inbox import FakeInbox
from .inquiries import FakeInquiries
from .members import FakeMembers
from .needs import FakeNeeds
from .newsletters import FakeNewsletters
from .outbox import FakeOutbox
from .padrivere import FakePadrivere
from .pictures import FakePictures
from .plans import FakePlans
from .posts import FakePosts
from .preferences import FakeMemberPreferences
from .privacy import FakePrivacy
from .projects import FakeProjects
from .reviews import FakeReviews
from .runs import FakeRuns
from .sign_in import FakeSignIn
from .store import Store


class FakeUnitOfWork:
    """Works on a copy of the store; commit swaps the copy in, anything else throws it away."""

    def __init__(self, database: "FakeDatabase") -> None:
        self._database = database
        self.committed = False

    async def __aenter__(self) -> "FakeUnitOfWork":
        self._work_on(copy.deepcopy(self._database.store))
        return self

    def _work_on(self, s: Store) -> None:
        self._store = s
        self.branches, self.members, self.dreams = FakeBranches(s), FakeMembers(s), FakeDreams(s)
        self.accounts = FakeAccounts(s)
        self.reviews, self.bank, self.projects = FakeReviews(s), FakeBank(s), FakeProjects(s)
        self.outbox, self.audit, self.dialogs = FakeOutbox(s), FakeAudit(s), FakeDialogs(s)
        self.broadcasts = FakeBroadcasts(s)
        self.inbox, self.inbound, self.posts = FakeInbox(s), FakeInboundUpdates(s), FakePosts(s)
        self.padrivere, self.events = FakePadrivere(s), FakeEvents(s)
        self.calls, self.newsletters = FakeCalls(s), FakeNewsletters(s)
        self.preferences, self.runs = FakeMemberPreferences(s), FakeRuns(s)
        self.sign_in, self.pictures, self.cards = FakeSignIn(s), FakePictures(s), FakeCards(s)
        self.privacy = FakePrivacy(s)
        self.funds = FakeFunds(s)
        self.inquiries = FakeInquiries(s)
        self.talk = FakeTalk(s)
        self.plans = FakePlans(s)
        self.needs = FakeNeeds(s)

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
        self.store = Store()

    def __call__(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)

    def notices_for(self, member_id: int) -> list[Notice]:
        return [n for n in self.store.notices.values() if n.member_id == member_id]

    def posts_to(self, audience: Audience) -> list[Notice]:
        return [n for n in self.store.notices.values() if n.audience is audience]
