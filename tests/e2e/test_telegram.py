"""The real python-telegram-bot application against the local Bot API stand-in, over HTTP on 127.0.0.1."""

from __future__ import annotations

import pytest

from tests.e2e.telegram_harness import BANK_CHANNEL, BOARD_GROUP, Branchside, telegram_branch


@pytest.fixture
async def tg(tmp_path):
    async with telegram_branch(tmp_path) as side:
        yield side


def labels(message) -> list[str]:
    return [label for row in Branchside.buttons(message) for label, _value in row]


async def deposit(tg: Branchside, title: str = "A reading bench", story: str = "Books for everyone.") -> dict:
    await tg.say("anna", "/deposit")
    await tg.say("anna", title)
    prompt = (await tg.say("anna", story))[-1]
    await tg.press("anna", prompt, "materials")
    await tg.press("anna", tg.last(tg.id("anna")), "Done")
    for label in ("Skip", "Yes", "Yes", "Yes", "Deposit my dream"):
        await tg.press("anna", tg.last(tg.id("anna")), label)
    return tg.last(tg.id("anna"))


class TestPrivateChat:
    async def test_start_greets_in_the_persons_language(self, tg):
        english = (await tg.say("anna", "/start"))[0]
        norwegian = (await tg.say("cecilie", "/start"))[0]

        assert english["text"].startswith("Welcome to the dream bank of Fjordby, Anna!")
        assert norwegian["text"].startswith("Velkommen til drømmebanken i Fjordby, Cecilie!")

    async def test_the_command_menu_is_set_in_each_language(self, tg):
        calls = tg.api.calls_to("setMyCommands")

        assert {c.params.get("language_code") for c in calls} == {None, "nb"}
        english = next(c for c in calls if c.params.get("language_code") is None)
        assert {"command": "deposit", "description": "deposit a dream"} in english.params["commands"]
