"""Signing in and out in a real headless Chromium: a one-time link opens a page with one button, its press signs
the reader in and says so, signing out ends it; axe-core finds no WCAG 2.1 A/AA violation on /signin, with its
mail form, nor on a page as a signed-in member sees it, in English and Norwegian."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import pytest_asyncio

from core.model.dreams import DreamState
from core.model.members import Member
from core.usecases.sign_in import sign_in_link
from dreambank.bootstrap import build
from dreambank.demo import DEMO_SLUG, seed_demo
from dreambank.settings import Settings
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_portal_in_a_browser import WCAG_AA, described
from tests.standins.telegram.server import LocalServer

pytestmark = pytest.mark.asyncio(loop_scope="module")


@dataclass(frozen=True)
class Served:
    url: str
    app: object
    member: Member


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def served(tmp_path_factory) -> AsyncIterator[Served]:
    """The demo branch on a deployment that sends mail (so /signin offers its mail form too)."""
    app = await build(Settings(data_dir=tmp_path_factory.mktemp("sign_in"), secret="browser-tests-secret-0123456789",
                               smtp_url="smtp://127.0.0.1:9"))
    try:
        await seed_demo(app.uow, app.clock)
        async with app.uow() as uow:
            branch = await uow.branches.by_slug(DEMO_SLUG)
            dream = (await uow.dreams.in_state(branch.id, list(DreamState)))[0]
            member = await uow.members.get(dream.owner_id)
        server = LocalServer(app.web_app())
        await server.start()
        try:
            yield Served(server.url, app, member)
        finally:
            await server.stop()
    finally:
        await app.close()


async def a_link(served: Served) -> str:
    async with served.app.uow() as uow:
        token = await sign_in_link(uow, served.app.clock, served.member)
        await uow.commit()
    return f"{served.url}/signin/{token}"


async def signed_in_page(browser, served: Served, language: str, viewport: dict):
    """A fresh browser signed in by pressing a link's button; the page it lands on."""
    context = await browser.new_context(viewport=viewport, extra_http_headers={"Accept-Language": language})
    page = await context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    await page.goto(await a_link(served))
    await page.locator("main button[type=submit]").click()
    await page.wait_for_url(f"{served.url}/{DEMO_SLUG}/")
    return context, page, requested


async def test_a_one_time_link_signs_in_and_signing_out_signs_out(browser, served):
    context, page, requested = await signed_in_page(browser, served, "en", DESKTOP)
    try:
        name = served.member.display_name
        assert (await page.locator("[role=status]").inner_text()).strip() == f"You are signed in as {name}."
        assert f"Signed in as {name}" in await page.locator("header").inner_text()
        await page.goto(f"{served.url}/{DEMO_SLUG}/about")
        assert await page.locator("[role=status]").count() == 0  # said once
        await page.get_by_role("button", name="Sign out").click()
        await page.wait_for_url(f"{served.url}/")
        assert "You are signed out." in await page.locator("[role=status]").inner_text()
        assert await page.get_by_role("link", name="Sign in").count() == 1
        assert "Signed in as" not in await page.locator("header").inner_text()
        assert [url for url in requested if not url.startswith(served.url + "/")] == []
    finally:
        await context.close()


@pytest.mark.parametrize("viewport", ("desktop", "phone"))
@pytest.mark.parametrize("language", ("en", "nb", "da", "nl"))
async def test_axe_finds_no_wcag_violation_on_signin_nor_on_a_members_page(browser, served, language, viewport):
    from axe_playwright_python.async_playwright import Axe

    size = DESKTOP if viewport == "desktop" else PHONE
    context = await browser.new_context(viewport=size, extra_http_headers={"Accept-Language": language})
    try:
        page = await context.new_page()
        response = await page.goto(f"{served.url}/signin")
        assert response.status == 200 and await page.locator("input[type=email]").count() == 1
        results = await Axe().run(page, options=WCAG_AA)
        assert results.violations_count == 0, described(results.response["violations"])
        await page.goto(await a_link(served))
        results = await Axe().run(page, options=WCAG_AA)
        assert results.violations_count == 0, described(results.response["violations"])
    finally:
        await context.close()
    context, page, _ = await signed_in_page(browser, served, language, size)
    try:
        assert await page.locator("[role=status]").count() == 1 and await page.locator("header form").count() == 1
        results = await Axe().run(page, options=WCAG_AA)
        assert results.violations_count == 0, described(results.response["violations"])
    finally:
        await context.close()
