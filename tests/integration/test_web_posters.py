"""Posters of dreams and events through HTTP on SQLite and PostgreSQL: a printable page with its QR codes, served
here as SVG, each address printed under it; and the feeds each page links to."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree

import pytest

from core.links import Links
from core.model.dreams import DreamState
from core.model.events import Event, EventAudience, EventKind
from digests.rendering.environment import TEMPLATES as DIGEST_TEMPLATES
from digests.rendering.environment import template_environment
from tests.factories import make_village
from tests.integration.test_web_portal import MARKUP, a_dream, another_branch, client
from web import portal
from web.app import web_app
from web.pages import TEMPLATES as WEB_TEMPLATES

PUBLIC = "https://dromar.example.org"


@pytest.fixture
async def village(uow_factory):
    return await make_village(uow_factory)


def portal_of(uow_factory, village, **given):
    templates = template_environment(DIGEST_TEMPLATES, WEB_TEMPLATES)
    return client(web_app(portal.routes(uow_factory, village.clock, templates, **given)))


async def an_event(db, village, audience: EventAudience = EventAudience.EVERYONE, branch_id: int | None = None
                   ) -> Event:
    starts = village.clock.now() + timedelta(days=3)
    async with db() as uow:
        event = await uow.events.add(Event(branch_id or village.branch.id, EventKind.GATHERING, "Dugnad by the pier",
                                           "Bring gloves.", starts, starts + timedelta(hours=2), "The pier",
                                           audience, None, starts, village.gustav.id, village.clock.now()))
        await uow.commit()
    return event


def is_svg(body: bytes) -> bool:
    return ElementTree.fromstring(body).tag == "{http://www.w3.org/2000/svg}svg"


async def test_a_dreams_poster_has_codes_to_the_web_and_the_bot_with_their_addresses(uow_factory, village):
    dream = await a_dream(uow_factory, village, MARKUP, story="Somewhere to sit.")
    http = portal_of(uow_factory, village, public_url=PUBLIC, bot=Links.telegram("fjordby_bot"))
    async with http:
        shown = await http.get(f"/fjordby/dreams/{dream.id}")
        poster = await http.get(f"/fjordby/dreams/{dream.id}/poster")
        web = await http.get(f"/fjordby/dreams/{dream.id}/qr.svg?to=web")
        bot = await http.get(f"/fjordby/dreams/{dream.id}/qr.svg?to=bot")
        odd = await http.get(f"/fjordby/dreams/{dream.id}/qr.svg?to=somewhere")

    assert f'<a href="/fjordby/dreams/{dream.id}/poster">Print a poster</a>' in shown.text
    assert f'<meta property="og:url" content="{PUBLIC}/fjordby/dreams/{dream.id}">' in shown.text
    assert poster.status_code == 200 and "Somewhere to sit." in poster.text
    assert "<script>alert" not in poster.text and "&lt;script&gt;alert" in poster.text
    assert f'src="/fjordby/dreams/{dream.id}/qr.svg?to=web"' in poster.text
    assert f'src="/fjordby/dreams/{dream.id}/qr.svg?to=bot"' in poster.text
    assert f"{PUBLIC}/fjordby/dreams/{dream.id}</span>" in poster.text
    assert f"https://t.me/fjordby_bot?start=d{dream.id}</span>" in poster.text
    assert 'alt="QR code that opens it on the web"' in poster.text
    for code in (web, bot):
        assert code.status_code == 200 and code.headers["content-type"].startswith("image/svg+xml")
        assert is_svg(code.content) and b"style=" not in code.content
    assert web.content != bot.content and odd.status_code == 404


async def test_without_a_bot_or_public_address_a_poster_has_the_web_code_on_the_address_used(uow_factory, village):
    dream = await a_dream(uow_factory, village, "A bench")
    http = portal_of(uow_factory, village)
    async with http:
        poster = await http.get(f"/fjordby/dreams/{dream.id}/poster")
        bot = await http.get(f"/fjordby/dreams/{dream.id}/qr.svg?to=bot")
        web = await http.get(f"/fjordby/dreams/{dream.id}/qr.svg")
    assert f"http://testserver/fjordby/dreams/{dream.id}</span>" in poster.text and "qr.svg?to=bot" not in poster.text
    assert bot.status_code == 404 and web.status_code == 200 and is_svg(web.content)


async def test_an_events_poster_says_when_and_where_and_links_its_calendar(uow_factory, village):
    event = await an_event(uow_factory, village)
    http = portal_of(uow_factory, village, public_url=PUBLIC, bot=Links.telegram("fjordby_bot"))
    async with http:
        shown = await http.get(f"/fjordby/events/{event.id}")
        listed = await http.get("/fjordby/events")
        poster = await http.get(f"/fjordby/events/{event.id}/poster")
        code = await http.get(f"/fjordby/events/{event.id}/qr.svg?to=bot")

    assert f'<a href="/fjordby/events/{event.id}/poster">Print a poster</a>' in shown.text
    assert f'href="/fjordby/events/{event.id}.ics"' in shown.text
    assert 'href="/fjordby/events.ics"' in listed.text and 'href="webcal://dromar.example.org/fjordby/events.ics"' \
        in listed.text
    assert poster.status_code == 200 and "Dugnad by the pier" in poster.text and "The pier" in poster.text
    assert "Bring gloves." in poster.text and f"https://t.me/fjordby_bot?start=e{event.id}</span>" in poster.text
    assert code.status_code == 200 and is_svg(code.content)


async def test_no_poster_for_what_a_visitor_may_not_see_or_another_branchs(uow_factory, village):
    waiting = await a_dream(uow_factory, village, "With the board", DreamState.DEPOSITED)
    elsewhere = await another_branch(uow_factory)
    theirs = await a_dream(uow_factory, village, "Theirs", branch_id=elsewhere.id)
    circle = await an_event(uow_factory, village, EventAudience.PADRIVERE)
    http = portal_of(uow_factory, village)
    async with http:
        found = [await http.get(path) for path in (
            f"/fjordby/dreams/{waiting.id}/poster", f"/fjordby/dreams/{theirs.id}/poster",
            f"/fjordby/dreams/{theirs.id}/qr.svg", f"/fjordby/events/{circle.id}/poster",
            f"/fjordby/events/{circle.id}/qr.svg", "/fjordby/dreams/999/poster")]
    assert [r.status_code for r in found] == [404] * 6


async def test_every_branch_page_links_its_feed_and_the_about_page_its_open_data(uow_factory, village):
    http = portal_of(uow_factory, village)
    async with http:
        bank = await http.get("/fjordby/")
        about = await http.get("/fjordby/about")
    for shown in (bank, about):
        assert '<link rel="alternate" type="application/atom+xml" href="/fjordby/feed.atom"' in shown.text
    for path in ("/fjordby/feed.atom", "/fjordby/data/dreams.json", "/fjordby/events.ics"):
        assert f'href="{path}"' in about.text


async def test_a_branch_s_page_offers_joining_it_in_chat_by_its_own_link_where_there_is_a_bot(uow_factory, village):
    with_bot = portal_of(uow_factory, village, public_url=PUBLIC, bot=Links.telegram("fjordby_bot"))
    without = portal_of(uow_factory, village, public_url=PUBLIC)
    async with with_bot, without:
        offered = (await with_bot.get("/fjordby/")).text
        plain = (await without.get("/fjordby/")).text
    assert 'href="https://t.me/fjordby_bot?start=b-fjordby">Join in chat</a>' in offered
    assert "Join in chat" not in plain
