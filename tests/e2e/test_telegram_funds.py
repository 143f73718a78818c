"""Funds on Telegram, end to end: the admin registers one in a dialog, the bank's channel announces it, the owner
of a matching dream hears of it at once and is reminded 14 days before the deadline."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from core.clock import FixedClock
from core.model.dreams import Dream, DreamState, Need
from core.model.members import Identity
from core.usecases.funds import remind_funds
from tests.e2e.telegram_harness import BANK_CHANNEL, Branchside, telegram_branch


@pytest.fixture
async def tg(tmp_path):
    async with telegram_branch(tmp_path) as side:
        yield side


async def deliver(tg: Branchside) -> None:
    tg.adapter.delivery.wake()
    await tg.idle()


async def test_a_fund_is_announced_and_a_deadline_reminder_received(tg):
    now = tg.app.clock.now()
    today = now.astimezone(ZoneInfo("Europe/Oslo")).date()
    async with tg.app.uow() as uow:
        branch = await uow.branches.by_slug("fjordby")
        frida = await uow.members.by_identity(Identity("telegram", str(tg.id("frida"))))
        await uow.dreams.add(Dream(branch.id, frida.id, "Lanterns for the harbour", "Light for the dark months.",
                                   frozenset({Need.MONEY}), "", DreamState.APPROVED, now))
        await uow.commit()

    await tg.say("gustav", "/newfund")
    for answer in ("Harbour Foundation", "Fjordby Harbour Trust", "money, harbour"):
        await tg.say("gustav", answer)
    await tg.press("gustav", tg.last(tg.id("gustav")), "Skip")
    await tg.say("gustav", "20000")
    await tg.say("gustav", (today + timedelta(days=20)).isoformat())
    await tg.say("gustav", "ftp://harbour.example/apply")
    assert any("Please give a web address that starts with https://" in t for t in tg.texts(tg.id("gustav"))[-2:])
    await tg.say("gustav", "https://harbour.example/apply")
    await tg.press("gustav", tg.last(tg.id("gustav")), "Register the fund")
    assert any("“Harbour Foundation” is registered, and 1 person with a matching dream or project is told." in t
               for t in tg.texts(tg.id("gustav"))[-3:])
    await deliver(tg)

    post = tg.last(BANK_CHANNEL)["text"]
    assert post.startswith("A new fund to apply to:") and "Harbour Foundation, from Fjordby Harbour Trust" in post
    assert "https://harbour.example/apply" in post
    told = tg.last(tg.id("frida"))["text"]
    assert "Your dream “Lanterns for the harbour” may fit this fund:" in told and "Amount: up to" in told

    async with tg.app.uow() as uow:
        assert await remind_funds(uow, FixedClock(now + timedelta(days=5)), branch.id) == 0  # 15 days left
        assert await remind_funds(uow, FixedClock(now + timedelta(days=6)), branch.id) == 1  # 14 days left
        assert await remind_funds(uow, FixedClock(now + timedelta(days=6, hours=1)), branch.id) == 0  # once
        await uow.commit()
    await deliver(tg)
    reminder = tg.last(tg.id("frida"))["text"]
    assert reminder.startswith("⏰ 14 days left to apply to “Harbour Foundation”.")
    assert "Your dream “Lanterns for the harbour” may fit this fund:" in reminder
