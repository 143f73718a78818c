"""One entrance on Telegram, end to end: the real bot application against the Bot API stand-in. An inquiry is
asked, handed over to a colleague with buttons, and answered in the same thread."""

from __future__ import annotations

import pytest

from core.model.members import Identity, Role
from tests.e2e.telegram_harness import Branchside, telegram_branch


@pytest.fixture
async def tg(tmp_path):
    """The Telegram branch, with Bjørn and Dag also its consultants."""
    async with telegram_branch(tmp_path) as side:
        async with side.app.uow() as uow:
            branch = await uow.branches.by_slug("fjordby")
            for name in ("bjorn", "dag"):
                who = await uow.members.by_identity(Identity("telegram", str(side.id(name))))
                await uow.members.grant(branch.id, who.id, Role.CONSULTANT)
            await uow.commit()
        yield side


async def deliver(tg: Branchside) -> None:
    tg.adapter.delivery.wake()
    await tg.idle()


def labels(message: dict) -> list[str]:
    return [text for row in Branchside.buttons(message) for text, _value in row]


QUESTION = "May we borrow the school hall on Saturdays, from ten to four, for a repair café?"


class TestOneEntrance:
    async def test_an_inquiry_is_asked_handed_over_and_answered_in_one_thread(self, tg):
        await tg.say("anna", "/ask " + QUESTION)
        asked = tg.texts(tg.id("anna"))
        assert any("Your inquiry no. 1 is with Bjorn, who will answer you here." in t for t in asked[-2:])
        assert QUESTION in asked[-1]
        await deliver(tg)

        notice = tg.last(tg.id("bjorn"))
        assert notice["text"].startswith("📨 Inquiry no. 1 from Anna is yours to answer")
        await tg.press("bjorn", notice, "Open the thread")
        thread = tg.last(tg.id("bjorn"))
        assert QUESTION in thread["text"] and labels(thread)[:2] == ["Answer", "Hand over"]
        await tg.press("bjorn", thread, "Hand over")
        choice = tg.last(tg.id("bjorn"))
        assert "Dag" in labels(choice)
        await tg.press("bjorn", choice, "Dag")
        assert "Inquiry no. 1 is with Dag now" in tg.texts(tg.id("bjorn"))[-1]
        await deliver(tg)

        assert "You do not need to ask again" in tg.last(tg.id("anna"))["text"]
        handed = tg.last(tg.id("dag"))
        assert handed["text"].startswith("Bjorn handed it over to you.")
        await tg.press("dag", handed, "Open the thread")
        thread = tg.last(tg.id("dag"))
        assert "↪ Bjorn handed it over to Dag." in thread["text"]
        await tg.press("dag", thread, "Answer")
        await tg.say("dag", "Yes: the key is at the front desk.")
        assert any("Your answer is in the thread" in t for t in tg.texts(tg.id("dag"))[-2:])
        await deliver(tg)

        answer = tg.last(tg.id("anna"))
        assert answer["text"].startswith("💬 Dag answered your inquiry no. 1:")
        assert "Yes: the key is at the front desk." in answer["text"]
        await tg.press("anna", answer, "Reply")
        await tg.say("anna", "Thank you!")
        await deliver(tg)
        assert "Anna replied in inquiry no. 1" in tg.last(tg.id("dag"))["text"]
        async with tg.app.uow() as uow:
            trail = [e.action for e in await uow.audit.about("inquiry:1")]
        assert trail == ["inquiry_ask", "inquiry_hand_over", "inquiry_answer"]
