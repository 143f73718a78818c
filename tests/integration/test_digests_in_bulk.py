"""Digests written a page of members at a time: the statements a run sends do not grow with the members, a run
stopped mid-way and run again sends nobody two digests, and moving windows on keeps everyone's choices."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from core.clock import FixedClock
from core.model.branches import Branch
from core.model.dreams import Dream, DreamState, Need
from core.model.members import Member, Role
from core.model.notices import NoticeKind
from core.model.preferences import DigestFrequency, Preferences
from core.usecases import digests
from storage.tables import MemberPreferencesRow, MemberRow, NoticeRow, RoleGrantRow

#: Monday 30 November 2026, nine in the morning in Oslo: daily and weekly digests are both due
MONDAY = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)
DREAMS = 3
#: what a page costs at most here: its members read, their windows moved on (one statement for the daily, one for
#: the weekly), a statement for each of the four digests (daily or weekly, for the circle or not), one for the
#: mails, and the transaction's own
PER_PAGE = 9


async def branch_of(db, slug: str, members: int) -> Branch:
    """A branch with `members` members written in bulk: every third takes a daily digest in chat and by email,
    every fifth none at all, the rest never chose (weekly, in chat); every other one is a pådriver (so that even
    ten members get each of the four digests, daily or weekly, for the circle or not, at least twice); a few
    dreams went into the bank an hour ago."""
    clock = FixedClock(MONDAY)
    async with db() as uow:
        branch = await uow.branches.add(Branch(slug, slug.capitalize()))
        ids = (await uow.session.execute(sa.insert(MemberRow).returning(MemberRow.id), [
            dict(display_name=f"M{i}", branch_id=branch.id, joined_at=clock.now()) for i in range(members)
        ])).scalars().all()
        chosen = [dict(member_id=m, digest="daily", digest_by_email=True, email=f"m{m}@example.org")
                  for i, m in enumerate(ids) if i % 3 == 0]
        chosen += [dict(member_id=m, digest="never") for i, m in enumerate(ids) if i % 5 == 0 and i % 3 != 0]
        await uow.session.execute(sa.insert(MemberPreferencesRow), chosen)
        await uow.session.execute(sa.insert(RoleGrantRow), [
            dict(branch_id=branch.id, member_id=m, role=Role.PADRIVER.value) for i, m in enumerate(ids) if i % 2 == 0])
        for d in range(DREAMS):
            at = clock.now() - timedelta(minutes=60 - d)
            await uow.dreams.add(Dream(branch.id, ids[0], f"Dream {d}", "A story.", frozenset({Need.TIME}), "",
                                       DreamState.APPROVED, at, decided_at=at))
        await uow.commit()
    return branch


def owed(members: int) -> int:
    """How many of `members` (as branch_of makes them) are owed a digest: all but every fifth who is not third."""
    return sum(1 for i in range(members) if i % 3 == 0 or i % 5 != 0)


def counting(db) -> list[str]:
    seen: list[str] = []

    @sa.event.listens_for(db.engine.sync_engine, "before_cursor_execute")
    def remember(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    return seen


async def statements_of_a_run(db, branch: Branch, page: int) -> int:
    seen = counting(db)
    before = len(seen)
    await digests.send_digests(db, FixedClock(MONDAY), branch.id, page=page)
    return len(seen) - before


async def digests_in(db, branch: Branch) -> dict[int | None, int]:
    async with db() as uow:
        rows = (await uow.session.execute(
            sa.select(NoticeRow.member_id, sa.func.count()).where(NoticeRow.branch_id == branch.id,
                                                                   NoticeRow.kind == NoticeKind.DIGEST.value,
                                                                   NoticeRow.via.is_(None))
            .group_by(NoticeRow.member_id))).all()
    return {member_id: n for member_id, n in rows}


class TestStatementsOfADigestRun:
    async def test_two_hundred_members_cost_the_statements_ten_do_and_each_further_page_a_few(self, uow_factory):
        few, many, paged = (await branch_of(uow_factory, "few", 10), await branch_of(uow_factory, "many", 200),
                            await branch_of(uow_factory, "paged", 200))

        for_few = await statements_of_a_run(uow_factory, few, page=1000)
        for_many = await statements_of_a_run(uow_factory, many, page=1000)
        for_many_in_four_pages = await statements_of_a_run(uow_factory, paged, page=50)  # 174 owed a digest

        assert for_many == for_few <= 20
        assert for_few < for_many_in_four_pages <= for_few + 3 * PER_PAGE
        for branch in (many, paged):
            written = await digests_in(uow_factory, branch)
            assert len(written) == owed(200) and set(written.values()) == {1}

    async def test_the_digest_by_email_goes_to_each_address_once(self, uow_factory):
        branch = await branch_of(uow_factory, "mailed", 30)

        await digests.send_digests(uow_factory, FixedClock(MONDAY), branch.id, page=7)

        async with uow_factory() as uow:
            addresses = (await uow.session.scalars(
                sa.select(NoticeRow.address).where(NoticeRow.branch_id == branch.id, NoticeRow.via == "email"))).all()
        assert len(set(addresses)) == len(addresses) == 10  # every third of 30 chose email


class _Crashing:
    """A unit-of-work factory whose `fail_at`-th commit raises, as a process killed mid-run would stop."""

    def __init__(self, db, fail_at: int) -> None:
        self.db, self.fail_at, self.commits = db, fail_at, 0

    def __call__(self):
        uow = self.db()
        commit = uow.commit

        async def crashing_commit() -> None:
            self.commits += 1
            if self.commits == self.fail_at:
                raise ConnectionError("killed")
            await commit()

        uow.commit = crashing_commit
        return uow


class TestADigestRunStoppedMidway:
    async def test_running_again_sends_the_rest_and_nobody_twice(self, uow_factory):
        branch = await branch_of(uow_factory, "crashy", 23)
        clock = FixedClock(MONDAY)

        with pytest.raises(ConnectionError):
            await digests.send_digests(_Crashing(uow_factory, fail_at=3), clock, branch.id, page=5)
        halfway = await digests_in(uow_factory, branch)
        clock.advance(minutes=3)
        await digests.send_digests(uow_factory, clock, branch.id, page=5)
        await digests.send_digests(uow_factory, clock, branch.id, page=5)

        assert 0 < len(halfway) < owed(23), "the first two pages were written, the rest not"
        written = await digests_in(uow_factory, branch)
        assert len(written) == owed(23) and set(written.values()) == {1}


class TestMarkDigested:
    @pytest.mark.in_memory_too
    async def test_windows_move_on_and_every_choice_stays(self, uow_factory):
        async with uow_factory() as uow:
            branch = await uow.branches.add(Branch("marked", "Marked"))
            chose = await uow.members.add(Member("Chose", branch.id, None, MONDAY))
            never_chose = await uow.members.add(Member("Never chose", branch.id, None, MONDAY))
            await uow.preferences.save(Preferences(chose.id, DigestFrequency.DAILY, digest_in_chat=False,
                                                   digest_by_email=True, email="chose@example.org",
                                                   digested_until=MONDAY - timedelta(days=1)))
            await uow.commit()

        async with uow_factory() as uow:
            moved = await uow.preferences.mark_digested([chose.id, never_chose.id], MONDAY, ended_by=MONDAY)
            nobody = await uow.preferences.mark_digested([], MONDAY, ended_by=MONDAY)
            await uow.commit()

        async with uow_factory() as uow:
            found = await uow.preferences.many([chose.id, never_chose.id])
        assert moved == {chose.id, never_chose.id} and nobody == set()
        assert found[chose.id] == Preferences(chose.id, DigestFrequency.DAILY, digest_in_chat=False,
                                              digest_by_email=True, email="chose@example.org", digested_until=MONDAY)
        assert found[never_chose.id] == Preferences(never_chose.id, digested_until=MONDAY)

    @pytest.mark.in_memory_too
    async def test_a_window_moved_on_since_it_was_due_stays_where_it_is(self, uow_factory):
        async with uow_factory() as uow:
            branch = await uow.branches.add(Branch("moved", "Moved"))
            member = await uow.members.add(Member("Already", branch.id, None, MONDAY))
            await uow.preferences.save(Preferences(member.id, digested_until=MONDAY))
            await uow.commit()

        async with uow_factory() as uow:
            moved = await uow.preferences.mark_digested([member.id], MONDAY + timedelta(minutes=1),
                                                        ended_by=MONDAY - timedelta(hours=12))
            await uow.commit()

        async with uow_factory() as uow:
            assert moved == set() and (await uow.preferences.get(member.id)).digested_until == MONDAY


class _Overtaken:
    """A unit-of-work factory whose first page is overtaken: between reading its members and writing their digests,
    another run (on the plain factory) does the whole branch, as a second scheduler would."""

    def __init__(self, db, other_run) -> None:
        self.db, self.other_run, self.overtaken = db, other_run, False

    def __call__(self) -> "_Overtaken":
        self.uow = self.db()
        return self

    async def __aenter__(self):
        opened = await self.uow.__aenter__()
        read = opened.preferences.subscribers

        async def subscribers(*args, **kwargs):
            found = await read(*args, **kwargs)
            if not self.overtaken:
                self.overtaken = True
                await self.other_run()
            return found

        opened.preferences.subscribers = subscribers
        return opened

    async def __aexit__(self, *exc_info):
        return await self.uow.__aexit__(*exc_info)


class TestTwoRunsAtOnce:
    async def test_a_run_overtaken_by_another_writes_nobody_a_second_digest(self, uow_factory):
        if uow_factory.dialect != "postgresql":
            pytest.skip("SQLite takes the write lock at each transaction's start: two runs cannot interleave")
        branch = await branch_of(uow_factory, "twice", 23)
        clock = FixedClock(MONDAY)

        async def other_run() -> None:
            await digests.send_digests(uow_factory, FixedClock(MONDAY + timedelta(seconds=1)), branch.id, page=5)

        written_by_the_overtaken = await digests.send_digests(_Overtaken(uow_factory, other_run), clock, branch.id,
                                                              page=5)

        written = await digests_in(uow_factory, branch)
        assert len(written) == owed(23) and set(written.values()) == {1}
        assert written_by_the_overtaken == 0
