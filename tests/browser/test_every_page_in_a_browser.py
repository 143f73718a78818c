"""The pages the other browser tests do not reach, each reached as a reader reaches it and checked by axe-core
(WCAG 2.1 A/AA) after what was done there: a visitor asked to sign in first (settings, offers, questions,
deposit), the sign-in by mail answered (on its way, an address that cannot be one), a used link and a form
without its token refused; a member's dream page after following it, their settings after a switch, words
refused beside their box; the settings page's email part (an address given, a wrong code refused beside its box,
the address forgotten); and the pages an unsubscribe link in a mail opens (done, undone, a broken link).
In English and Norwegian (the mail's pages in the member's language), and nothing is loaded from anywhere else."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import pytest_asyncio

from bots.email.tokens import UnsubscribeTokens
from core.model.branches import Branch
from core.model.dreams import Dream, DreamState, Need
from core.model.members import Identity, Member
from core.model.preferences import MailTopic, Preferences
from core.usecases.needs import list_the_kinds
from core.usecases.sign_in import redeem, sign_in_link
from dreambank.bootstrap import build
from dreambank.settings import Settings
from tests.browser.test_portal_in_a_browser import WCAG_AA, described
from tests.standins.telegram.server import LocalServer

pytestmark = pytest.mark.asyncio(loop_scope="module")

LANGUAGES = ("en", "nb")


@dataclass(frozen=True)
class Stage:
    """A deployment that sends mail (so /signin mails links and unsubscribe links are served), a dream in the
    bank and a member with a confirmed address who does not own it."""

    url: str
    app: object
    member: Member
    dream_id: int


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def stage(tmp_path_factory) -> AsyncIterator[Stage]:
    app = await build(Settings(data_dir=tmp_path_factory.mktemp("every_page"), secret="browser-tests-secret-0123456789",
                               smtp_url="smtp://127.0.0.1:9"))
    try:
        now = app.clock.now()
        async with app.uow() as uow:
            branch = await uow.branches.add(Branch("fjordby", "Fjordby", "en"))
            owner = await uow.members.add(Member("Olav", branch.id, "en", now), Identity("test", "olav"))
            member = await uow.members.add(Member("Ingrid", branch.id, None, now), Identity("test", "ingrid"))
            await uow.preferences.save(Preferences(member.id, email="ingrid@example.org", digest_by_email=True))
            dream = await uow.dreams.add(Dream(branch.id, owner.id, "A bench by the fjord", "Somewhere to sit.",
                                               frozenset({Need.TIME}), "", DreamState.APPROVED, now, decided_at=now))
            await list_the_kinds(uow, dream)
            await uow.commit()
        server = LocalServer(app.web_app())
        await server.start()
        try:
            yield Stage(server.url, app, member, dream.id)
        finally:
            await server.stop()
    finally:
        await app.close()


async def axe_finds_nothing(page) -> None:
    from axe_playwright_python.async_playwright import Axe

    results = await Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, f"{page.url}\n" + described(results.response["violations"])


async def reader(browser, language: str):
    context = await browser.new_context(extra_http_headers={"Accept-Language": language})
    context.set_default_timeout(10_000)
    page = await context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    return context, page, requested


def only_local(stage: Stage, requested: list[str]) -> list[str]:
    return [url for url in requested if not url.startswith(stage.url + "/")]


async def a_link(stage: Stage) -> str:
    async with stage.app.uow() as uow:
        token = await sign_in_link(uow, stage.app.clock, stage.member)
        await uow.commit()
    return f"{stage.url}/signin/{token}"


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_visitor_asked_to_sign_in_and_every_answer_of_the_sign_in_pages(browser, stage, language):
    context, page, requested = await reader(browser, language)
    try:
        for path in ("settings", "pledges", "inquiries", "deposit"):
            response = await page.goto(f"{stage.url}/fjordby/{path}")
            assert response.status == 200 and await page.locator("main a[href^='/signin']").count() >= 1, path
            await axe_finds_nothing(page)

        await page.goto(f"{stage.url}/signin")
        await page.fill("#address", "ingrid@fjordby")  # an address to the browser, not to core
        await page.locator("main form button[type=submit]").click()
        assert await page.locator("#address[aria-invalid=true]").count() == 1
        await axe_finds_nothing(page)
        await page.fill("#address", "ingrid@example.org")
        await page.locator("main form button[type=submit]").click()
        assert page.url == f"{stage.url}/signin/email"
        await axe_finds_nothing(page)

        link = await a_link(stage)
        async with stage.app.uow() as uow:  # the link used up elsewhere already
            await redeem(uow, stage.app.clock, link.rsplit("/", 1)[-1])
            await uow.commit()
        await page.goto(link)
        await page.locator("main button[type=submit]").click()
        assert await page.locator("form.account").count() == 0
        await axe_finds_nothing(page)

        await page.goto(await a_link(stage))
        await page.evaluate("document.querySelector('main input[name=csrf]').remove()")
        async with page.expect_response(lambda r: r.request.method == "POST") as answer:
            await page.locator("main button[type=submit]").click()
        assert (await answer.value).status == 403
        assert await page.locator("form.account").count() == 0
        await axe_finds_nothing(page)
    finally:
        await context.close()
    assert only_local(stage, requested) == []


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_member_follows_switches_a_setting_and_has_words_refused(browser, stage, language):
    context, page, requested = await reader(browser, language)
    try:
        await page.goto(await a_link(stage))
        await page.locator("main button[type=submit]").click()
        assert await page.locator("form.account").count() == 1  # signed in

        await page.goto(f"{stage.url}/fjordby/dreams/{stage.dream_id}")
        follow = page.locator("main form button[type=submit]").filter(has_text="Follow" if language == "en"
                                                                      else "Følg")
        await follow.first.click()
        assert await page.locator("[role=status]").count() == 1
        await axe_finds_nothing(page)
        async with stage.app.uow() as uow:
            assert await uow.projects.follows(stage.dream_id, stage.member.id)
        await page.locator("main form button[type=submit]").filter(
            has_text="Stop following" if language == "en" else "Slutt å følge").first.click()

        await page.goto(f"{stage.url}/fjordby/settings")
        before = await page.locator("main").inner_text()
        await page.locator("main form button[type=submit]").filter(has_text=re.compile("^[✓✗] .*chat")).click()
        assert page.url.endswith("/fjordby/settings") and await page.locator("main").inner_text() != before
        await axe_finds_nothing(page)

        await page.goto(f"{stage.url}/fjordby/dreams/{stage.dream_id}")
        await page.locator("#comments ~ form textarea, form textarea[name=text]").first.fill("   ")
        await page.locator("form:has(textarea[name=text]) button[type=submit]").first.click()
        assert await page.locator("textarea[aria-invalid=true]").count() == 1
        await axe_finds_nothing(page)
    finally:
        await context.close()
    assert only_local(stage, requested) == []


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_member_gives_an_address_has_a_wrong_code_refused_and_forgets_it(browser, stage, language):
    async with stage.app.uow() as uow:
        kari = await uow.members.add(Member(f"Kari {language}", stage.member.branch_id, None, stage.app.clock.now()),
                                     Identity("test", f"kari-{language}"))
        token = await sign_in_link(uow, stage.app.clock, kari)
        await uow.commit()
    context, page, requested = await reader(browser, language)
    try:
        await page.goto(f"{stage.url}/signin/{token}")
        await page.locator("main button[type=submit]").click()
        await page.goto(f"{stage.url}/fjordby/settings")
        assert await page.locator("#code").count() == 0
        await axe_finds_nothing(page)

        await page.locator("#address").fill(f"kari-{language}@example.org")
        await page.locator('form[action$="/settings/email"] button[type=submit]').click()
        assert page.url.endswith("/fjordby/settings") and await page.locator("[role=status]").count() == 1
        assert await page.locator("#code").count() == 1
        await axe_finds_nothing(page)

        await page.locator("#code").fill("not-it")
        await page.locator('form[action$="/settings/email/code"] button[type=submit]').click()
        assert await page.locator("#code[aria-invalid=true][aria-describedby=code-problem]").count() == 1
        assert await page.locator("#code-problem").is_visible()
        await axe_finds_nothing(page)
        async with stage.app.uow() as uow:
            chosen = await uow.preferences.get(kari.id)
        assert chosen.email is None and chosen.pending_email == f"kari-{language}@example.org"

        await page.locator('form[action$="/settings/email/forget"] button[type=submit]').click()
        assert await page.locator("[role=status]").count() == 1 and await page.locator("#code").count() == 0
        await axe_finds_nothing(page)
        async with stage.app.uow() as uow:
            assert (await uow.preferences.get(kari.id)).pending_email is None
    finally:
        await context.close()
    assert only_local(stage, requested) == []


async def test_the_pages_an_unsubscribe_link_opens(browser, stage):
    token = UnsubscribeTokens(stage.app.settings.resolved_secret()).make(stage.member.id, MailTopic.DIGEST)
    language = "en"
    context, page, requested = await reader(browser, language)
    try:
        response = await page.goto(f"{stage.url}/unsubscribe/{token}")
        assert response.status == 200
        await axe_finds_nothing(page)
        await page.locator("main form button[type=submit]").click()
        async with stage.app.uow() as uow:
            assert (await uow.preferences.get(stage.member.id)).digest_by_email
        await axe_finds_nothing(page)
        await page.goto(f"{stage.url}/unsubscribe/not-a-token")
        await axe_finds_nothing(page)
    finally:
        await context.close()
    assert only_local(stage, requested) == []
