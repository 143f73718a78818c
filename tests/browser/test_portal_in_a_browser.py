"""Every portal page in a real headless Chromium, in English and Norwegian, on a desktop and a phone: axe-core
finds no WCAG 2.1 A/AA violation, the content is there without JavaScript, the skip link is the first Tab stop
and takes focus to the main content, every Tab stop shows an outline, nothing scrolls sideways at 320 px, and no
request leaves 127.0.0.1."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.asyncio(loop_scope="module")

PAGES = ("front", "bank", "dream", "factory", "project", "archive", "padrivere", "events", "event", "about",
         "missing", "second page", "empty", "search", "no match", "dream poster", "event poster", "topics", "topic",
         "new topic")
LANGUAGES = ("en", "nb", "da", "nl")
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
NARROW = {"width": 320, "height": 640}
#: what makes a page the state it stands for: the pager of a long list, the empty list's sentence
STATE = {"second page": ("nav.pages a[rel=prev]", 1), "empty": ("main ul.entries", 0), "events": ("#earlier", 1),
         "search": ("nav.pages a[rel=prev]", 1), "no match": ("main ul.dreams", 0),
         "dream poster": ("main .codes img", 1), "event poster": ("main .codes img", 1)}
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}


def described(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} at "
                     + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5]) for v in violations)


async def open_page(browser, portal, name: str, language: str, viewport: dict, javascript: bool = True):
    """A fresh context for one page, recording every request it makes."""
    context = await browser.new_context(viewport=viewport, java_script_enabled=javascript,
                                        extra_http_headers={"Accept-Language": language})
    page = await context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    response = await page.goto(portal.url + portal.pages[name])
    return context, page, response, requested


def only_local(portal, requested: list[str]) -> list[str]:
    return [url for url in requested if not url.startswith(portal.url + "/")]


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
async def test_axe_finds_no_wcag_violation(browser, portal, name, language, viewport):
    from axe_playwright_python.async_playwright import Axe

    context, page, response, requested = await open_page(browser, portal, name, language, VIEWPORTS[viewport])
    try:
        assert response.status == (404 if name == "missing" else 200)
        assert await page.get_attribute("html", "lang") == language
        if name in STATE:
            selector, count = STATE[name]
            assert await page.locator(selector).count() == count
        results = await Axe().run(page, options=WCAG_AA)
        assert results.violations_count == 0, described(results.response["violations"])
        assert only_local(portal, requested) == []
    finally:
        await context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
async def test_the_page_reads_without_javascript_and_reflows_at_320_pixels(browser, portal, name, language):
    """The content is there with scripts off; and, WCAG 1.4.10, which axe cannot see, a 320 px wide window (a
    small phone, or 400 % zoom) needs no sideways scroll."""
    context, page, response, requested = await open_page(browser, portal, name, language, NARROW, javascript=False)
    try:
        assert response.status == (404 if name == "missing" else 200)
        heading = page.locator("main h1")
        assert await heading.count() == 1 and await heading.is_visible()
        assert (await heading.inner_text()).strip()
        assert await page.locator("a.skip").count() == 1
        assert await page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
        assert only_local(portal, requested) == []
    finally:
        await context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", ("front", "bank", "dream", "about", "missing"))
async def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(browser, portal, name, viewport):
    context, page, _, requested = await open_page(browser, portal, name, "en", VIEWPORTS[viewport])
    try:
        await page.keyboard.press("Tab")
        first = await page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
        assert first == ["skip", "#main"]
        assert await page.locator("a.skip").is_visible()
        await page.keyboard.press("Enter")
        assert await page.evaluate("document.activeElement.id") == "main"
        assert only_local(portal, requested) == []
    finally:
        await context.close()


FOCUS_SEEN = """() => {
  const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
  return {tag: e.tagName, text: e.textContent.trim(), outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
          inside: r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= innerWidth};
}"""


@pytest.mark.parametrize("name", ("bank", "dream", "project", "event", "about", "dream poster"))
async def test_every_tab_stop_shows_where_the_keyboard_is(browser, portal, name):
    """WCAG 2.4.7, which axe cannot see: each link and field the Tab key reaches has a visible outline, on screen."""
    context, page, _, _ = await open_page(browser, portal, name, "en", PHONE)
    try:
        stops = await page.locator("a[href], input, select, button").count()
        assert stops > 3
        for _ in range(stops):
            await page.keyboard.press("Tab")
            seen = await page.evaluate(FOCUS_SEEN)
            assert seen["tag"] in ("A", "INPUT", "SELECT", "BUTTON"), seen
            assert seen["outline"] != "none" and seen["width"] >= 2 and seen["inside"], seen
    finally:
        await context.close()


@pytest.mark.parametrize("name", ("dream poster", "event poster"))
async def test_a_poster_prints_without_the_navigation_and_with_its_code(browser, portal, name):
    """Printed, a poster is its title, its words and its code: the header, the menus and the footer are left off."""
    context, page, _, requested = await open_page(browser, portal, name, "en", DESKTOP)
    try:
        assert await page.locator("header nav").first.is_visible()
        await page.emulate_media(media="print")
        assert not await page.locator("header").is_visible() and not await page.locator("footer").is_visible()
        assert not await page.locator("nav").first.is_visible()
        assert await page.locator("main h1").is_visible() and await page.locator(".codes img").first.is_visible()
        loaded = await page.evaluate("[...document.querySelectorAll('.codes img')].every(i => i.naturalWidth > 0)")
        assert loaded and only_local(portal, requested) == []
    finally:
        await context.close()


async def test_the_check_itself_fails_a_page_with_a_fault_planted(browser):
    """The same checker on a page with a nameless link, an unlabelled field and no language finds each fault:
    the zero above is axe's judgement, not a check that cannot fail."""
    from axe_playwright_python.async_playwright import Axe

    context = await browser.new_context()
    try:
        page = await context.new_page()
        await page.set_content("<html><head><title>Faults</title></head><body><main><h1>Faults</h1>"
                               "<a href='/somewhere'></a><input type='text'></main></body></html>")
        results = await Axe().run(page, options=WCAG_AA)
    finally:
        await context.close()
    assert {v["id"] for v in results.response["violations"]} >= {"link-name", "label", "html-has-lang"}
