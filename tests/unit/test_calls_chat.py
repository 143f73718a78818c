"""Calls for participation in chat: sent from a dialog, listed, and filled with “I'm in”."""

from __future__ import annotations

from tests.unit.circle_chat import become_padriver, translate_last


async def test_a_call_is_filled_from_chat(people):
    village, p = people
    for name in ("anna", "frida"):
        await become_padriver(p, name)
    hanne = p["hanne"]
    await hanne.say("/call")
    await hanne.say("Carry chairs")
    await hanne.press("Skip")
    await hanne.say("Friday at five")
    await hanne.say("1")
    await hanne.press("Skip")
    assert "For all pådrivere." in translate_last(hanne)
    assert "went to 2 pådrivere" in await hanne.press("Send the call")
    assert "Carry chairs" in await p["anna"].notices()
    assert "You are in" in await p["anna"].press("I'm in")
    await p["frida"].notices()
    assert "has all the people it needs" in await p["frida"].press("I'm in")
    assert "“Carry chairs” is full" in await hanne.notices()


async def test_open_calls_are_listed_and_a_padriver_joins_from_the_card(people):
    _village, p = people
    await become_padriver(p, "frida")
    hanne = p["hanne"]
    await hanne.say("/call")
    await hanne.say("Carry chairs")
    await hanne.press("Skip")
    await hanne.say("Friday at five")
    await hanne.say("2")
    await hanne.press("Skip")
    await hanne.press("Send the call")

    await p["frida"].say("/calls")
    card = await p["frida"].press("Carry chairs — Friday at five")

    assert "0 of 2 people so far" in card and "I'm in" in p["frida"].buttons
    assert "You are in. Thank you!" in await p["frida"].press("I'm in")
    await hanne.say("/calls")
    await hanne.press("Carry chairs — Friday at five")
    assert "Close the call" in hanne.buttons
