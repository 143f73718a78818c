"""Applying, events and calls on Telegram, end to end: the real bot application against the Bot API stand-in."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from core.model.branches import Branch
from core.model.events import EventAudience, EventKind
from core.model.members import Identity, Member, Role
from core.usecases import calls, events, padrivere
from tests.e2e.telegram_harness import BANK_CHANNEL, Branchside, telegram_branch


@pytest.fixture
async def tg(tmp_path):
    """The Telegram branch, with Gustav also its community manager."""
    async with telegram_branch(tmp_path) as side:
        async with side.app.uow() as uow:
            branch = await uow.branches.by_slug("fjordby")
            gustav = await uow.members.by_identity(Identity("telegram", str(side.id("gustav"))))
            await uow.members.grant(branch.id, gustav.id, Role.COMMUNITY_MANAGER)
            await uow.commit()
        yield side


async def member(tg: Branchside, name: str) -> Member:
    async with tg.app.uow() as uow:
        return await uow.members.by_identity(Identity("telegram", str(tg.id(name))))


async def branch_of(tg: Branchside) -> Branch:
    async with tg.app.uow() as uow:
        return await uow.branches.by_slug("fjordby")


async def deliver(tg: Branchside) -> None:
    tg.adapter.delivery.wake()
    await tg.idle()


def labels(message: dict) -> list[str]:
    return [text for row in Branchside.buttons(message) for text, _value in row]


def local(tg: Branchside, days: float, hour: int) -> str:
    at = (tg.app.clock.now() + timedelta(days=days)).astimezone(ZoneInfo("Europe/Oslo"))
    return at.replace(hour=hour, minute=0).strftime("%Y-%m-%d %H:%M")


async def make_padriver(tg: Branchside, name: str) -> None:
    branch, who = await branch_of(tg), await member(tg, name)
    gustav = await member(tg, "gustav")
    async with tg.app.uow() as uow:
        application = await padrivere.apply(uow, tg.app.clock, who, branch, [padrivere.competence_list(branch)[0]], "",
                                            "evenings", True)
        await padrivere.decide(uow, tg.app.clock, gustav, application.id, True)
        await uow.commit()
    await deliver(tg)


async def an_event(tg: Branchside, capacity: int | None) -> int:
    branch, gustav = await branch_of(tg), await member(tg, "gustav")
    async with tg.app.uow() as uow:
        event, _broadcast = await events.create_event(uow, tg.app.clock, gustav, branch, events.EventDraft(
            EventKind.BREAKFAST, "Breakfast at the quay", "Rolls and plans.", local(tg, 7, 8).replace(" ", "T"),
            local(tg, 7, 10).replace(" ", "T"), "The quay", EventAudience.EVERYONE, capacity, None))
        await uow.commit()
    await deliver(tg)
    return event.id


class TestApplying:
    async def test_a_member_applies_in_chat_and_the_manager_approves_with_a_button(self, tg):
        await tg.say("frida", "/padriver")
        step = tg.last(tg.id("frida"))
        assert "What are you good at" in step["text"]
        await tg.press("frida", step, labels(step)[0])
        await tg.press("frida", tg.last(tg.id("frida")), "Done")
        await tg.press("frida", tg.last(tg.id("frida")), "Skip")
        await tg.say("frida", "Weekends and <b>evenings</b>")
        await tg.press("frida", tg.last(tg.id("frida")), "Yes")
        summary = tg.last(tg.id("frida"))
        assert "Available: Weekends and <b>evenings</b>" in summary["text"]  # shown as typed, not as markup
        await tg.press("frida", summary, "Send")
        assert "with the community manager" in tg.last(tg.id("frida"))["text"]
        await deliver(tg)

        application = tg.last(tg.id("gustav"))
        assert application["text"].startswith("🌱 Frida wants to become a pådriver.")
        await tg.press("gustav", application, "Approve")
        assert "Frida is now a pådriver" in tg.api.message(tg.id("gustav"), application["message_id"])["text"]
        await deliver(tg)
        assert "Welcome, pådriver!" in tg.last(tg.id("frida"))["text"]
        approve = next(value for row in Branchside.buttons(application) for text, value in row if text == "Approve")
        before = len(tg.api.calls_to("answerCallbackQuery"))
        tg.api.press(tg.users["gustav"], application, approve, strict=False)  # a stale press of the old button
        await tg.api.wait_for("answerCallbackQuery", count=before + 1)
        await tg.idle()
        assert "decided already, by Gustav" in tg.last(tg.id("gustav"))["text"]
        async with tg.app.uow() as uow:
            assert Role.PADRIVER in await uow.members.roles((await branch_of(tg)).id, (await member(tg, "frida")).id)


class TestInvitationsAndAnswers:
    async def test_the_manager_invites_in_a_dialog_and_members_answer_with_buttons(self, tg):
        await tg.say("gustav", "/newevent")
        await tg.press("gustav", tg.last(tg.id("gustav")), "Open meeting")
        for answer in ("Open meeting about the harbour", "What should the old harbour become?",
                       local(tg, 10, 18), local(tg, 10, 20), "The town hall"):
            await tg.say("gustav", answer)
        await tg.press("gustav", tg.last(tg.id("gustav")), "everyone")
        await tg.say("gustav", "50")
        await tg.press("gustav", tg.last(tg.id("gustav")), "Skip")
        await tg.press("gustav", tg.last(tg.id("gustav")), "Send the invitation")
        assert any("on its way to 6 people" in t for t in tg.texts(tg.id("gustav"))[-3:])
        await deliver(tg)
        assert tg.texts(tg.id("gustav"))[-1].startswith("You are invited!")  # the manager is invited too

        invitation = tg.last(tg.id("anna"))
        assert invitation["text"].startswith("You are invited!")
        assert f"🕒 {local(tg, 10, 18)} – 20:00" in invitation["text"]
        assert labels(invitation)[:3] == ["Going", "Maybe", "Can't come"]
        post = tg.last(BANK_CHANNEL)
        assert "0 going · 0 maybe · 50 places left" in post["text"]

        await tg.press("anna", invitation, "Going")
        edited = tg.api.message(tg.id("anna"), invitation["message_id"])
        assert "Your answer: going" in edited["text"] and "✓ Going" in labels(edited)
        await tg.press("frida", tg.last(tg.id("frida")), "Maybe")
        await deliver(tg)
        assert "1 going · 1 maybe · 49 places left" in tg.api.message(BANK_CHANNEL, post["message_id"])["text"]

        before = len(tg.api.calls_to("answerCallbackQuery"))
        tg.api.press_button(tg.users["dag"], tg.api.message(BANK_CHANNEL, post["message_id"]), "Going")
        [toast] = (await tg.api.wait_for("answerCallbackQuery", count=before + 1))[before:]
        assert toast.params["text"] == "You are going. See you there!"
        await deliver(tg)
        assert "2 going · 1 maybe" in tg.api.message(BANK_CHANNEL, post["message_id"])["text"]

        await tg.press("anna", tg.api.message(tg.id("anna"), invitation["message_id"]), "📅 Add to my calendar")
        document = tg.api.calls_to("sendDocument")[-1]
        assert document.ok and document.params["chat_id"] in (tg.id("anna"), str(tg.id("anna")))

    async def test_a_freed_place_goes_to_the_first_on_the_waitlist(self, tg):
        await an_event(tg, capacity=1)
        await tg.press("anna", tg.last(tg.id("anna")), "Going")
        frida_invitation = tg.last(tg.id("frida"))
        await tg.press("frida", frida_invitation, "Going")
        assert "waitlist, number 1" in tg.api.message(tg.id("frida"), frida_invitation["message_id"])["text"]

        anna_invitation = tg.texts(tg.id("anna"))
        await tg.press("anna", tg.last(tg.id("anna")), "Can't come")
        await deliver(tg)
        assert tg.last(tg.id("frida"))["text"].startswith("🎉 A place freed up: you are going to “Breakfast at the quay”")
        assert len(tg.texts(tg.id("anna"))) == len(anna_invitation)  # anna's answer edited her invitation

    async def test_those_who_answered_hear_of_a_cancellation_and_answers_close(self, tg):
        event_id = await an_event(tg, capacity=None)
        invitation = tg.last(tg.id("anna"))
        await tg.press("anna", invitation, "Maybe")
        gustav = await member(tg, "gustav")
        async with tg.app.uow() as uow:
            await events.cancel_event(uow, tg.app.clock, gustav, event_id, "Storm <i>warning</i>")
            await uow.commit()
        await deliver(tg)
        told = tg.last(tg.id("anna"))["text"]
        assert told.startswith("❌ “Breakfast at the quay”") and "Storm <i>warning</i>" in told
        assert not any("Storm" in t for t in tg.texts(tg.id("frida")))  # frida never answered
        before = len(tg.api.calls_to("answerCallbackQuery"))
        tg.api.press_button(tg.users["anna"], tg.api.message(tg.id("anna"), invitation["message_id"]), "Going")
        await tg.api.wait_for("answerCallbackQuery", count=before + 1)
        await tg.idle()
        assert "is cancelled" in tg.last(tg.id("anna"))["text"]


class TestCalls:
    async def test_a_call_fills_up_and_the_manager_is_told(self, tg):
        await make_padriver(tg, "anna")
        await make_padriver(tg, "frida")
        branch, gustav = await branch_of(tg), await member(tg, "gustav")
        async with tg.app.uow() as uow:
            await calls.post_call(uow, tg.app.clock, gustav, branch,
                                  calls.CallDraft("Carry chairs", "For the open meeting.", "Friday at five", 1, []))
            await uow.commit()
        await deliver(tg)

        call_to_anna, call_to_frida = tg.last(tg.id("anna")), tg.last(tg.id("frida"))
        assert "Carry chairs" in call_to_anna["text"] and labels(call_to_anna) == ["I'm in"]
        await tg.press("anna", call_to_anna, "I'm in")
        assert "You are in. Thank you!" in tg.last(tg.id("anna"))["text"]
        await tg.press("frida", call_to_frida, "I'm in")
        assert "has all the people it needs" in tg.last(tg.id("frida"))["text"]
        await deliver(tg)
        assert tg.last(tg.id("gustav"))["text"].startswith("✅ “Carry chairs” is full: 1 person is in.")
