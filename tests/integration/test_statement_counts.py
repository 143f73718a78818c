"""The statements the hot calls send stay few, and do not grow with what they show: a dream card reads its pledges and
their names in the same statements whether there are two or a hundred, and a like is a handful of statements."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from typing import Any

from sqlalchemy import event

from core.clock import FixedClock
from core.model.bank import BankQuery, Pledge
from core.model.dreams import DreamState, Need
from core.model.events import Answer, EventAudience
from core.model.members import Member
from core.model.needs import DreamNeed
from core.model.projects import ProjectUpdate, TeamMember
from core.usecases.bank import bank_page, like_dream
from core.usecases.dreams import read_dream
from core.usecases.pledges import dream_pledges, my_pledges
from core.usecases.events import respond
from core.usecases.projects import read_project, start_project

from tests.factories import AT, a_dream, an_event, later, seed

LIKE_MOST = 12  # statements a like may send, BEGIN and COMMIT aside
RSVP_MOST = 14  # and an answer to an event


@contextmanager
def counted(database: Any) -> Iterator[list[str]]:
    """The statements the database's engine sends meanwhile (transaction control aside)."""
    sent: list[str] = []

    def before(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            sent.append(statement)

    event.listen(database.engine.sync_engine, "before_cursor_execute", before)
    try:
        yield sent
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", before)


async def statements_of(database: Any, call: Callable[[Any], Awaitable[Any]]) -> list[str]:
    async with database() as uow:
        with counted(database) as sent:
            await call(uow)
    return sent


async def a_dream_pledged_by(database: Any, s: Any, pledgers: int, state: DreamState = DreamState.APPROVED) -> int:
    """A dream in the bank with a pledge from each of `pledgers` members of its own."""
    async with database() as uow:
        dream = await uow.dreams.add(a_dream(s, state=state))
        need = await uow.needs.add(DreamNeed(dream.id, Need.TIME, "Saturdays"))
        for n in range(pledgers):
            neighbour = await uow.members.add(Member(f"Neighbour {n}", s.branch.id, None, AT))
            await uow.bank.add_pledge(Pledge(dream.id, neighbour.id, Need.TIME, "Two hours", None, later(n),
                                             need_id=need.id))
        await uow.commit()
    return dream.id


class TestDreamCard:
    async def test_a_card_with_a_hundred_pledges_sends_the_statements_one_with_two_does(self, uow_factory):
        s = await seed(uow_factory)
        few, many = await a_dream_pledged_by(uow_factory, s, 2), await a_dream_pledged_by(uow_factory, s, 100)

        with_two = await statements_of(uow_factory, lambda uow: read_dream(uow, s.bjorn, few))
        with_a_hundred = await statements_of(uow_factory, lambda uow: read_dream(uow, s.bjorn, many))

        assert len(with_a_hundred) == len(with_two), "\n".join(with_a_hundred)
        async with uow_factory() as uow:
            facts = await read_dream(uow, s.bjorn, many)
        assert len(facts.pledges) == 100
        assert {name for name, _ in facts.pledges} == {f"Neighbour {n}" for n in range(100)}

    async def test_the_owners_list_of_a_hundred_pledges_sends_the_statements_one_of_two_does(self, uow_factory):
        s = await seed(uow_factory)
        few, many = await a_dream_pledged_by(uow_factory, s, 2), await a_dream_pledged_by(uow_factory, s, 100)

        with_two = await statements_of(uow_factory, lambda uow: dream_pledges(uow, s.anna, few))
        with_a_hundred = await statements_of(uow_factory, lambda uow: dream_pledges(uow, s.anna, many))

        assert len(with_a_hundred) == len(with_two), "\n".join(with_a_hundred)
        async with uow_factory() as uow:
            _dream, facts = await dream_pledges(uow, s.anna, many)
        assert [f.pledger for f in facts] == [f"Neighbour {n}" for n in range(100)]
        assert {f.need.description for f in facts} == {"Saturdays"} and {f.currency for f in facts} == {"NOK"}

    async def test_a_members_own_pledges_read_each_dream_once_however_many_they_offered_it(self, uow_factory):
        s = await seed(uow_factory)
        dream_id = await a_dream_pledged_by(uow_factory, s, 0)
        async with uow_factory() as uow:
            need = (await uow.needs.of_dream(dream_id))[0]
            for n in range(10):
                await uow.bank.add_pledge(Pledge(dream_id, s.bjorn.id, Need.TIME, f"Hour {n}", None, later(n),
                                                 need_id=need.id))
            await uow.commit()

        sent = await statements_of(uow_factory, lambda uow: my_pledges(uow, s.bjorn))

        assert sum("FROM dreams" in statement for statement in sent) == 1, "\n".join(sent)
        async with uow_factory() as uow:
            facts = await my_pledges(uow, s.bjorn)
        assert [f.pledge.description for f in facts] == [f"Hour {n}" for n in reversed(range(10))]
        assert {f.pledger for f in facts} == {"Bjørn"} and all(f.mine for f in facts)

    async def test_a_projects_card_sends_the_same_statements_whatever_its_team_and_updates(self, uow_factory):
        s = await seed(uow_factory)
        projects = []
        for size in (1, 30):
            dream_id = await a_dream_pledged_by(uow_factory, s, 0)
            async with uow_factory() as uow:
                dream = await uow.dreams.get(dream_id)
                project = await start_project(uow, later(1), dream)
                for n in range(size):
                    neighbour = await uow.members.add(Member(f"Worker {size}-{n}", s.branch.id, None, AT))
                    await uow.projects.add_team_member(TeamMember(project.id, neighbour.id, "hands"))
                    await uow.projects.add_update(ProjectUpdate(project.id, neighbour.id, "Going well", later(n)))
                await uow.commit()
            projects.append(project.id)

        small = await statements_of(uow_factory, lambda uow: read_project(uow, s.bjorn, projects[0]))
        large = await statements_of(uow_factory, lambda uow: read_project(uow, s.bjorn, projects[1]))

        assert len(large) == len(small), "\n".join(large)


class TestLike:
    async def test_a_like_sends_a_handful_of_statements_and_counts_the_likes_once(self, uow_factory):
        s = await seed(uow_factory)
        dream_id = await a_dream_pledged_by(uow_factory, s, 40)
        clock = FixedClock(AT + timedelta(hours=1))

        async with uow_factory() as uow:
            with counted(uow_factory) as sent:
                likes = await like_dream(uow, clock, s.bjorn, dream_id)
                await uow.commit()

        assert likes == 1
        assert len(sent) <= LIKE_MOST, "\n".join(sent)
        assert not any("SELECT pledges.id" in statement for statement in sent), "a like reads no pledge whole"
        assert sum("count(" in statement.lower() and "likes" in statement for statement in sent) <= 1


class TestRsvp:
    async def test_an_answer_to_an_event_counts_the_answers_for_its_post_and_its_reply_once(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            event = await uow.events.add(replace(an_event(s, capacity=None), audience=EventAudience.EVERYONE))
            await uow.commit()

        async with uow_factory() as uow:
            with counted(uow_factory) as sent:
                result = await respond(uow, FixedClock(AT), s.bjorn, event.id, Answer.GOING)
                await uow.commit()

        assert result.counts.going == 1
        assert len(sent) <= RSVP_MOST, "\n".join(sent)
        assert sum("GROUP BY rsvps.answer" in statement for statement in sent) == 2, "\n".join(sent)
        assert sum("FROM branches" in statement for statement in sent) == 1, "\n".join(sent)


class TestBankListing:
    async def test_a_page_of_the_bank_reads_a_page_of_dreams_not_every_one(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            for minutes in range(45):
                await uow.dreams.add(a_dream(s, minutes=minutes, state=DreamState.APPROVED))
            await uow.commit()

        sent = await statements_of(uow_factory, lambda uow: bank_page(uow, s.branch.id, BankQuery(), size=10))

        assert sent and all("LIMIT" in statement.upper() or "count(" in statement.lower()
                            for statement in sent if "FROM dreams" in statement), "\n".join(sent)
