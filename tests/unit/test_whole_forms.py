"""A form sent whole (a modal, a web form) goes through the conversation as text and presses do, to the same use case."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation, Incoming, Submission
from core.model.dreams import DreamState
from core.model.members import Identity, Member, Role
from core.model.reviews import Choice
from core.usecases import reviews
from core.views.model import Question, Sheet
from tests.chat_person import Person, deposit_bench
from tests.factories import make_village

codec = ButtonCodec(b"whole-forms-test-secret")

DREAM = {"title": "A bench by the fjord", "story": "Somewhere to sit", "needs": ["materials"], "needs_detail": "",
         "non_profit": True, "social_value": "yes", "realisable": "yes"}
EVENT = {"kind": "Breakfast", "title": "Pådriver breakfast", "description": "Coffee, rolls and plans.",
         "starts": "2026-05-12 07:30", "ends": "12.05.2026 09:00", "place": "Café Fjord", "audience": "pådrivere",
         "capacity": "10", "deadline": ""}


async def send(person: Person, answers: dict, *, instance: str = "", form: str = "", page: int | None = None) -> str:
    return person._read(await person.conversation.handle(
        Incoming(person.identity, "x", form=Submission(answers, instance, form, page))))


def view(person: Person):
    return person.last.messages[-1].view


def stored(thing, *ignored: str) -> dict:
    """What was stored, without what differs between two people doing the same (ids, who, when)."""
    return {k: v for k, v in asdict(thing).items() if k not in {"id", *ignored}}


@pytest.fixture
async def people(db):
    village = await make_village(db)
    async with db() as uow:
        hanne = await uow.members.add(Member("Hanne", village.branch.id, None, village.clock.now()),
                                      Identity("test", "hanne"))
        await uow.members.grant(village.branch.id, hanne.id, Role.COMMUNITY_MANAGER)
        await uow.commit()
    conversation = Conversation(db, village.clock, codec)
    return village, {name: Person(conversation, name) for name in [*village.people, "hanne"]}


class TestTheSameUseCaseCall:
    async def test_a_dream_deposited_whole_is_stored_as_one_deposited_step_by_step(self, db, people):
        village, p = people
        await deposit_bench(p["anna"])

        said = await send(p["frida"], DREAM, form="deposit")

        assert "is deposited" in said and not p["frida"].last.refused
        by_steps, whole = sorted(db.store.dreams.values(), key=lambda d: d.id)
        assert stored(whole, "owner_id") == stored(by_steps, "owner_id")
        assert whole.state is DreamState.DEPOSITED and whole.owner_id == village.frida.id
        async with db() as uow:
            assert await uow.dialogs.current(whole.owner_id) is None

    async def test_help_offered_whole_is_stored_as_help_offered_step_by_step(self, db, people):
        village, p = people
        dream_id = await village.deposit()
        review = await village.review_of(dream_id)
        for member in (village.bjorn, village.cecilie):
            async with db() as uow:
                await reviews.cast_vote(uow, village.clock, member, review.id, Choice.APPROVE)
                await uow.commit()
        frida, dag = p["frida"], p["dag"]
        await frida.say(f"/start p{dream_id}")
        await frida.press("time — still open")
        await frida.say("A Saturday of sanding")

        await dag.say(f"/start p{dream_id}")
        question = view(dag)
        said = await send(dag, {"need": "time — covered", "description": "A Saturday of sanding", "amount": ""},
                          instance=question.sheet.instance)

        assert isinstance(question, Question) and question.sheet.form == "pledge"
        assert "Your offer of help is on “A bench by the fjord”" in said
        by_steps, whole = sorted(db.store.pledges.values(), key=lambda x: x.id)
        assert stored(whole, "member_id") == stored(by_steps, "member_id")
        assert (by_steps.member_id, whole.member_id) == (village.frida.id, village.dag.id)
        assert by_steps.need_id == whole.need_id is not None and whole.amount is None

    async def test_an_event_sent_whole_is_stored_as_one_made_step_by_step(self, db, people):
        _village, p = people
        hanne = p["hanne"]
        await hanne.say("/newevent")
        await hanne.press("Breakfast")
        await hanne.say("Pådriver breakfast")
        await hanne.say("Coffee, rolls and plans.")
        await hanne.say("2026-05-12 07:30")
        await hanne.say("12.05.2026 09:00")
        await hanne.say("Café Fjord")
        await hanne.press("pådrivere")
        await hanne.say("10")
        await hanne.press("Skip")
        await hanne.press("Send the invitation")

        said = await send(hanne, EVENT, form="event")

        assert "on its way" in said
        by_steps, whole = sorted(db.store.events.values(), key=lambda e: e.id)
        assert stored(whole) == stored(by_steps)


class TestAnswersThatDoNotFit:
    async def test_each_is_refused_with_its_reason_and_nothing_is_saved(self, db, people):
        village, p = people
        anna = p["anna"]

        said = await send(anna, {**DREAM, "title": "x" * 500, "needs": [], "non_profit": "no"}, form="deposit")

        assert anna.last.refused and db.store.dreams == {}
        sheet = view(anna)
        assert isinstance(sheet, Sheet) and sheet.form == "deposit" and sheet.page == 1
        assert set(sheet.refusals) == {"title", "needs", "non_profit"}
        assert "That is 500 characters" in said and "Please choose at least one of the options." in said
        assert "The bank holds dreams that nobody profits from" in said
        assert sheet.inputs[0].value == "x" * 500  # the answer sent, to correct it
        assert sheet.instance == ""  # no dialog was kept: it is sent again by name
        async with db() as uow:
            assert await uow.dialogs.current(village.anna.id) is None

        assert "is deposited" in await send(anna, DREAM, form="deposit")

    async def test_the_dialog_a_press_started_is_kept_to_send_again(self, db, people):
        village, p = people
        anna = p["anna"]
        await anna.say("/deposit")
        instance = view(anna).sheet.instance

        await send(anna, {**DREAM, "realisable": "no"}, instance=instance)
        assert anna.last.refused and view(anna).instance == instance
        said = await send(anna, DREAM, instance=instance)

        assert "is deposited" in said and len(db.store.dreams) == 1
        async with db() as uow:
            assert await uow.dialogs.current(village.anna.id) is None

    async def test_a_form_of_a_dialog_that_ended_changes_nothing(self, db, people):
        _village, p = people
        anna = p["anna"]
        await anna.say("/deposit")
        instance = view(anna).sheet.instance
        await anna.say("/cancel")

        said = await send(anna, DREAM, instance=instance)

        assert said == "That form belongs to a conversation that has ended. Nothing was changed."
        assert db.store.dreams == {}

    async def test_a_form_that_needs_a_press_first_cannot_be_sent_by_name(self, people):
        _village, p = people

        said = await send(p["anna"], {"comment": "Why not"}, form="comment")

        assert said == "That form cannot be sent on its own. Nothing was changed." and p["anna"].last.refused

    async def test_a_form_sent_by_name_is_refused_as_its_command_would_be(self, db, people):
        _village, p = people

        said = await send(p["anna"], EVENT, form="event")

        assert "community manager" in said and p["anna"].last.refused and db.store.events == {}

    async def test_a_form_sent_in_the_middle_of_another_is_refused(self, db, people):
        _village, p = people
        await p["anna"].say("/padriver")

        said = await send(p["anna"], DREAM, form="deposit")

        assert "in the middle of" in said and db.store.dreams == {}


class TestPageByPage:
    async def test_each_page_is_kept_until_the_last_finishes_the_form(self, db, people):
        village, p = people
        anna = p["anna"]
        first = {k: DREAM[k] for k in ("title", "story", "needs", "needs_detail")}
        last = {k: DREAM[k] for k in ("non_profit", "social_value", "realisable")}

        said = await send(anna, first, form="deposit", page=1)
        sheet = view(anna)

        assert isinstance(sheet, Sheet) and sheet.page == 2 and "Page 2 of 2" in said
        assert sheet.inputs[0].value == "A bench by the fjord"
        async with db() as uow:
            kept = await uow.dialogs.current(village.anna.id)
        assert kept.answers["needs"] == ["materials"] and kept.step == 4  # a chat would ask the first one missing

        said = await send(anna, last, instance=sheet.instance, page=2)

        assert "is deposited" in said
        [dream] = db.store.dreams.values()
        assert dream.title == "A bench by the fjord" and dream.needs_detail == ""

    async def test_a_page_that_does_not_fit_is_refused_and_the_others_are_kept(self, db, people):
        village, p = people
        anna = p["anna"]
        await send(anna, {k: DREAM[k] for k in ("title", "story", "needs", "needs_detail")}, form="deposit", page=1)
        instance = view(anna).instance

        said = await send(anna, {"non_profit": "no", "social_value": "yes", "realisable": "yes"}, instance=instance,
                          page=2)

        assert anna.last.refused and view(anna).page == 2 and set(view(anna).refusals) == {"non_profit"}
        assert "nobody profits" in said and db.store.dreams == {}
        async with db() as uow:
            assert (await uow.dialogs.current(village.anna.id)).answers["title"] == "A bench by the fjord"
