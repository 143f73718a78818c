"""The unit of work: one session and one transaction, committed only when told to."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .repositories import (SqlAccounts, SqlAudit, SqlBank, SqlBranches, SqlBroadcasts, SqlCalls, SqlCards, SqlDialogs,
                           SqlDreams, SqlEvents, SqlFunds, SqlInboundUpdates, SqlInbox, SqlInquiries,
                           SqlMemberPreferences, SqlMembers, SqlNeeds, SqlNewsletters, SqlOutbox, SqlPadrivere,
                           SqlPictures, SqlPlans, SqlPosts, SqlPrivacy, SqlProjects, SqlReviews, SqlRuns, SqlSignIn,
                           SqlTalk)


class SqlUnitOfWork:
    """`async with SqlUnitOfWork(sessions) as uow:` ... `await uow.commit()`; leaving rolls back the rest.

    `notices_written` is called after a commit that wrote notices to the outbox (a broadcast's among them): the
    deliverers look at the outbox then, rather than at every update or only when their poll comes round."""

    branches: SqlBranches
    members: SqlMembers
    accounts: SqlAccounts
    dreams: SqlDreams
    needs: SqlNeeds
    reviews: SqlReviews
    bank: SqlBank
    projects: SqlProjects
    plans: SqlPlans
    outbox: SqlOutbox
    broadcasts: SqlBroadcasts
    audit: SqlAudit
    dialogs: SqlDialogs
    inbox: SqlInbox
    inbound: SqlInboundUpdates
    posts: SqlPosts
    padrivere: SqlPadrivere
    events: SqlEvents
    calls: SqlCalls
    funds: SqlFunds
    inquiries: SqlInquiries
    talk: SqlTalk
    newsletters: SqlNewsletters
    preferences: SqlMemberPreferences
    runs: SqlRuns
    sign_in: SqlSignIn
    pictures: SqlPictures
    cards: SqlCards
    privacy: SqlPrivacy

    def __init__(self, session_factory: async_sessionmaker[AsyncSession],
                 notices_written: Callable[[], object] | None = None) -> None:
        self._session_factory = session_factory
        self._session: AsyncSession | None = None
        self._notices_written = notices_written

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("the unit of work is not open: use it in 'async with'")
        return self._session

    async def __aenter__(self) -> "SqlUnitOfWork":
        if self._session is not None:
            raise RuntimeError("this unit of work is open already")
        session = self._session_factory()
        await session.begin()
        self._session = session
        self.branches, self.members, self.accounts = SqlBranches(session), SqlMembers(session), SqlAccounts(session)
        self.dreams, self.reviews = SqlDreams(session), SqlReviews(session)
        self.bank, self.projects = SqlBank(session), SqlProjects(session)
        self.outbox, self.audit, self.dialogs = SqlOutbox(session), SqlAudit(session), SqlDialogs(session)
        self.broadcasts = SqlBroadcasts(session)
        self.inbox, self.inbound, self.posts = SqlInbox(session), SqlInboundUpdates(session), SqlPosts(session)
        self.padrivere, self.events = SqlPadrivere(session), SqlEvents(session)
        self.calls, self.newsletters = SqlCalls(session), SqlNewsletters(session)
        self.preferences, self.runs = SqlMemberPreferences(session), SqlRuns(session)
        self.sign_in, self.pictures, self.cards = SqlSignIn(session), SqlPictures(session), SqlCards(session)
        self.privacy = SqlPrivacy(session)
        self.funds = SqlFunds(session)
        self.inquiries = SqlInquiries(session)
        self.talk = SqlTalk(session)
        self.plans = SqlPlans(session)
        self.needs = SqlNeeds(session)
        return self

    async def __aexit__(self, *exc: object) -> None:
        session, self._session = self.session, None
        try:
            await session.rollback()
        finally:
            await session.close()

    async def commit(self) -> None:
        await self.session.commit()
        if self.outbox.written or self.broadcasts.written:
            self.outbox.written = self.broadcasts.written = False
            if self._notices_written is not None:
                self._notices_written()

    async def rollback(self) -> None:
        await self.session.rollback()
