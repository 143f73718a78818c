"""The unit of work that holds every repository, and the lease that lets one process do a job."""

from __future__ import annotations

from typing import Protocol

from .community import Calls, Events, Newsletters, Padrivere, Talk
from .delivery import Broadcasts, InboundUpdates, Inbox, Outbox, Posts
from .dreams import Bank, Cards, Dreams, Needs, Pictures, Reviews
from .members import Accounts, Branches, MemberPreferences, Members, Privacy, SignIn
from .municipality import Funds, Inquiries
from .projects import Plans, Projects
from .records import Audit, Dialogs, Runs


class UnitOfWork(Protocol):
    branches: Branches
    members: Members
    accounts: Accounts
    dreams: Dreams
    needs: Needs
    reviews: Reviews
    bank: Bank
    projects: Projects
    plans: Plans
    outbox: Outbox
    broadcasts: Broadcasts
    audit: Audit
    dialogs: Dialogs
    inbox: Inbox
    inbound: InboundUpdates
    posts: Posts
    padrivere: Padrivere
    events: Events
    calls: Calls
    funds: Funds
    inquiries: Inquiries
    talk: Talk
    newsletters: Newsletters
    preferences: MemberPreferences
    runs: Runs
    sign_in: SignIn
    pictures: Pictures
    cards: Cards
    privacy: Privacy

    async def __aenter__(self) -> "UnitOfWork": ...
    async def __aexit__(self, *exc: object) -> None:
        """Rolls back whatever was not committed."""
        ...
    async def commit(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class Lease(Protocol):
    """A job only one process of a deployment may do at a time (sending for one bot, scheduling)."""

    async def hold(self) -> bool:
        """True while this process holds the lease; takes it when it is free."""
        ...

    async def release(self) -> None: ...
