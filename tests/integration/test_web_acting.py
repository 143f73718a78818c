"""A signed-in member acts on the portal, on SQLite and PostgreSQL: likes, offers help, follows, answers an event,
changes their settings and deposits a dream with the whole form, each counted and notified exactly as in chat; and
what is not theirs to post (no csrf token, a forged press, a visitor) changes nothing."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import httpx
import pytest
from itsdangerous import Signer
from markupsafe import escape

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation
from core.model.branches import Branch
from core.model.dreams import Dream, DreamState, Need
from core.model.events import Answer, Event, EventAudience, EventKind
from core.model.notices import NoticeKind
from core.model.projects import Project, ProjectUpdate, TeamMember
from core.usecases.needs import list_the_kinds
from core.usecases.sign_in import redeem, sign_in_link
from digests.rendering.environment import TEMPLATES as DIGEST_TEMPLATES
from digests.rendering.environment import template_environment
from tests.factories import make_village
from web import portal
from web.app import web_app
from web.pages import TEMPLATES as WEB_TEMPLATES
from web.portal.session import SESSION_COOKIE

SECRET = b"acting-on-the-web-secret-0123456789"
MARKUP = '<script>alert("x")</script> & friends'
FORM = re.compile(r'<form method="post" action="(?P<action>[^"]+)"[^>]*>(?P<body>.*?)</form>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="(?P<name>[^"]+)" value="(?P<value>[^"]*)">')
BUTTON = re.compile(r"<button[^>]*>(?P<label>.*?)</button>", re.S)


def forms(page: str) -> dict[str, tuple[str, dict[str, str]]]:
    """The page's forms by their button's text: where each posts and its hidden fields."""
    out = {}
    for found in FORM.finditer(page):
        button = BUTTON.search(found["body"])
        fields = {m["name"]: html.unescape(m["value"]) for m in HIDDEN.finditer(found["body"])}
        if button:
            out[html.unescape(button["label"]).strip()] = (found["action"], fields)
    return out


@pytest.fixture
async def village(uow_factory):
    return await make_village(uow_factory)


@pytest.fixture
def app(uow_factory, village):
    codec = ButtonCodec(SECRET)
    conversation = Conversation(uow_factory, village.clock, codec, mail=False)
    return web_app(portal.routes(uow_factory, village.clock, template_environment(DIGEST_TEMPLATES, WEB_TEMPLATES),
                                 conversation=conversation, codec=codec, secret=SECRET))


def client(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def signed_in(db, village, app, name: str) -> httpx.AsyncClient:
    """A browser with the member's session, signed in through the one-time link's use case."""
    async with db() as uow:
        token = await sign_in_link(uow, village.clock, village.people[name])
        await uow.commit()
    async with db() as uow:
        _member, session = await redeem(uow, village.clock, token)
        await uow.commit()
    browser = client(app)
    browser.cookies.set(SESSION_COOKIE, Signer(SECRET, salt="session").sign(session).decode())
    return browser


async def a_dream(db, village, title: str = "A bench by the fjord", state: DreamState = DreamState.APPROVED) -> Dream:
    at = village.clock.now()
    async with db() as uow:
        dream = await uow.dreams.add(Dream(village.branch.id, village.anna.id, title, "A story.",
                                           frozenset({Need.TIME}), "", state, at, decided_at=at))
        await list_the_kinds(uow, dream)  # its needs listed, as a deposit lists them
        await uow.commit()
    return dream


async def post(browser: httpx.AsyncClient, form: tuple[str, dict[str, str]], **more) -> httpx.Response:
    action, fields = form
    return await browser.post(action, data={**fields, **more})


async def test_a_like_counts_once_even_sent_twice_and_the_page_says_so(uow_factory, village, app):
    dream = await a_dream(uow_factory, village)
    async with await signed_in(uow_factory, village, app, "bjorn") as browser:
        shown = await browser.get(f"/fjordby/dreams/{dream.id}")
        like = forms(shown.text)["♥ Like"]
        first = await post(browser, like)
        again = await post(browser, like)  # the same form sent twice: one nonce, one like
        back = await browser.get(first.headers["location"])
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == f"/fjordby/dreams/{dream.id}"
    async with uow_factory() as uow:
        assert await uow.bank.likes(dream.id) == 1
    assert "You like “A bench by the fjord”" in back.text and 'role="status"' in back.text
    assert "♥ You like this" in back.text and 'aria-pressed="true"' in back.text
    assert back.headers["cache-control"] == "private, no-store"


async def test_liking_a_project_follows_it_as_in_chat(uow_factory, village, app):
    dream = await a_dream(uow_factory, village)
    async with await signed_in(uow_factory, village, app, "frida") as browser:
        like = forms((await browser.get(f"/fjordby/dreams/{dream.id}")).text)["♥ Like"]
        await post(browser, like)
    async with uow_factory() as uow:
        assert village.frida.id in await uow.projects.followers(dream.id)


async def test_follow_and_stop_following_without_liking(uow_factory, village, app):
    dream = await a_dream(uow_factory, village)
    async with await signed_in(uow_factory, village, app, "frida") as browser:
        followed = await post(browser, forms((await browser.get(f"/fjordby/dreams/{dream.id}")).text)["Follow"])
        back = await browser.get(followed.headers["location"])
        async with uow_factory() as uow:
            following = await uow.projects.follows(dream.id, village.frida.id)
            liked = await uow.bank.has_liked(dream.id, village.frida.id)
        await post(browser, forms(back.text)["Stop following"])
    assert following and not liked
    assert "You follow “A bench by the fjord”" in back.text
    async with uow_factory() as uow:
        assert not await uow.projects.follows(dream.id, village.frida.id)


async def test_an_offer_of_help_opens_the_whole_form_and_the_owner_is_told(uow_factory, village, app):
    dream = await a_dream(uow_factory, village, MARKUP)
    async with await signed_in(uow_factory, village, app, "bjorn") as browser:
        shown = await browser.get(f"/fjordby/dreams/{dream.id}")
        opened = await post(browser, forms(shown.text)["I can help"])
        assert opened.status_code == 200
        assert MARKUP not in opened.text and str(escape(MARKUP)) in opened.text
        assert 'name="need"' in opened.text and 'name="description"' in opened.text
        assert "time — still open" in opened.text  # each need, with what is still missing
        offer = next(f for f in forms(opened.text).values() if f[0] == "/fjordby/form")
        assert "Cancel" in forms(opened.text)  # the dialog it opened may be left
        need = re.search(r'name="need" value="(\d+)"', opened.text).group(1)
        unfit = await post(browser, offer, need=need, description="")
        assert unfit.status_code == 422 and 'aria-invalid="true"' in unfit.text
        again = next(f for f in forms(unfit.text).values() if f[0] == "/fjordby/form")
        sent = await post(browser, again, need=need, description="Two Saturdays of carpentry.")
    assert sent.status_code == 303 and sent.headers["location"] == f"/fjordby/dreams/{dream.id}"
    async with uow_factory() as uow:
        assert [p.description for p in await uow.bank.pledges(dream.id)] == ["Two Saturdays of carpentry."]
        told = await uow.outbox.pending_for(village.anna.id)
    assert [n.kind for n in told] == [NoticeKind.PLEDGE_RECEIVED, NoticeKind.NEEDS_COVERED]  # its one need


async def test_an_answer_to_an_event_is_kept(uow_factory, village, app):
    starts = village.clock.now() + timedelta(days=3)
    async with uow_factory() as uow:
        event = await uow.events.add(Event(village.branch.id, EventKind.GATHERING, "Breakfast", "Coffee.", starts,
                                           starts + timedelta(hours=2), "The library", EventAudience.EVERYONE,
                                           None, starts, village.eva.id, village.clock.now()))
        await uow.commit()
    async with await signed_in(uow_factory, village, app, "anna") as browser:
        shown = await browser.get(f"/fjordby/events/{event.id}")
        going = next(form for label, form in forms(shown.text).items() if label.lower().startswith("going"))
        answered = await post(browser, going)
        back = await browser.get(answered.headers["location"])
    async with uow_factory() as uow:
        rsvp = await uow.events.rsvp(event.id, village.anna.id)
    assert rsvp is not None and rsvp.answer is Answer.GOING
    assert 'aria-pressed="true"' in back.text


async def test_a_member_reading_another_branchs_events_sees_that_branchs(uow_factory, village, app):
    starts = village.clock.now() + timedelta(days=3)
    async with uow_factory() as uow:
        elvdal = await uow.branches.add(Branch("elvdal", "Elvdal", "nb"))
        for branch_id, title in ((village.branch.id, "Fjordby breakfast"), (elvdal.id, "Elvdal choir")):
            await uow.events.add(Event(branch_id, EventKind.GATHERING, title, "Coffee.", starts,
                                       starts + timedelta(hours=2), "The library", EventAudience.EVERYONE,
                                       None, starts, village.eva.id, village.clock.now()))
        await uow.commit()
    async with await signed_in(uow_factory, village, app, "anna") as browser:
        theirs = await browser.get("/elvdal/events")
        ours = await browser.get("/fjordby/events")
    assert "Elvdal choir" in theirs.text and "Fjordby breakfast" not in theirs.text
    assert "Fjordby breakfast" in ours.text and "Elvdal choir" not in ours.text


async def test_the_deposit_form_of_another_branch_leads_to_the_members_own(uow_factory, village, app):
    async with uow_factory() as uow:
        await uow.branches.add(Branch("elvdal", "Elvdal", "nb"))
        await uow.commit()
    async with await signed_in(uow_factory, village, app, "anna") as browser:
        elsewhere = await browser.get("/elvdal/deposit")
    assert elsewhere.status_code == 303 and elsewhere.headers["location"] == "/fjordby/deposit"


async def test_settings_are_shown_and_a_switch_changes_them(uow_factory, village, app):
    async with await signed_in(uow_factory, village, app, "anna") as browser:
        bank = await browser.get("/fjordby/")
        assert 'href="/fjordby/settings"' in bank.text and 'href="/fjordby/deposit"' in bank.text
        shown = await browser.get("/fjordby/settings")
        switch = forms(shown.text)["✓ Digest here in chat"]
        changed = await post(browser, switch)
        again = await browser.get(changed.headers["location"])
    assert shown.status_code == 200 and changed.headers["location"] == "/fjordby/settings"
    async with uow_factory() as uow:
        assert (await uow.preferences.get(village.anna.id)).digest_in_chat is False
    assert "✗ Digest here in chat" in again.text


async def test_a_deposit_with_a_criterion_answered_no_is_shown_again_then_deposited(uow_factory, village, app):
    answers = {"title": MARKUP, "story": "Somewhere to sit and watch the boats.", "needs": ["time", "materials"],
               "non_profit": "no", "social_value": "yes", "realisable": "yes"}
    async with await signed_in(uow_factory, village, app, "anna") as browser:
        page = await browser.get("/fjordby/deposit")
        assert page.status_code == 200 and "Is the dream non-profit" in page.text
        deposit = next(f for f in forms(page.text).values() if f[0] == "/fjordby/form")
        assert deposit[1]["form"] == "deposit"
        unfit = await post(browser, deposit, **answers)
        async with uow_factory() as uow:
            assert list(await uow.dreams.owned_by(village.anna.id)) == []
        again = next(f for f in forms(unfit.text).values() if f[0] == "/fjordby/form")
        done = await post(browser, again, **{**answers, "non_profit": "yes"})
        bank = await browser.get(done.headers["location"])
    assert unfit.status_code == 422
    field = unfit.text[unfit.text.index('id="f-non_profit"'):]
    assert field.index("The bank holds dreams that nobody profits from") < field.index("</fieldset>")
    assert 'aria-describedby="f-non_profit-error"' in unfit.text and 'href="#f-non_profit"' in unfit.text
    assert str(escape(MARKUP)) in unfit.text and MARKUP not in unfit.text  # the title is kept, escaped
    assert done.status_code == 303 and "is deposited" in bank.text
    async with uow_factory() as uow:
        [dream] = await uow.dreams.owned_by(village.anna.id)
        board_told = [await uow.outbox.pending_for(m.id) for m in village.board]
    assert dream.title == MARKUP and dream.needs == frozenset({Need.TIME, Need.MATERIALS})
    assert all(told for told in board_told)


async def test_a_forged_press_is_refused_kindly_and_changes_nothing(uow_factory, village, app):
    dream = await a_dream(uow_factory, village)
    async with await signed_in(uow_factory, village, app, "bjorn") as browser:
        action, fields = forms((await browser.get(f"/fjordby/dreams/{dream.id}")).text)["♥ Like"]
        forged = await browser.post(action, data={**fields, "token": fields["token"][:-2] + "xx"})
        back = await browser.get(forged.headers["location"])
    assert forged.status_code == 303 and "That button is not valid. Nothing was changed." in back.text
    async with uow_factory() as uow:
        assert await uow.bank.likes(dream.id) == 0


async def test_a_press_without_its_csrf_token_is_forbidden(uow_factory, village, app):
    dream = await a_dream(uow_factory, village)
    async with await signed_in(uow_factory, village, app, "bjorn") as browser:
        action, fields = forms((await browser.get(f"/fjordby/dreams/{dream.id}")).text)["♥ Like"]
        refused = await browser.post(action, data={k: v for k, v in fields.items() if k != "csrf"})
    assert refused.status_code == 403
    async with uow_factory() as uow:
        assert await uow.bank.likes(dream.id) == 0


async def test_a_visitor_posting_is_sent_to_sign_in_and_changes_nothing(uow_factory, village, app):
    dream = await a_dream(uow_factory, village)
    async with await signed_in(uow_factory, village, app, "bjorn") as member:
        action, fields = forms((await member.get(f"/fjordby/dreams/{dream.id}")).text)["♥ Like"]
    async with client(app) as visitor:
        shown = await visitor.get(f"/fjordby/dreams/{dream.id}")
        sent = await visitor.post(action, data=fields)
        deposit = await visitor.get("/fjordby/deposit")
    assert "/fjordby/press" not in shown.text
    assert sent.status_code == 303 and sent.headers["location"] == "/signin"
    assert 'href="/signin"' in deposit.text and 'action="/fjordby/form"' not in deposit.text
    async with uow_factory() as uow:
        assert await uow.bank.likes(dream.id) == 0


async def test_a_signed_in_member_reads_the_pages_in_their_own_language(uow_factory, village, app):
    async with uow_factory() as uow:  # Frida chose bokmål in chat; her browser asks for English
        frida = await uow.members.get(village.frida.id)
        frida.language = "nb"
        await uow.members.save(frida)
        await uow.commit()
    async with await signed_in(uow_factory, village, app, "frida") as browser:
        hers = await browser.get("/fjordby/about", headers={"accept-language": "en"})
        asked = await browser.get("/fjordby/about?lang=en", headers={"accept-language": "en"})
    async with client(app) as visitor:
        visitor_page = await visitor.get("/fjordby/about", headers={"accept-language": "en"})
    assert '<html lang="nb">' in hers.text and hers.headers["content-language"] == "nb"
    assert '<html lang="en">' in asked.text  # what she asks for on the page itself wins
    assert '<html lang="en">' in visitor_page.text


async def test_a_visitor_reads_a_team_members_name_only_once_they_consent_in_their_settings(uow_factory, village,
                                                                                           app):
    dream = await a_dream(uow_factory, village, state=DreamState.PROJECT)
    async with uow_factory() as uow:
        project = await uow.projects.add(Project(dream.id, village.branch.id, dream.title, village.anna.id,
                                                 village.clock.now()))
        await uow.projects.add_team_member(TeamMember(project.id, village.anna.id, "lead"))
        await uow.projects.add_update(ProjectUpdate(project.id, village.anna.id, "The wood came.", village.clock.now()))
        await uow.commit()
    address = f"/fjordby/projects/{project.id}"
    async with client(app) as visitor:
        unnamed = await visitor.get(address)
    async with await signed_in(uow_factory, village, app, "frida") as member:
        seen_by_a_member = await member.get(address)
    async with await signed_in(uow_factory, village, app, "anna") as anna:
        shown = await anna.get("/fjordby/settings")
        await post(anna, forms(shown.text)["✗ My name on the public web pages of projects I am in"])
    async with client(app) as visitor:
        named = await visitor.get(address)
    assert "Anna" not in unnamed.text and "a member of the team — lead" in unnamed.text
    assert "a member of the team: The wood came." in unnamed.text
    assert "Anna — lead" in seen_by_a_member.text  # a member of the branch reads names, as in chat
    assert "Anna — lead" in named.text and "Anna: The wood came." in named.text
