"""Signing in to the portal through HTTP, on SQLite and PostgreSQL: /web in a chat gives a link that signs in
once; a forged, used or expired link, an altered cookie and a form without its token are each refused and change
nothing; signing out ends the session on the server; a link is mailed only to a confirmed address, and the page
says the same either way."""

from __future__ import annotations

import re

import httpx
import pytest

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation
from core.model.notices import NoticeKind
from core.model.preferences import Preferences
from core.model.sign_in import token_hash
from core.usecases.sign_in import sign_in_link
from digests.rendering.environment import TEMPLATES as DIGEST_TEMPLATES
from digests.rendering.environment import template_environment
from tests.chat_person import Person
from tests.factories import make_village
from tests.integration.portal_setup import csrf_of
from web import portal
from web.app import web_app
from web.pages import TEMPLATES as WEB_TEMPLATES
from web.portal.session import SESSION_COOKIE

SECRET = b"s" * 32
ORIGIN = "http://testserver"


@pytest.fixture
async def village(uow_factory):
    return await make_village(uow_factory)


@pytest.fixture
def app(uow_factory, village):
    return web_app(portal.routes(uow_factory, village.clock, template_environment(DIGEST_TEMPLATES, WEB_TEMPLATES),
                                 secret=SECRET, public_url=ORIGIN, mail=True))


def client(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=ORIGIN)


async def a_link(db, village, name: str = "anna") -> str:
    async with db() as uow:
        token = await sign_in_link(uow, village.clock, village.people[name])
        await uow.commit()
    return token


async def press(http: httpx.AsyncClient, token: str) -> httpx.Response:
    """Open the link, then press its one button, as a reader does."""
    shown = await http.get(f"/signin/{token}")
    return await http.post(f"/signin/{token}", data={"csrf": csrf_of(shown)})


async def signed_in_as(http: httpx.AsyncClient, db, village, name: str = "anna") -> str:
    """Signs the client in; the session cookie it now carries."""
    answer = await press(http, await a_link(db, village, name))
    assert answer.status_code == 303
    return answer.cookies[SESSION_COOKIE]


async def used_at(db, token: str):
    async with db() as uow:
        return (await uow.sign_in.link(token_hash(token))).used_at


async def test_web_in_a_chat_gives_a_link_that_signs_in_once(uow_factory, village, app):
    conversation = Conversation(uow_factory, village.clock, ButtonCodec(SECRET), web_url=ORIGIN)
    said = await Person(conversation, "anna").say("/web")
    token = re.search(rf"{ORIGIN}/signin/(\S+)", said).group(1)
    assert "15 minutes" in said
    async with client(app) as http:
        shown = await http.get(f"/signin/{token}")
        again = await http.get(f"/signin/{token}")  # a chat app's preview opens it too: that uses nothing up
        assert shown.status_code == again.status_code == 200 and await used_at(uow_factory, token) is None
        assert shown.headers["cache-control"] == "private, no-store" and "etag" not in shown.headers
        answer = await http.post(f"/signin/{token}", data={"csrf": csrf_of(again)})
        assert answer.status_code == 303 and answer.headers["location"] == "/fjordby/"
        cookie = answer.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
        bank = await http.get("/fjordby/")
        later = await http.get("/fjordby/")
    assert "Signed in as Anna" in bank.text and 'action="/signout"' in bank.text
    assert '<div role="status" class="said"><p>You are signed in as Anna.</p></div>' in bank.text
    assert bank.headers["cache-control"] == "private, no-store" and "etag" not in bank.headers
    assert "Signed in as Anna" in later.text and "You are signed in" not in later.text  # shown once
    assert await used_at(uow_factory, token) is not None


async def test_a_used_a_forged_and_an_expired_link_are_refused_and_sign_nobody_in(uow_factory, village, app):
    used, old = await a_link(uow_factory, village), await a_link(uow_factory, village, "frida")
    async with client(app) as http:
        assert (await press(http, used)).status_code == 303
    async with client(app) as http:
        reused = await press(http, used)
        forged = await press(http, used[:-1] + ("A" if used[-1] != "A" else "B"))
        village.clock.advance(minutes=16)
        expired = await press(http, old)
        home = await http.get("/")
    assert reused.status_code == forged.status_code == expired.status_code == 400
    assert "used already" in reused.text and "not one the bank made" in forged.text and "expired" in expired.text
    assert all('href="/signin"' in r.text and SESSION_COOKIE not in r.headers.get("set-cookie", "")
               for r in (reused, forged, expired))
    assert "Signed in as" not in home.text and await used_at(uow_factory, old) is None


async def test_an_altered_cookie_or_another_sessions_id_under_its_signature_signs_nobody_in(uow_factory, village,
                                                                                            app):
    async with client(app) as http:
        annas = await signed_in_as(http, uow_factory, village, "anna")
    async with client(app) as http:
        fridas = await signed_in_as(http, uow_factory, village, "frida")
    anna_id, anna_signature = annas.rsplit(".", 1)
    frida_id = fridas.rsplit(".", 1)[0]
    flipped = annas[:5] + ("x" if annas[5] != "x" else "y") + annas[6:]
    for cookie, shown in ((annas, "Signed in as Anna"), (fridas, "Signed in as Frida"), (flipped, None),
                          (f"{frida_id}.{anna_signature}", None), (f"{anna_id}x.{anna_signature}", None)):
        async with client(app) as http:
            http.cookies.set(SESSION_COOKIE, cookie)
            page = await http.get("/fjordby/about")
        assert (shown or "Signed in as") in page.text if shown else "Signed in as" not in page.text
        assert shown is not None or '<a href="/signin"' in page.text


async def test_a_form_without_its_token_or_with_a_wrong_one_is_refused_and_changes_nothing(uow_factory, village,
                                                                                           app):
    token = await a_link(uow_factory, village)
    async with client(app) as http:
        await http.get(f"/signin/{token}")
        missing = await http.post(f"/signin/{token}", data={})
        wrong = await http.post(f"/signin/{token}", data={"csrf": "not-the-token"})
        assert missing.status_code == wrong.status_code == 403
        assert "did not come from this site. Nothing was changed" in missing.text
        assert await used_at(uow_factory, token) is None
        await signed_in_as(http, uow_factory, village)
        unsigned = await http.post("/signout", data={})
        other = await http.post("/signout", data={"csrf": csrf_of(await http.get(f"/signin/{token}"))[:-2] + "AA"})
        still = await http.get("/fjordby/about")
    assert unsigned.status_code == other.status_code == 403
    assert "Signed in as Anna" in still.text


async def test_a_visitors_token_does_not_serve_another_visitor(uow_factory, village, app):
    token = await a_link(uow_factory, village)
    async with client(app) as first:
        theirs = csrf_of(await first.get(f"/signin/{token}"))
    async with client(app) as second:
        await second.get(f"/signin/{token}")
        answer = await second.post(f"/signin/{token}", data={"csrf": theirs})
    assert answer.status_code == 403 and await used_at(uow_factory, token) is None


async def test_signing_out_ends_the_session_on_the_server(uow_factory, village, app):
    async with client(app) as http:
        cookie = await signed_in_as(http, uow_factory, village)
        page = await http.get("/fjordby/about")
        out = await http.post("/signout", data={"csrf": csrf_of(page)})
        home = await http.get("/")
    assert out.status_code == 303 and out.headers["location"] == "/"
    assert "Signed in as" not in home.text and "You are signed out." in home.text
    async with client(app) as http:
        http.cookies.set(SESSION_COOKIE, cookie)  # the old cookie, kept somewhere
        again = await http.get("/fjordby/about")
    assert "Signed in as" not in again.text


async def test_a_link_is_mailed_to_a_confirmed_address_only_and_the_page_says_the_same(uow_factory, village, app):
    anna, frida = village.people["anna"], village.people["frida"]
    async with uow_factory() as uow:
        await uow.preferences.save(Preferences(anna.id, email="anna@example.org"))
        await uow.preferences.save(Preferences(frida.id, pending_email="frida@example.org"))
        await uow.commit()
    answers = []
    for address in ("Anna@example.ORG", "frida@example.org", "nobody@example.org"):
        async with client(app) as http:
            form = await http.get("/signin")
            answers.append(await http.post("/signin/email", data={"csrf": csrf_of(form), "address": address}))
    assert [a.status_code for a in answers] == [200] * 3
    assert answers[0].text == answers[1].text == answers[2].text and "on its way" in answers[0].text
    async with uow_factory() as uow:
        mailed = list(await uow.outbox.pending_on("email"))
    [delivery] = mailed
    notice = delivery.notice
    assert (notice.member_id, notice.kind, delivery.chat_id) == (anna.id, NoticeKind.SIGN_IN_LINK, "anna@example.org")
    assert notice.params["url"].startswith(f"{ORIGIN}/signin/")
    async with client(app) as http:
        signed = await http.post(notice.params["url"].removeprefix(ORIGIN),
                                 data={"csrf": csrf_of(await http.get(notice.params["url"].removeprefix(ORIGIN)))})
    assert signed.status_code == 303


async def test_an_address_that_cannot_be_one_is_asked_again_and_a_form_without_its_token_mails_nothing(
        uow_factory, village, app):
    async with uow_factory() as uow:
        await uow.preferences.save(Preferences(village.people["anna"].id, email="anna@example.org"))
        await uow.commit()
    async with client(app) as http:
        form = await http.get("/signin")
        bad = await http.post("/signin/email", data={"csrf": csrf_of(form), "address": "not an address"})
        forged = await http.post("/signin/email", data={"address": "anna@example.org"})
    assert bad.status_code == 400 and 'aria-invalid="true"' in bad.text
    assert "Type it like this: name@example.org" in bad.text and "/email name" not in bad.text  # no chat command
    assert forged.status_code == 403
    async with uow_factory() as uow:
        assert list(await uow.outbox.pending_on("email")) == []
