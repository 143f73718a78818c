"""The opportunity team's plan on Telegram: the lead adds a task for a teammate with buttons and typed answers,
the teammate is reminded the day before it is due by the schedule's nudge, and moves it along from the reminder."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from core.model.dreams import DreamState
from core.model.members import Identity
from core.model.projects import TeamMember
from core.usecases import dreams, plans, projects
from tests.e2e.telegram_harness import Branchside, telegram_branch
from tests.factories import a_draft


@pytest.fixture
async def tg(tmp_path):
    async with telegram_branch(tmp_path) as side:
        yield side


async def a_project_with_frida(tg: Branchside) -> int:
    """Anna's dream became a project; Frida is on its team."""
    async with tg.app.uow() as uow:
        anna = await uow.members.by_identity(Identity("telegram", str(tg.id("anna"))))
        frida = await uow.members.by_identity(Identity("telegram", str(tg.id("frida"))))
        dream = await dreams.deposit_dream(uow, tg.app.clock, anna, a_draft("A garden for the street"))
        dream.state = DreamState.APPROVED
        await uow.dreams.save(dream)
        project = await projects.start_project(uow, tg.app.clock.now(), dream)
        await uow.projects.add_team_member(TeamMember(project.id, frida.id, "gardener"))
        await uow.projects.follow(dream.id, frida.id)
        await uow.commit()
    return project.id


async def deliver(tg: Branchside) -> None:
    tg.adapter.delivery.wake()
    await tg.idle()


class TestAPlanOnTelegram:
    async def test_a_task_is_planned_and_its_owner_reminded_the_day_before(self, tg):
        project_id = await a_project_with_frida(tg)
        await deliver(tg)  # the news of the project's start, out of the way first
        tomorrow = (tg.app.clock.now().astimezone(ZoneInfo("Europe/Oslo")) + timedelta(days=1)).date()

        await tg.say("anna", f"/plan {project_id}")
        card = tg.last(tg.id("anna"))
        assert "No plan yet" in card["text"]
        await tg.press("anna", card, "+ Task")
        assert "What is the task?" in tg.last(tg.id("anna"))["text"]
        await tg.say("anna", "Build the <b>tool shed</b>")
        await tg.press("anna", tg.last(tg.id("anna")), "Frida")
        await tg.say("anna", tomorrow.isoformat())
        assert "It is in the plan" in tg.last(tg.id("anna"))["text"]
        await tg.press("anna", tg.last(tg.id("anna")), "Open the plan")
        assert f"Build the <b>tool shed</b> — Frida, by {tomorrow.isoformat()} (to do)" in \
            tg.last(tg.id("anna"))["text"]
        await deliver(tg)
        assert "Anna added to the plan of “A garden for the street”" in tg.last(tg.id("frida"))["text"]

        async with tg.app.uow() as uow:
            branch = await uow.branches.by_slug("fjordby")
            assert await plans.remind_tasks(uow, tg.app.clock, branch.id) == 1
            assert await plans.remind_tasks(uow, tg.app.clock, branch.id) == 0
            await uow.commit()
        await deliver(tg)
        reminder = tg.last(tg.id("frida"))
        assert reminder["text"].startswith("⏰ “Build the <b>tool shed</b>” in “A garden for the street” "
                                           "is due tomorrow")
        await tg.press("frida", reminder, "Tasks")
        overview = tg.last(tg.id("frida"))
        assert "Progress: 0 of 1 task done" in overview["text"]
        await tg.press("frida", overview, f"Build the <b>tool shed</b> — Frida, by {tomorrow.isoformat()} (to do)")
        assert any("is now under way" in t for t in tg.texts(tg.id("frida"))[-2:])
