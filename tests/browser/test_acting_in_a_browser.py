"""A member acting on the portal in a real headless Chromium (the pages have no script): signed in with a one-time link,
they deposit a dream (one answer refused beside its field, then taken), like a dream, offer help through the whole
form and answer an event; axe-core then finds no WCAG 2.1 AA violation on any page they passed through."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
import pytest_asyncio

from core.model.branches import Branch
from core.model.dreams import Dream, DreamState, Need
from core.model.events import Answer, Event, EventAudience, EventKind
from core.model.members import Identity, Member
from core.usecases.needs import list_the_kinds
from core.usecases.sign_in import sign_in_link
from dreambank.bootstrap import build
from dreambank.settings import Settings
from tests.browser.test_portal_in_a_browser import WCAG_AA, described
from tests.standins.telegram.server import LocalServer

pytestmark = pytest.mark.asyncio(loop_scope="module")


@dataclass(frozen=True)
class Stage:
    """The portal served, and what the member finds there: a neighbour's dream and an event open to everyone."""

    url: str
    app: object
    member: Member
    dream_id: int
    event_id: int


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def stage(tmp_path_factory) -> AsyncIterator[Stage]:
    app = await build(Settings(data_dir=tmp_path_factory.mktemp("acting"), secret="browser-tests-secret-0123456789"))
    try:
        now = app.clock.now()
        async with app.uow() as uow:
            branch = await uow.branches.add(Branch("fjordby", "Fjordby", "en"))
            owner = await uow.members.add(Member("Olav", branch.id, "en", now), Identity("test", "olav"))
            member = await uow.members.add(Member("Ingrid", branch.id, "en", now), Identity("test", "ingrid"))
            dream = await uow.dreams.add(Dream(branch.id, owner.id, "A bench by the fjord", "Somewhere to sit.",
                                               frozenset({Need.TIME}), "", DreamState.APPROVED, now, decided_at=now))
            await list_the_kinds(uow, dream)  # its needs listed, as a deposit lists them
            starts = now + timedelta(days=3)
            event = await uow.events.add(Event(branch.id, EventKind.GATHERING, "Breakfast", "Coffee and plans.", starts,
                                               starts + timedelta(hours=2), "The library", EventAudience.EVERYONE,
                                               None, starts, owner.id, now))
            await uow.commit()
        server = LocalServer(app.web_app())
        await server.start()
        try:
            yield Stage(server.url, app, member, dream.id, event.id)
        finally:
            await server.stop()
    finally:
        await app.close()


async def axe_finds_nothing(page) -> None:
    from axe_playwright_python.async_playwright import Axe

    results = await Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, f"{page.url}\n" + described(results.response["violations"])


async def test_a_member_deposits_likes_offers_help_and_answers_an_event(browser, stage):
    async with stage.app.uow() as uow:
        token = await sign_in_link(uow, stage.app.clock, stage.member)
        await uow.commit()
    context = await browser.new_context(extra_http_headers={"Accept-Language": "en"})
    context.set_default_timeout(10_000)
    page = await context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        await page.goto(f"{stage.url}/signin/{token}")
        await page.locator("main button[type=submit]").click()
        slug = page.url.rstrip("/").rsplit("/", 1)[-1]
        assert await page.locator("form.account").count() == 1  # signed in

        await page.goto(f"{stage.url}/{slug}/deposit")
        await axe_finds_nothing(page)
        await page.fill("#f-title", "Music in the park")
        await page.fill("#f-story", "Neighbours play on Sunday afternoons, for everyone.")
        await page.check("input[name=needs][value=time]")
        await page.check("input[name=non_profit][value=no]")
        await page.check("input[name=social_value][value=yes]")
        await page.check("input[name=realisable][value=yes]")
        await page.locator("form.sheet button[type=submit]").click()
        assert await page.locator(".problems").count() == 1
        assert await page.locator("#f-non_profit .error").count() == 1
        assert await page.input_value("#f-title") == "Music in the park"
        await axe_finds_nothing(page)
        await page.check("input[name=non_profit][value=yes]")
        await page.locator("form.sheet button[type=submit]").click()
        assert "is deposited" in await page.locator("[role=status]").inner_text()
        await axe_finds_nothing(page)

        await page.goto(f"{stage.url}/{slug}/dreams/{stage.dream_id}")
        await page.get_by_role("button", name="♥ Like").click()
        assert "You like" in await page.locator("[role=status]").inner_text()
        assert await page.get_by_role("button", name="♥ You like this").get_attribute("aria-pressed") == "true"
        await axe_finds_nothing(page)

        await page.get_by_role("button", name="I can help").click()
        await axe_finds_nothing(page)
        await page.locator("input[name=need]").first.check()  # the bench's one need: time
        await page.fill("#f-description", "A Saturday of carpentry.")
        await page.locator("form.sheet button[type=submit]").click()
        assert "/dreams/" in page.url
        await axe_finds_nothing(page)

        await page.goto(f"{stage.url}/{slug}/events/{stage.event_id}")
        await page.get_by_role("button", name="Going").click()
        assert await page.get_by_role("button", name="✓ Going").get_attribute("aria-pressed") == "true"
        await axe_finds_nothing(page)

        await page.goto(f"{stage.url}/{slug}/settings")
        await axe_finds_nothing(page)
    finally:
        await context.close()
    assert [url for url in requested if not url.startswith(stage.url + "/")] == []
    async with stage.app.uow() as uow:
        assert [d.title for d in await uow.dreams.owned_by(stage.member.id)] == ["Music in the park"]
        assert await uow.bank.has_liked(stage.dream_id, stage.member.id)
        assert [p.description for p in await uow.bank.pledges(stage.dream_id)] == ["A Saturday of carpentry."]
        assert [p.description for p in await uow.bank.pledges(stage.dream_id)] == ["A Saturday of carpentry."]
        assert (await uow.events.rsvp(stage.event_id, stage.member.id)).answer is Answer.GOING
