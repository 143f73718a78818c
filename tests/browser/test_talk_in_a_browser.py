"""Talking it over, a plan and a question on the portal in a real headless Chromium (the pages have no script): signed
in with a one-time link, a member comments on a dream, opens a reply under the comment and replies, comments on a
topic, reads a project's plan and asks the municipality on "My questions"; axe-core finds no WCAG 2.1 AA violation
on any of these pages, as they are after each step, and nothing is loaded from anywhere else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
import pytest_asyncio

from core.model.branches import Branch
from core.model.dreams import Dream, DreamState, Need
from core.model.members import Identity, Member, Role
from core.model.plans import PartKind, PlanPart, TaskStatus
from core.model.projects import Project, TeamMember
from core.model.talk import Topic
from core.usecases.sign_in import sign_in_link
from dreambank.bootstrap import build
from dreambank.settings import Settings
from tests.browser.test_acting_in_a_browser import axe_finds_nothing
from tests.standins.telegram.server import LocalServer

pytestmark = pytest.mark.asyncio(loop_scope="module")


@dataclass(frozen=True)
class Stage:
    """The portal served, and what the member finds: a dream in the bank, a project with a plan, a topic."""

    url: str
    app: object
    member: Member
    dream_id: int
    project_id: int
    topic_id: int


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def stage(tmp_path_factory) -> AsyncIterator[Stage]:
    app = await build(Settings(data_dir=tmp_path_factory.mktemp("talk"), secret="browser-tests-secret-0123456789"))
    try:
        now = app.clock.now()
        async with app.uow() as uow:
            branch = await uow.branches.add(Branch("fjordby", "Fjordby", "en"))
            owner = await uow.members.add(Member("Olav", branch.id, "en", now), Identity("test", "olav"))
            member = await uow.members.add(Member("Ingrid", branch.id, "en", now), Identity("test", "ingrid"))
            kari = await uow.members.add(Member("Kari", branch.id, "en", now), Identity("test", "kari"))
            await uow.members.grant(branch.id, kari.id, Role.CONSULTANT)
            dream = await uow.dreams.add(Dream(branch.id, owner.id, "A bench by the fjord", "Somewhere to sit.",
                                               frozenset({Need.TIME}), "", DreamState.APPROVED, now, decided_at=now))
            started = await uow.dreams.add(Dream(branch.id, owner.id, "A boat shed", "For the rowing club.",
                                                 frozenset({Need.MONEY}), "", DreamState.PROJECT, now, decided_at=now))
            project = await uow.projects.add(Project(started.id, branch.id, "A boat shed", owner.id, now))
            await uow.projects.add_team_member(TeamMember(project.id, owner.id, "lead"))
            for part in [(PartKind.GOAL, "A shed for six boats"), (PartKind.ROLE, "builds it", owner.id),
                         (PartKind.COST, "Timber", None, None, Decimal("12000")),
                         (PartKind.FUNDING, "The sports fund", None, None, Decimal("10000")),
                         (PartKind.TASK, "Order the timber", owner.id, None, None, date(2031, 6, 1), TaskStatus.DOING)]:
                await uow.plans.add(PlanPart(project.id, *part))
            topic = await uow.talk.add_topic(Topic(branch.id, owner.id, "The old school", "What should happen?", now))
            await uow.commit()
        server = LocalServer(app.web_app())
        await server.start()
        try:
            yield Stage(server.url, app, member, dream.id, project.id, topic.id)
        finally:
            await server.stop()
    finally:
        await app.close()


async def test_a_member_comments_replies_reads_a_plan_and_asks_a_question(browser, stage):
    async with stage.app.uow() as uow:
        token = await sign_in_link(uow, stage.app.clock, stage.member)
        await uow.commit()
    context = await browser.new_context(extra_http_headers={"Accept-Language": "en"})
    context.set_default_timeout(10_000)
    page = await context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    base = f"{stage.url}/fjordby"
    try:
        await page.goto(f"{stage.url}/signin/{token}")
        await page.locator("main button[type=submit]").click()
        assert await page.locator("form.account").count() == 1  # signed in

        await page.goto(f"{base}/dreams/{stage.dream_id}")
        await axe_finds_nothing(page)
        await page.get_by_label("Write your comment").fill("I have <b>planks</b> to spare.")
        await page.get_by_role("button", name="Post the comment").click()
        assert "Your comment is posted" in await page.locator("[role=status]").inner_text()
        assert await page.locator("ol.comments li .words").first.inner_text() == "I have <b>planks</b> to spare."
        await axe_finds_nothing(page)

        await page.locator("details.reply summary").first.click()
        await page.locator("details.reply textarea").first.fill("And I can bring screws.")
        await axe_finds_nothing(page)  # with the reply's box open
        await page.get_by_role("button", name="Post the reply").click()
        assert await page.locator("ol.replies li .words").inner_text() == "And I can bring screws."
        await axe_finds_nothing(page)

        await page.goto(f"{base}/topics")
        await axe_finds_nothing(page)
        await page.get_by_role("link", name="The old school").click()
        await page.get_by_role("button", name="👍 Support").click()
        await page.get_by_label("Write your comment").fill("A youth café!")
        await page.get_by_role("button", name="Post the comment").click()
        assert "A youth café!" in await page.locator("ol.comments").inner_text()
        await axe_finds_nothing(page)

        await page.goto(f"{base}/projects/{stage.project_id}")
        assert "Balance (funding − costs)" in await page.locator("#plan").inner_text()
        await axe_finds_nothing(page)

        await page.get_by_role("link", name="My questions").click()
        await axe_finds_nothing(page)
        await page.get_by_label("What would you like to ask").fill("May we use the school's hall?")
        await page.get_by_role("button", name="Send the question").click()
        assert "is with Kari" in await page.locator("[role=status]").inner_text()
        await axe_finds_nothing(page)
    finally:
        await context.close()
    assert [url for url in requested if not url.startswith(stage.url + "/")] == []
    async with stage.app.uow() as uow:
        said = [c.text for c in await uow.talk.comments_on(dream_id=stage.dream_id, topic_id=None)]
        asked = [i.question for i in await uow.inquiries.asked_by(stage.member.id)]
    assert said == ["I have <b>planks</b> to spare.", "And I can bring screws."]
    assert asked == ["May we use the school's hall?"]
