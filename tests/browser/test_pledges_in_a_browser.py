"""Offers of help and a dream's needs on the portal in a real headless Chromium (the pages have no script): a member
offers help, finds the offer on "My offers" and changes it on its page; the dream's owner answers it from the list
of their dream's offers and adds a need on the needs page with the whole form; axe-core finds no WCAG 2.1 AA
violation on any of these pages, and nothing is loaded from anywhere else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import pytest_asyncio

from core.model.bank import PledgeState
from core.model.branches import Branch
from core.model.dreams import Dream, DreamState, Need
from core.model.members import Identity, Member
from core.usecases.needs import list_the_kinds
from core.usecases.sign_in import sign_in_link
from dreambank.bootstrap import build
from dreambank.settings import Settings
from tests.browser.test_acting_in_a_browser import axe_finds_nothing
from tests.standins.telegram.server import LocalServer

pytestmark = pytest.mark.asyncio(loop_scope="module")


@dataclass(frozen=True)
class Stage:
    """The portal served, a dream in the bank with one need, its owner and a neighbour who offers help."""

    url: str
    app: object
    owner: Member
    helper: Member
    dream_id: int


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def stage(tmp_path_factory) -> AsyncIterator[Stage]:
    app = await build(Settings(data_dir=tmp_path_factory.mktemp("pledges"), secret="browser-tests-secret-0123456789"))
    try:
        now = app.clock.now()
        async with app.uow() as uow:
            branch = await uow.branches.add(Branch("fjordby", "Fjordby", "en"))
            owner = await uow.members.add(Member("Olav", branch.id, "en", now), Identity("test", "olav"))
            helper = await uow.members.add(Member("Ingrid", branch.id, "en", now), Identity("test", "ingrid"))
            dream = await uow.dreams.add(Dream(branch.id, owner.id, "A bench by the fjord", "Somewhere to sit.",
                                               frozenset({Need.TIME}), "", DreamState.APPROVED, now, decided_at=now))
            await list_the_kinds(uow, dream)
            await uow.commit()
        server = LocalServer(app.web_app())
        await server.start()
        try:
            yield Stage(server.url, app, owner, helper, dream.id)
        finally:
            await server.stop()
    finally:
        await app.close()


async def signed_in_page(browser, stage: Stage, member: Member, requested: list[str]):
    async with stage.app.uow() as uow:
        token = await sign_in_link(uow, stage.app.clock, member)
        await uow.commit()
    context = await browser.new_context(extra_http_headers={"Accept-Language": "en"})
    context.set_default_timeout(10_000)
    page = await context.new_page()
    page.on("request", lambda request: requested.append(request.url))
    await page.goto(f"{stage.url}/signin/{token}")
    await page.locator("main button[type=submit]").click()
    assert await page.locator("form.account").count() == 1  # signed in
    return context, page


async def test_an_offer_is_made_changed_and_accepted_and_a_need_is_added(browser, stage):
    requested: list[str] = []
    base = f"{stage.url}/fjordby"
    context, page = await signed_in_page(browser, stage, stage.helper, requested)
    try:
        await page.goto(f"{base}/dreams/{stage.dream_id}")
        await page.get_by_role("button", name="I can help").click()
        await page.locator("input[name=need]").first.check()
        await page.fill("#f-description", "A Saturday of carpentry.")
        await page.locator("form.sheet button[type=submit]").click()

        await page.get_by_role("link", name="My offers").click()
        await axe_finds_nothing(page)
        await page.get_by_role("link", name="A bench by the fjord").click()
        await axe_finds_nothing(page)
        await page.get_by_role("button", name="Change my offer").click()
        await page.fill("#f-description", "Two Saturdays of carpentry.")
        await page.locator("form.sheet button[type=submit]").click()
        assert "Two Saturdays of carpentry." in await page.locator("main").inner_text()
        await axe_finds_nothing(page)
    finally:
        await context.close()

    context, page = await signed_in_page(browser, stage, stage.owner, requested)
    try:
        await page.goto(f"{base}/dreams/{stage.dream_id}")
        await page.get_by_role("link", name="Answer the offer of help").click()
        await axe_finds_nothing(page)
        await page.get_by_role("link", name="Ingrid").click()
        await page.get_by_role("button", name="Accept").click()
        assert "You accepted the offer" in await page.locator("[role=status]").inner_text()

        await page.goto(f"{base}/dreams/{stage.dream_id}/needs")
        await axe_finds_nothing(page)
        await page.get_by_role("button", name="+ Need").click()
        await axe_finds_nothing(page)
        await page.locator("input[name=kind][value=materials]").check()
        await page.fill("#f-description", "Oak planks for the seat")
        await page.fill("#f-amount", "12")
        await page.locator("form.sheet button[type=submit]").click()
        assert "Oak planks for the seat" in await page.locator("main").inner_text()
        await page.get_by_role("button", name="Change a need").click()
        await axe_finds_nothing(page)  # the list of needs to press one of
    finally:
        await context.close()
    assert [url for url in requested if not url.startswith(stage.url + "/")] == []
    async with stage.app.uow() as uow:
        [offer] = await uow.bank.pledges(stage.dream_id)
        needs = await uow.needs.of_dream(stage.dream_id)
    assert offer.state is PledgeState.ACCEPTED and offer.description == "Two Saturdays of carpentry."
    assert [n.kind for n in needs] == [Need.TIME, Need.MATERIALS]
