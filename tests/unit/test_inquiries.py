"""One entrance: an inquiry gets its consultant at once, the thread stays one through hand-overs, and an inquiry
left waiting reminds its owner, then the branch admin, once each."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from core.errors import NotFound
from core.model.branches import Branch
from core.model.inquiries import (EntryKind, Inquiry, InquiryState, add_working_days, next_in_turn, parse_topics,
                                  response_times, working_days_between)
from core.model.members import Identity, Member, Role
from core.model.notices import NoticeKind
from core.i18n import translate
from core.usecases import inquiries
from core.views.actions import Action
from core.views.inquiries import desk_page
from tests.factories import add_member
from tests.unit.circle import notices_of, refused


@pytest.fixture
async def desk(village):
    """The village with two consultants, Karl and Lise."""
    async with village.db() as uow:
        for name in ("karl", "lise"):
            village.people[name] = await add_member(uow, village.branch.id, name.capitalize(), Identity("test", name),
                                                    village.clock.now(), [Role.CONSULTANT])
        await uow.commit()
    return village


async def ask(v, who="anna", text="May we borrow the school hall on Saturdays?", topic=""):
    async with v.db() as uow:
        done = await inquiries.ask(uow, v.clock, getattr(v, who), v.branch, text, topic)
        await uow.commit()
    return done


async def act(v, use, who, *args):
    async with v.db() as uow:
        done = await use(uow, v.clock, getattr(v, who), *args)
        await uow.commit()
    return done


# -- assignment ----------------------------------------------------------------------------------------


async def test_inquiries_go_round_the_consultants_and_the_enthusiast_is_told_who_owns_one(desk):
    owners = [(await ask(desk, text=f"Question {n}")).owner_id for n in range(3)]
    assert owners == [desk.karl.id, desk.lise.id, desk.karl.id]
    [new, _] = await notices_of(desk.db, desk.karl.id, NoticeKind.INQUIRY_ASSIGNED)
    assert new.params["asker"] == "Anna" and "question" not in new.params


async def test_by_topic_the_consultant_whose_keyword_fits_owns_it_else_it_goes_in_turn(desk):
    async with desk.db() as uow:
        await uow.branches.save(replace(desk.branch, inquiry_assignment="topic"))
        await uow.commit()
    desk.branch = replace(desk.branch, inquiry_assignment="topic")
    assert await act(desk, inquiries.set_topics, "lise", desk.branch, "Culture, halls ,culture") == ["culture", "halls"]
    assert (await ask(desk, text="Can we rent one of the halls?")).owner_id == desk.lise.id
    assert (await ask(desk, text="Something else", topic="Culture")).owner_id == desk.lise.id
    assert (await ask(desk, text="Roads and bridges")).owner_id == desk.karl.id
    with refused("for the branch's consultants"):
        await act(desk, inquiries.set_topics, "anna", desk.branch, "roads")


async def test_without_a_consultant_the_branch_admin_owns_it_and_is_told_so(village):
    inquiry = await ask(village)
    assert inquiry.owner_id == village.gustav.id
    [new] = await notices_of(village.db, village.gustav.id, NoticeKind.INQUIRY_ASSIGNED)
    assert new.params["no_consultant"] is True


async def test_an_empty_or_too_long_question_or_a_member_of_another_branch_is_refused_and_nothing_is_kept(desk):
    with refused("write your question"):
        await ask(desk, text="   ")
    with refused("too long"):
        await ask(desk, text="x" * 2001)
    async with desk.db() as uow:
        other = await uow.branches.add(Branch("havby", "Havby"))
        stranger = await uow.members.add(Member("Stian", other.id), Identity("test", "stian"))
        await uow.commit()
    with refused("only your own branch"):
        async with desk.db() as uow:
            await inquiries.ask(uow, desk.clock, stranger, desk.branch, "Hello?")
    async with desk.db() as uow:
        assert list(await uow.inquiries.in_branch(desk.branch.id)) == []
        with pytest.raises(NotFound):
            await inquiries.thread(uow, stranger, 1)


# -- answering and handing over keep one thread --------------------------------------------------------


async def test_a_hand_over_keeps_one_thread_and_the_colleagues_answer_arrives_in_it(desk):
    inquiry = await ask(desk)
    assert inquiry.owner_id == desk.karl.id
    with refused("Only the consultant who owns"):
        await act(desk, inquiries.answer, "lise", inquiry.id, "Not mine")
    handed = await act(desk, inquiries.hand_over, "karl", inquiry.id, desk.lise.id)
    assert handed.owner_id == desk.lise.id
    told = await notices_of(desk.db, desk.anna.id, NoticeKind.INQUIRY_OWNER)
    assert told[-1].params["owner"] == "Lise" and told[-1].params["handed"] is True
    assert (await notices_of(desk.db, desk.lise.id, NoticeKind.INQUIRY_ASSIGNED))[0].params["handed_by"] == "Karl"
    with refused("Only the consultant who owns"):
        await act(desk, inquiries.answer, "karl", inquiry.id, "Late")
    answered = await act(desk, inquiries.answer, "lise", inquiry.id, "Yes, every Saturday from 10.")
    assert answered.state is InquiryState.ANSWERED and answered.answered_at == desk.clock.now()
    [message] = await notices_of(desk.db, desk.anna.id, NoticeKind.INQUIRY_MESSAGE)
    assert message.params["text"] == "Yes, every Saturday from 10." and message.params["inquiry_id"] == inquiry.id
    await act(desk, inquiries.reply, "anna", inquiry.id, "Thank you! And Sundays?")
    assert (await notices_of(desk.db, desk.lise.id, NoticeKind.INQUIRY_MESSAGE))[0].params["author"] == "Anna"
    async with desk.db() as uow:
        seen = await inquiries.thread(uow, desk.anna, inquiry.id)
        log = [(e.action, e.actor_id) for e in await uow.audit.about(f"inquiry:{inquiry.id}")]
    assert [e.kind for e in seen.entries] == [EntryKind.QUESTION, EntryKind.HANDOVER, EntryKind.ANSWER,
                                              EntryKind.QUESTION]
    assert seen.inquiry.state is InquiryState.OPEN and not seen.may_answer
    assert log == [("inquiry_ask", desk.anna.id), ("inquiry_hand_over", desk.karl.id),
                   ("inquiry_answer", desk.lise.id)]


async def test_a_hand_over_goes_only_to_a_consultant_of_the_branch_and_only_the_asker_replies(desk):
    inquiry = await ask(desk)
    with refused("choose a consultant"):
        await act(desk, inquiries.hand_over, "karl", inquiry.id, desk.anna.id)
    with refused("choose a consultant"):
        await act(desk, inquiries.hand_over, "karl", inquiry.id, desk.karl.id)
    with refused("Only the one who asked"):
        await act(desk, inquiries.reply, "frida", inquiry.id, "Me too")
    async with desk.db() as uow:
        assert [m.id for m in await inquiries.colleagues(uow, desk.karl, inquiry.id)] == [desk.lise.id, desk.gustav.id]
    await act(desk, inquiries.close, "anna", inquiry.id)
    with refused("closed"):
        await act(desk, inquiries.answer, "karl", inquiry.id, "Too late")


# -- reminders ------------------------------------------------------------------------------------------


async def remind(v) -> int:
    async with v.db() as uow:
        written = await inquiries.remind_inquiries(uow, v.clock, v.branch.id)
        await uow.commit()
    return written


async def test_an_unanswered_inquiry_reminds_its_owner_then_the_admin_once_each_counting_working_days(desk):
    # asked on a Thursday; two working days are Friday and Monday
    desk.clock._at = datetime(2026, 5, 7, 9, 0, tzinfo=timezone.utc)
    inquiry = await ask(desk)
    desk.clock.advance(days=3, hours=23)  # Sunday night: the weekend does not count
    assert await remind(desk) == 0
    desk.clock.advance(hours=1)  # Monday 09:00
    assert await remind(desk) == 1
    assert await remind(desk) == 0
    [late] = await notices_of(desk.db, desk.karl.id, NoticeKind.INQUIRY_LATE)
    assert late.params["inquiry_id"] == inquiry.id and late.params["admin"] is False
    assert not await notices_of(desk.db, desk.gustav.id, NoticeKind.INQUIRY_LATE)
    desk.clock.advance(days=1)  # Tuesday: one working day more
    assert await remind(desk) == 1
    [late] = await notices_of(desk.db, desk.gustav.id, NoticeKind.INQUIRY_LATE)
    assert late.params["admin"] is True and late.params["owner"] == "Karl"
    desk.clock.advance(days=5)
    assert await remind(desk) == 0


async def test_an_answered_inquiry_reminds_nobody(desk):
    inquiry = await ask(desk)
    await act(desk, inquiries.answer, "karl", inquiry.id, "Yes")
    desk.clock.advance(days=10)
    assert await remind(desk) == 0


# -- the branch's response times and the desk ------------------------------------------------------------


async def test_the_desk_shows_a_consultant_their_own_an_admin_all_and_both_the_response_times(desk):
    first = await ask(desk, text="One")
    second = await ask(desk, text="Two")
    desk.clock.advance(hours=2)
    await act(desk, inquiries.answer, "karl", first.id, "Yes")
    async with desk.db() as uow:
        karls = await inquiries.desk(uow, desk.clock, desk.karl, desk.branch)
        admins = await inquiries.desk(uow, desk.clock, desk.gustav, desk.branch)
        annas = await inquiries.desk(uow, desk.clock, desk.anna, desk.branch)
    assert karls.waiting == [] and [i.id for i in admins.waiting] == [second.id]
    assert karls.times.median == timedelta(hours=2) and karls.times.longest_open == timedelta(hours=2)
    assert annas.times is None and [i.id for i in annas.mine] == [second.id, first.id]


async def test_a_page_of_questions_shows_a_consultant_their_desk_then_what_they_asked_and_others_their_own(desk):
    theirs = await ask(desk, text="One")
    own = await ask(desk, who="karl", text="Is the hall free?")
    async with desk.db() as uow:
        for_karl = desk_page(await inquiries.desk(uow, desk.clock, desk.karl, desk.branch))
        for_anna = desk_page(await inquiries.desk(uow, desk.clock, desk.anna, desk.branch))
    assert [translate(listing.title, "en") for listing in for_karl] == ["Your open inquiries:", "Your inquiries:"]
    assert [e.open.args for e in for_karl[0].entries] == [(str(theirs.id),)]
    assert [e.open.args for e in for_karl[1].entries] == [(str(own.id),)]
    assert "Response times" in translate(for_karl[0].intro[0], "en")
    [annas] = for_anna
    assert translate(annas.title, "en") == "Your inquiries:" and annas.intro == ()
    assert annas.actions[0][0].action is Action.ASK


def test_response_times_take_the_median_of_first_answers_and_the_longest_still_waiting():
    t = datetime(2026, 5, 4, tzinfo=timezone.utc)
    asked = [Inquiry(1, 1, "q", 2, t, answered_at=t + timedelta(hours=h)) for h in (1, 3, 8)]
    waiting = [Inquiry(1, 1, "q", 2, t + timedelta(hours=h)) for h in (0, 5)]
    closed = Inquiry(1, 1, "q", 2, t - timedelta(days=9), state=InquiryState.CLOSED)
    times = response_times(asked + waiting + [closed], t + timedelta(hours=10))
    assert times.median == timedelta(hours=3) and times.longest_open == timedelta(hours=10)
    assert (times.answered, times.waiting) == (3, 2)
    assert response_times([], t).median is None


def test_working_days_skip_the_weekend_in_the_branchs_time_zone():
    friday_evening = datetime(2026, 5, 8, 21, 30, tzinfo=timezone.utc)  # Friday 23:30 in Oslo
    assert add_working_days(friday_evening, 1, "Europe/Oslo") == datetime(2026, 5, 11, 21, 30, tzinfo=timezone.utc)
    assert working_days_between(friday_evening, friday_evening + timedelta(days=4), "Europe/Oslo") == 2


def test_turns_and_topics():
    assert next_in_turn([7, 3, 5], None) == 3 and next_in_turn([7, 3, 5], 5) == 7 and next_in_turn([7, 3], 7) == 3
    assert parse_topics(" Roads; halls,, ROADS ") == ["roads", "halls"]
