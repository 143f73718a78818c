"""A dream's owner uploads its picture in a real headless Chromium: the picture shows on the dream's page and in the
bank, loaded from the bank itself under its strict policy, and axe-core finds no WCAG 2.1 AA violation on either."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import pytest_asyncio

from core.model.branches import Branch
from core.model.dreams import Dream, DreamState, Need
from core.model.members import Identity, Member
from core.usecases.sign_in import sign_in_link
from dreambank.bootstrap import build
from dreambank.settings import Settings
from tests.browser.test_acting_in_a_browser import axe_finds_nothing
from tests.factories import a_png
from tests.standins.telegram.server import LocalServer

pytestmark = pytest.mark.asyncio(loop_scope="module")


@dataclass(frozen=True)
class Stage:
    """The portal served, and the owner of a dream in the bank."""

    url: str
    app: object
    owner: Member
    dream_id: int


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def stage(tmp_path_factory) -> AsyncIterator[Stage]:
    app = await build(Settings(data_dir=tmp_path_factory.mktemp("pictures"), secret="browser-tests-secret-0123456789"))
    try:
        now = app.clock.now()
        async with app.uow() as uow:
            branch = await uow.branches.add(Branch("fjordby", "Fjordby", "en"))
            owner = await uow.members.add(Member("Olav", branch.id, "en", now), Identity("test", "olav"))
            dream = await uow.dreams.add(Dream(branch.id, owner.id, "A bench by the fjord", "Somewhere to sit.",
                                               frozenset({Need.TIME}), "", DreamState.APPROVED, now, decided_at=now))
            await uow.commit()
        server = LocalServer(app.web_app())
        await server.start()
        try:
            yield Stage(server.url, app, owner, dream.id)
        finally:
            await server.stop()
    finally:
        await app.close()


async def test_the_owner_uploads_a_picture_that_shows_on_the_dream_and_in_the_bank(browser, stage, tmp_path):
    async with stage.app.uow() as uow:
        token = await sign_in_link(uow, stage.app.clock, stage.owner)
        await uow.commit()
    chosen = tmp_path / "bench.png"
    chosen.write_bytes(a_png(40, 30))
    context = await browser.new_context(extra_http_headers={"Accept-Language": "en"})
    context.set_default_timeout(10_000)
    page = await context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        await page.goto(f"{stage.url}/signin/{token}")
        await page.locator("main button[type=submit]").click()
        await page.goto(f"{stage.url}/fjordby/dreams/{stage.dream_id}")
        await axe_finds_nothing(page)
        await page.get_by_label("A picture of the dream").set_input_files(str(chosen))
        await page.get_by_role("button", name="Upload the picture").click()
        assert "The picture is on the dream's page now." in await page.locator("[role=status]").inner_text()
        shown = page.get_by_role("img", name="A bench by the fjord")
        # the page is drawn before its picture has loaded: wait until the browser is done with it (loaded or broken)
        await page.wait_for_function("img => img.complete", arg=await shown.element_handle())
        assert await shown.evaluate("img => img.naturalWidth") == 40
        await axe_finds_nothing(page)

        await page.goto(f"{stage.url}/fjordby/")
        thumb = page.locator("img.thumb")
        await thumb.scroll_into_view_if_needed()
        await page.wait_for_function("() => document.querySelector('img.thumb').naturalWidth === 40")
        assert await thumb.get_attribute("loading") == "lazy"
        await axe_finds_nothing(page)
    finally:
        await context.close()
    assert [url for url in requested if not url.startswith(stage.url + "/")] == []
    async with stage.app.uow() as uow:
        assert (await uow.pictures.get(stage.dream_id)).data == a_png(40, 30)
