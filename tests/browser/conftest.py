"""The portal served by the real app over a real socket on 127.0.0.1, and one headless Chromium (Debian's) driven
by Playwright in the same event loop, shared by a module's tests."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
import pytest_asyncio

from core.model.branches import Branch
from core.model.dreams import Dream, DreamState, Need
from core.model.events import Event, EventAudience, EventKind
from core.model.members import Role
from core.model.padrivere import ApplicationStatus, Padriver
from core.model.plans import PartKind, PlanPart, TaskStatus
from core.model.talk import Comment, Topic
from dreambank.bootstrap import build
from dreambank.demo import DEMO_SLUG, seed_demo
from dreambank.settings import Settings
from tests.standins.telegram.server import LocalServer

CHROMIUM = shutil.which("chromium")

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 667}


@dataclass(frozen=True)
class Portal:
    """Where the portal is served and the address of each kind of page in the demo branch."""

    url: str
    pages: dict[str, str]


def chromium_or_skip() -> str:
    """Debian's Chromium; without it the browser tests skip, except in CI where they must run."""
    if CHROMIUM:
        return CHROMIUM
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is not installed; CI needs it for the portal's browser tests (apt-get install chromium)")
    pytest.skip("chromium is not installed (apt-get install chromium); the portal's browser tests need it")


async def _fill(app) -> dict[str, str]:
    """The demo branch, plus a pådriver shown, an event open to everyone and one held earlier, enough dreams for a
    second page of the bank, comments and a plan on the project and a topic; and a branch with nothing in it yet,
    for a list's empty state."""
    await seed_demo(app.uow, app.clock)
    async with app.uow() as uow:
        branch = await uow.branches.by_slug(DEMO_SLUG)
        active = await uow.projects.in_branch(branch.id, True)
        dream_id = active[0].dream_id
        owner = (await uow.dreams.get(dream_id)).owner_id
        now = app.clock.now()
        await uow.padrivere.save(Padriver(branch.id, owner, ["Carpentry"], "", "Weekends", True, now,
                                          ApplicationStatus.APPROVED, now))
        await uow.members.grant(branch.id, owner, Role.PADRIVER)
        starts = now + timedelta(days=3)
        event = await uow.events.add(Event(branch.id, EventKind.GATHERING, "Pådriver breakfast", "Coffee and plans.",
                                           starts, starts + timedelta(hours=2), "The library", EventAudience.EVERYONE,
                                           None, starts, owner, now))
        held = now - timedelta(days=10)
        await uow.events.add(Event(branch.id, EventKind.GATHERING, "Spring clean-up", "Bags and gloves.", held,
                                   held + timedelta(hours=2), "The beach", EventAudience.EVERYONE, None, held, owner,
                                   now))
        for n in range(12):
            await uow.dreams.add(Dream(branch.id, owner, f"Bench number {n}", "A place to rest.",
                                       frozenset({Need.TIME}), "", DreamState.APPROVED, now, decided_at=now))
        await _talk_and_plan(uow, branch.id, owner, dream_id, active[0].id, now)
        topic = await uow.talk.add_topic(Topic(branch.id, owner, "The old school", "What should happen with it?",
                                               now))
        await uow.branches.add(Branch("elvdal", "Elvdal", "nb"))
        await uow.commit()
    base = f"/{DEMO_SLUG}"
    return {"front": "/", "bank": f"{base}/", "dream": f"{base}/dreams/{dream_id}", "factory": f"{base}/factory",
            "project": f"{base}/projects/{active[0].id}", "archive": f"{base}/archive",
            "padrivere": f"{base}/padrivere", "events": f"{base}/events", "event": f"{base}/events/{event.id}",
            "about": f"{base}/about", "missing": f"{base}/dreams/999999", "second page": f"{base}/?page=2",
            "empty": "/elvdal/events", "search": f"{base}/?q=bench&sort=liked&need=time&page=2",
            "no match": f"{base}/?q=nothing+like+it", "dream poster": f"{base}/dreams/{dream_id}/poster",
            "event poster": f"{base}/events/{event.id}/poster", "topics": f"{base}/topics",
            "topic": f"{base}/topics/{topic.id}", "new topic": f"{base}/topics/new"}


async def _talk_and_plan(uow, branch_id: int, member_id: int, dream_id: int, project_id: int, now) -> None:
    """A comment with a reply and a hidden one on the project's dream, and a plan with every part."""
    first = await uow.talk.add_comment(Comment(branch_id, member_id, "When do we start?", now, dream_id))
    await uow.talk.add_comment(Comment(branch_id, member_id, "On Saturday.", now, dream_id, reply_to=first.id))
    await uow.talk.add_comment(Comment(branch_id, member_id, "Rude words", now, dream_id, hidden=True,
                                       hidden_reason="Unkind"))
    parts = [(PartKind.GOAL, "A place to meet"), (PartKind.SITUATION, "An empty lot"),
             (PartKind.ROLE, "leads the work", member_id), (PartKind.RESOURCE, "A trailer"),
             (PartKind.COST, "Wood", None, None, Decimal("1500")),
             (PartKind.FUNDING, "The culture fund", None, None, Decimal("1000")),
             (PartKind.TASK, "Buy the wood", member_id, None, None, now.date() + timedelta(days=7), TaskStatus.DONE),
             (PartKind.TASK, "Build it", member_id, None, None, now.date() + timedelta(days=30))]
    for part in parts:
        await uow.plans.add(PlanPart(project_id, *part))


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def portal(tmp_path_factory) -> AsyncIterator[Portal]:
    app = await build(Settings(data_dir=tmp_path_factory.mktemp("portal"), secret="browser-tests-secret-0123456789"))
    try:
        pages = await _fill(app)
        server = LocalServer(app.web_app())
        await server.start()
        try:
            yield Portal(server.url, pages)
        finally:
            await server.stop()
    finally:
        await app.close()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser():
    executable = chromium_or_skip()
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=executable)
        try:
            yield launched
        finally:
            await launched.close()
