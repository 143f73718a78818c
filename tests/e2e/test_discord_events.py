"""An event on Discord, end to end through the real discord.py against the local Discord: the community manager
makes it in modal pages, its post in the bank's forum takes answers, and dreambank keeps its places and waitlist."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from core.model.events import Answer
from tests.e2e.discord_harness import MODAL, Server, answer_text, discord_server, inputs, labels, text_of


@pytest.fixture
async def dc(tmp_path):
    async with discord_server(tmp_path, deliver=True) as server:
        yield server


def local(dc: Server, days: float, hour: int) -> str:
    at = (dc.app.clock.now() + timedelta(days=days)).astimezone(ZoneInfo("Europe/Oslo"))
    return at.replace(hour=hour, minute=0).strftime("%Y-%m-%d %H:%M")


async def new_event(dc: Server, capacity: str) -> str:
    """Hanne makes an event open to everyone through /newevent's modal pages; what the bot answered last."""
    answers = {"kind": ["open_meeting"], "title": "Harbour meeting", "description": "What should it become?",
               "starts": local(dc, 10, 18), "ends": local(dc, 10, 20), "place": "The town hall",
               "audience": ["everyone"], "capacity": capacity}
    page = await dc.slash("hanne", "newevent")
    pages = 0
    while True:
        assert page.response_type == MODAL, answer_text(page)
        pages += 1
        sent = await dc.submit("hanne", page, {k: v for k, v in answers.items() if k in inputs(page.modal)})
        if "Continue" not in labels(sent.message):
            break
        page = await dc.press("hanne", sent.message, "Continue")
    assert pages == 2
    await dc.idle()
    return answer_text(sent)


def post_of(dc: Server) -> dict:
    [thread] = [t for t in dc.standin.threads(dc.bank) if t["name"] == "Harbour meeting"]
    return thread["messages"][0]


class TestAFullEvent:
    async def test_two_places_go_to_the_first_two_the_third_waits_and_is_promoted_when_one_cancels(self, dc):
        sent = await new_event(dc, capacity="2")
        post = post_of(dc)

        assert "The invitation to “Harbour meeting” is on its way" in sent
        assert labels(post)[:3] == ["Going", "Maybe", "Can't come"]
        assert "0 going · 0 maybe · 2 places left" in text_of(post)
        invited = dc.dms("frida")[-1]
        assert text_of(invited).startswith("You are invited!") and "Going" in labels(invited)

        answers = {name: await dc.press(name, post_of(dc), "Going") for name in ("anna", "frida", "dag")}
        await dc.idle()

        assert all(a.ephemeral for a in answers.values())
        assert "You are going" in answer_text(answers["anna"]) and "You are going" in answer_text(answers["frida"])
        assert "waitlist, number 1" in answer_text(answers["dag"])
        shown = text_of(post_of(dc))
        assert "2 going" in shown and "1 on the waitlist" in shown, shown
        async with dc.app.uow() as uow:
            [event] = await uow.events.upcoming((await uow.branches.all())[0].id, dc.app.clock.now())
            rsvps = {r.member_id: r for r in await uow.events.rsvps(event.id)}
            dag = await uow.members.by_identity(dc.identity("dag"))
        assert [r.answer for r in rsvps.values()] == [Answer.GOING] * 3
        assert [r.member_id for r in rsvps.values() if r.waiting] == [dag.id]
        dms_before = len(dc.dms("dag"))

        cancelled = await dc.press("frida", post_of(dc), "Can't come")
        await dc.idle()

        assert cancelled.ephemeral and answer_text(cancelled)
        promoted = dc.dms("dag")[dms_before:]
        assert promoted and text_of(promoted[-1]).startswith("🎉 A place freed up: you are going to “Harbour meeting”")
        shown = text_of(post_of(dc))
        assert "2 going · 0 maybe · full" in shown and "waitlist" not in shown, shown
        assert "can't come" in answer_text(cancelled)
