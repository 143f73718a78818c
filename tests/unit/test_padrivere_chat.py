"""Becoming a pådriver in chat: applying, the manager's decision with a button or a reason, the applications
waiting, and the circle's commands kept for the community manager."""

from __future__ import annotations

from core.model.notices import NoticeKind
from tests.unit.circle_chat import become_padriver


async def test_applying_and_approval_in_chat(people):
    village, p = people
    await become_padriver(p, "anna")
    said = await p["anna"].notices()
    assert "Welcome, pådriver" in said and p["anna"].buttons["Join the pådriver group"] == \
        f"circle:{village.branch.id}"
    assert "🌟 Anna" in await p["frida"].say("/padrivere")


async def test_a_declined_application_asks_the_manager_for_a_reason(people):
    _village, p = people
    await p["anna"].say("/padriver")
    await p["anna"].press("cooking")
    await p["anna"].press("Done")
    await p["anna"].say("A sourdough course")
    await p["anna"].say("Evenings")
    await p["anna"].press("No")
    await p["anna"].press("Send")
    await p["hanne"].notices()
    declining = p["hanne"].buttons["Decline"]
    await p["hanne"].press("Decline")
    assert "declined Anna's application" in await p["hanne"].say("Maybe next year!")
    assert "They wrote: Maybe next year!" in await p["anna"].notices()
    p["hanne"].buttons["Decline"] = declining
    assert "decided already, by Hanne" in await p["hanne"].press("Decline")
    assert p["hanne"].last.refused


async def test_waiting_applications_are_listed_and_each_opens_to_be_decided(people):
    _village, p = people
    await p["anna"].say("/padriver")
    await p["anna"].press("cooking")
    await p["anna"].press("Done")
    await p["anna"].press("Skip")
    await p["anna"].say("Evenings")
    await p["anna"].press("Yes")
    await p["anna"].press("Send")

    listed = await p["hanne"].say("/applications")
    card = await p["hanne"].press("Anna — cooking")

    assert "Applications waiting:" in listed
    assert "Anna wants to become a pådriver" in card and "Available: Evenings" in card
    assert "is now a pådriver" in await p["hanne"].press("Approve")
    assert "No applications are waiting." in await p["hanne"].say("/applications")


async def test_circle_commands_are_refused_to_others(people):
    village, p = people
    for command in ("/newevent", "/call", "/newsletter", "/applications", "/competences add Juggling"):
        assert "Only the community manager" in await p["anna"].say(command)
        assert p["anna"].last.refused
    async with village.db() as uow:
        assert await uow.dialogs.current(village.anna.id) is None
        assert not [n for n in await uow.outbox.pending_for(village.frida.id) if n.kind is NoticeKind.NEWSLETTER]
