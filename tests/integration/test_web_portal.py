"""The public portal through HTTP against the one ASGI app, on SQLite and PostgreSQL: what a visitor may read,
in their language, escaped, cached by ETag, with nothing from another origin and no script."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from urllib.parse import quote

import httpx
from markupsafe import escape
import pytest

from core.model.branches import Branch
from core.model.dreams import Dream, DreamState, Need
from core.model.events import Answer, Event, EventAudience, EventKind, Rsvp
from core.model.members import Role
from core.model.padrivere import ApplicationStatus, Padriver
from core.model.projects import Project, ProjectState, ProjectUpdate
from core.model.talk import Topic
from core.usecases import bank, needs
from core.usecases.needs import list_the_kinds
from digests.rendering.environment import TEMPLATES as DIGEST_TEMPLATES
from digests.rendering.environment import template_environment
from dreambank.bootstrap import build
from dreambank.settings import Settings
from tests.factories import make_village, pledge
from web import feeds, portal
from web.app import web_app
from web.pages import TEMPLATES as WEB_TEMPLATES

MARKUP = '<script>alert("x")</script> & friends'


def client(asgi) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi), base_url="http://testserver")


@pytest.fixture
async def village(uow_factory):
    return await make_village(uow_factory)


@pytest.fixture
def http(uow_factory, village):
    app = web_app(portal.routes(uow_factory, village.clock, template_environment(DIGEST_TEMPLATES, WEB_TEMPLATES)))
    return client(app)


async def a_dream(db, village, title: str, state: DreamState = DreamState.APPROVED, branch_id: int | None = None,
                  story: str = "A story.") -> Dream:
    at = village.clock.now()
    async with db() as uow:
        dream = await uow.dreams.add(Dream(branch_id or village.branch.id, village.people["anna"].id, title, story,
                                           frozenset({Need.TIME}), "", state, at, decided_at=at))
        await list_the_kinds(uow, dream)  # its needs listed, as a deposit lists them
        await uow.commit()
    return dream


async def another_branch(db) -> Branch:
    async with db() as uow:
        branch = await uow.branches.add(Branch("elvdal", "Elvdal", "nb"))
        await uow.commit()
    return branch


async def test_the_branches_are_listed_and_each_leads_to_its_bank(uow_factory, village, http):
    await another_branch(uow_factory)
    async with http:
        home = await http.get("/")
        bare = await http.get("/fjordby")
    assert home.status_code == 200
    assert bare.status_code in (307, 308) and bare.headers["location"].endswith("/fjordby/")
    assert 'href="/fjordby/"' in home.text and 'href="/elvdal/"' in home.text
    assert home.text.index("Elvdal") < home.text.index("Fjordby")


async def test_the_bank_shows_approved_dreams_only_escaped_and_pages_them(uow_factory, village, http):
    shown = await a_dream(uow_factory, village, MARKUP)
    await a_dream(uow_factory, village, "Still with the board", DreamState.DEPOSITED)
    for n in range(11):
        await a_dream(uow_factory, village, f"Bench number {n}")
    async with http:
        first = await http.get("/fjordby/")
        second = await http.get("/fjordby/?page=2")
    assert first.status_code == second.status_code == 200
    assert "Still with the board" not in first.text + second.text
    whole = first.text + second.text
    assert "<script>alert" not in whole and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; friends" in whole
    assert f'href="/fjordby/dreams/{shown.id}"' in whole
    assert 'href="?page=2"' in first.text and 'href="?page=1"' in second.text
    assert "Page 2 of 2" in second.text
    assert "<h1>Dreams in the bank of Fjordby</h1>" in first.text


async def test_a_dream_shows_its_story_and_what_a_shared_link_shows(uow_factory, village, http):
    dream = await a_dream(uow_factory, village, MARKUP, story="Somewhere to <b>sit</b>.")
    async with http:
        page = await http.get(f"/fjordby/dreams/{dream.id}")
    assert page.status_code == 200
    assert "<script>" not in page.text and "<b>sit</b>" not in page.text
    assert "Somewhere to &lt;b&gt;sit&lt;/b&gt;." in page.text
    assert '<meta property="og:title" content="&lt;script&gt;' in page.text
    assert '<meta name="twitter:card" content="summary">' in page.text
    assert "0 likes · 0 offers of help" in page.text and '<p class="state">in the bank</p>' in page.text
    assert "Deposited by</dt>\n<dd>Anna</dd>" in page.text
    address = quote(f"http://testserver/fjordby/dreams/{dream.id}", safe="")
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={address}"' in page.text
    assert f'href="mailto:?subject={quote(MARKUP, safe="")}&amp;body={address}"' in page.text


async def test_a_dream_page_shows_the_whole_story_and_what_was_offered_against_each_need(uow_factory, village,
                                                                                            http):
    dream = await a_dream(uow_factory, village, "A bench", story="Long. " * 300)
    async with uow_factory() as uow:
        await pledge(uow, village.clock, village.people["frida"], dream.id, Need.TIME, "Saturdays")
        hours = await needs.add_need(uow, village.clock, village.people["anna"], dream.id, Need.TIME, "Building",
                                     "10")
        await bank.pledge_help(uow, village.clock, village.people["bjorn"], dream.id, hours.id, "Four", "4")
        await uow.commit()
    async with http:
        page = await http.get(f"/fjordby/dreams/{dream.id}")
    assert ("Long. " * 300).strip() in page.text
    assert "<h2 id=\"needs\">What the dream needs</h2>" in page.text
    assert "<tr><td>time</td><td>1 offer of help</td><td>covered</td></tr>" in page.text
    assert "<tr><td>time: Building</td><td>4 hours of 10 hours</td><td>6 hours still missing</td></tr>" in page.text
    assert "Followers</dt>\n<dd>2</dd>" in page.text


async def test_a_dream_not_approved_or_of_another_branch_or_of_no_branch_is_not_found(uow_factory, village, http):
    waiting = await a_dream(uow_factory, village, "Still with the board", DreamState.DEPOSITED)
    elvdal = await another_branch(uow_factory)
    elsewhere = await a_dream(uow_factory, village, "An Elvdal dream", branch_id=elvdal.id)
    async with http:
        pending = await http.get(f"/fjordby/dreams/{waiting.id}")
        crossed = await http.get(f"/fjordby/dreams/{elsewhere.id}")
        missing = await http.get("/fjordby/dreams/999999")
        nowhere = await http.get("/nowhere/")
        at_home = await http.get(f"/elvdal/dreams/{elsewhere.id}")
    assert pending.status_code == crossed.status_code == missing.status_code == nowhere.status_code == 404
    assert "Still with the board" not in pending.text and "An Elvdal dream" not in crossed.text
    assert at_home.status_code == 200 and "An Elvdal dream" in at_home.text


async def test_the_factory_a_project_and_the_archive(uow_factory, village, http):
    dream = await a_dream(uow_factory, village, "A bench by the fjord", DreamState.PROJECT)
    done = await a_dream(uow_factory, village, "A book swap", DreamState.PROJECT)
    at = village.clock.now()
    async with uow_factory() as uow:
        active = await uow.projects.add(Project(dream.id, village.branch.id, dream.title,
                                                village.people["anna"].id, at))
        closed = await uow.projects.add(Project(done.id, village.branch.id, done.title, village.people["anna"].id,
                                                at, ProjectState.COMPLETED, at, "", "Forty books swapped."))
        await uow.commit()
    async with http:
        factory = await http.get("/fjordby/factory")
        archive = await http.get("/fjordby/archive")
        project = await http.get(f"/fjordby/projects/{active.id}")
        finished = await http.get(f"/fjordby/projects/{closed.id}")
        its_dream = await http.get(f"/fjordby/dreams/{dream.id}")
    assert f'href="/fjordby/projects/{active.id}"' in factory.text and "A book swap" not in factory.text
    assert f'href="/fjordby/projects/{closed.id}"' in archive.text and "A bench by the fjord" not in archive.text
    assert project.status_code == 200 and "A bench by the fjord" in project.text
    assert finished.status_code == 200 and "Forty books swapped." in finished.text
    assert f'<a href="/fjordby/projects/{active.id}">Open the project</a>' in its_dream.text


async def test_only_consenting_padrivere_are_shown(uow_factory, village, http):
    at = village.clock.now()
    async with uow_factory() as uow:
        for name, public in (("frida", True), ("bjorn", False)):
            await uow.padrivere.save(Padriver(village.branch.id, village.people[name].id, ["Carpentry"], "",
                                              "Weekends", public, at, ApplicationStatus.APPROVED, at))
            await uow.members.grant(village.branch.id, village.people[name].id, Role.PADRIVER)
        await uow.commit()
    async with http:
        page = await http.get("/fjordby/padrivere")
    assert page.status_code == 200
    assert "Frida" in page.text and "Carpentry" in page.text and "Bjorn" not in page.text


async def test_events_open_to_everyone_are_listed_and_shown(uow_factory, village, http):
    starts = village.clock.now() + timedelta(days=3)
    gustav = village.people["gustav"].id
    async with uow_factory() as uow:
        open_one = await uow.events.add(Event(village.branch.id, EventKind.GATHERING, "Pådriver breakfast",
                                              "Coffee and plans.", starts, starts + timedelta(hours=2),
                                              "The library", EventAudience.EVERYONE, 12, starts, gustav,
                                              village.clock.now()))
        closed_one = await uow.events.add(Event(village.branch.id, EventKind.GATHERING, "Circle meeting", "Votes.",
                                                starts, starts + timedelta(hours=1), "The hall",
                                                EventAudience.PADRIVERE, None, starts, gustav, village.clock.now()))
        held = starts - timedelta(days=10)
        over = await uow.events.add(Event(village.branch.id, EventKind.GATHERING, "Spring clean-up", "Bags.", held,
                                          held + timedelta(hours=2), "The beach", EventAudience.EVERYONE, None, held,
                                          gustav, village.clock.now()))
        await uow.events.add(Event(village.branch.id, EventKind.GATHERING, "Old circle", "Votes.", held,
                                   held + timedelta(hours=1), "The hall", EventAudience.PADRIVERE, None, held, gustav,
                                   village.clock.now()))
        await uow.events.put_rsvp(Rsvp(open_one.id, village.people["anna"].id, Answer.GOING, village.clock.now(), 1))
        await uow.commit()
    async with http:
        listed = await http.get("/fjordby/events")
        shown = await http.get(f"/fjordby/events/{open_one.id}")
        hidden = await http.get(f"/fjordby/events/{closed_one.id}")
        norwegian = await http.get("/fjordby/events?lang=nb")
    assert f'href="/fjordby/events/{open_one.id}"' in listed.text and "Circle meeting" not in listed.text
    coming, earlier = listed.text.split('<h2 id="earlier">Held earlier</h2>')
    assert "Pådriver breakfast" in coming and "1 going · 0 maybe · 11 places left" in coming
    assert f'<a href="/fjordby/events/{over.id}">' in earlier and "Spring clean-up" not in coming
    assert "Old circle" not in listed.text and "Holdt tidligere" in norwegian.text
    assert shown.status_code == 200 and "The library" in shown.text
    assert hidden.status_code == 404


async def test_the_language_comes_from_the_query_then_the_cookie_then_the_browser_then_the_branch(
        uow_factory, village, http):
    async with uow_factory() as uow:
        await uow.branches.add(Branch("elvdal", "Elvdal", "nb"))
        await uow.commit()
    async with http:
        by_branch = await http.get("/elvdal/about")
        by_browser = await http.get("/elvdal/about", headers={"accept-language": "en-GB,en;q=0.8"})
        asked = await http.get("/fjordby/about?lang=nb", headers={"accept-language": "en"})
        kept = await http.get("/fjordby/about", headers={"accept-language": "en"})
    assert 'lang="nb"' in by_branch.text and by_branch.headers["content-language"] == "nb"
    assert '<html lang="en">' in by_browser.text
    assert '<html lang="nb">' in asked.text and asked.cookies.get("lang") == "nb"
    assert '<html lang="nb">' in kept.text and kept.headers["content-language"] == "nb"
    assert "Accept-Language" in kept.headers["vary"] and "Cookie" in kept.headers["vary"]
    assert "Tilgjengelighet" in kept.text


async def test_a_danish_branch_shows_its_pages_in_danish(uow_factory, village, http):
    async with uow_factory() as uow:
        branch = await uow.branches.add(Branch("jammerbugt", "Jammerbugt", "da"))
        await uow.commit()
    await a_dream(uow_factory, village, "En shelterplads ved stranden", branch_id=branch.id)
    async with http:
        bank = await http.get("/jammerbugt/")
        about = await http.get("/jammerbugt/about")
        asked = await http.get("/fjordby/about?lang=da", headers={"accept-language": "en"})
    assert '<html lang="da">' in bank.text and bank.headers["content-language"] == "da"
    assert "Drømme i drømmebanken i Jammerbugt" in bank.text and "En shelterplads ved stranden" in bank.text
    assert "Sådan beslutter bestyrelsen" in about.text and "Tilgængelighed" in about.text
    assert '<html lang="da">' in asked.text and asked.cookies.get("lang") == "da"


async def test_a_dutch_browser_reads_the_pages_in_dutch(uow_factory, village, http):
    async with http:
        about = await http.get("/fjordby/about", headers={"accept-language": "nl-NL,nl;q=0.9,en;q=0.5"})
        bank = await http.get("/fjordby/", headers={"accept-language": "nl-BE"})
    assert '<html lang="nl">' in about.text and about.headers["content-language"] == "nl"
    assert "Toegankelijkheid" in about.text and "Accessibility" not in about.text
    assert '<html lang="nl">' in bank.text and "Doorzoek de dromen" in bank.text


async def test_about_gives_the_branchs_three_criteria_its_contact_and_an_accessibility_statement(uow_factory, village,
                                                                                                  http):
    async with uow_factory() as uow:
        await uow.branches.save(replace(village.branch, criteria=("Does nobody earn money from it?", "", ""),
                                        contact=f"post@fjordby.no {MARKUP}"))
        await uow.commit()
    async with http:
        about = await http.get("/fjordby/about")
    criteria = about.text.split('<ol class="criteria">')[1].split("</ol>")[0]
    assert [line.strip() for line in criteria.replace("</li>", "").split("<li>")[1:]] == [
        "Does nobody earn money from it?",  # the branch's own wording
        "Does it strengthen social values or create positive activity where you live?",
        "Can it be realised, at least in part? Big dreams are welcome."]
    assert '<h2 id="contact">Contact</h2>' in about.text and MARKUP not in about.text
    assert f"You reach the dream bank of Fjordby here: post@fjordby.no {escape(MARKUP)}" in about.text
    assert '<h2 id="accessibility">Accessibility statement</h2>' in about.text
    assert "WCAG 2.1 at level AA" in about.text and "supervises the accessibility of public websites" in about.text


async def test_pages_have_an_etag_and_a_policy_with_no_script_and_nothing_from_elsewhere(uow_factory, village,
                                                                                         http):
    async with http:
        first = await http.get("/fjordby/about")
        again = await http.get("/fjordby/about", headers={"if-none-match": first.headers["etag"]})
        css = await http.get("/static/portal.css")
    assert first.status_code == 200 and again.status_code == 304 and again.content == b""
    policy = first.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy and "unsafe-inline" not in policy
    assert first.headers["x-content-type-options"] == "nosniff"
    assert "<script" not in first.text and "http://" not in first.text and "https://" not in first.text
    assert 'class="skip" href="#main"' in first.text and 'id="main"' in first.text
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


async def test_the_composition_root_serves_the_portal(tmp_path):
    app = await build(Settings(data_dir=tmp_path, secret="web-portal-tests-secret-0123456789"))
    try:
        async with client(app.web_app()) as http:
            home = await http.get("/")
            health = await http.get("/healthz")
        assert home.status_code == 200 and '<html lang="en">' in home.text
        assert health.headers["x-frame-options"] == "DENY"
    finally:
        await app.close()


async def _everything(db, village, branch_id: int, words: str) -> dict[str, int]:
    """A dream in the bank, a project with an update, one in the archive, an event open to everyone, a pådriver
    shown and a topic, each written with `words` in the branch: what a visitor may read there."""
    at = village.clock.now()
    starts = at + timedelta(days=3)
    anna, frida = village.people["anna"].id, village.people["frida"].id
    dream = await a_dream(db, village, words, branch_id=branch_id, story=f"The story: {words}")
    grown = await a_dream(db, village, f"Grown {words}", DreamState.PROJECT, branch_id=branch_id)
    done = await a_dream(db, village, f"Done {words}", DreamState.PROJECT, branch_id=branch_id)
    async with db() as uow:
        project = await uow.projects.add(Project(grown.id, branch_id, f"Grown {words}", anna, at))
        await uow.projects.add_update(ProjectUpdate(project.id, anna, f"Update: {words}", at))
        closed = await uow.projects.add(Project(done.id, branch_id, f"Done {words}", anna, at,
                                                ProjectState.COMPLETED, at, "", f"Report: {words}"))
        event = await uow.events.add(Event(branch_id, EventKind.GATHERING, f"Event {words}", f"About {words}",
                                           starts, starts + timedelta(hours=2), f"At {words}",
                                           EventAudience.EVERYONE, None, starts, anna, at))
        await uow.padrivere.save(Padriver(branch_id, frida, [f"Skill {words}"], "", "Weekends", True, at,
                                          ApplicationStatus.APPROVED, at))
        await uow.members.grant(branch_id, frida, Role.PADRIVER)
        topic = await uow.talk.add_topic(Topic(branch_id, anna, f"Topic {words}", f"Talk: {words}", at))
        await uow.commit()
    return dict(dream=dream.id, project=project.id, closed=closed.id, event=event.id, topic=topic.id)


#: every page and feed a visitor reads in a branch, by what they show
VISITORS_PAGES = ("/", "dreams/{dream}", "dreams/{dream}/needs", "dreams/{dream}/pledges", "dreams/{dream}/poster",
                  "factory", "projects/{project}", "archive", "projects/{closed}", "padrivere", "events",
                  "events/{event}", "events/{event}/poster", "about", "topics", "topics/{topic}", "deposit",
                  "?q=story")
FEEDS = ("feed.atom", "events.ics", "events/{event}.ics", "data/dreams.json", "data/projects.json",
         "data/events.json")


async def test_every_page_escapes_what_people_wrote_and_shows_nothing_of_another_branch(uow_factory, village):
    http = client(web_app([*portal.routes(uow_factory, village.clock, template_environment(DIGEST_TEMPLATES,
                                                                                          WEB_TEMPLATES)),
                           *feeds.routes(uow_factory, village.clock, "https://bank.example.org")]))
    elvdal = await another_branch(uow_factory)
    ours = await _everything(uow_factory, village, village.branch.id, MARKUP)
    await _everything(uow_factory, village, elvdal.id, "Elvdal only")
    async with http:
        pages = {path: await http.get("/fjordby/" + path.format(**ours).removeprefix("/")) for path in VISITORS_PAGES}
        fed = {path: await http.get("/fjordby/" + path.format(**ours)) for path in FEEDS}
        theirs = await http.get(f"/elvdal/dreams/{ours['dream']}")
        next_door = await http.get("/elvdal/factory")
    for path, shown in pages.items():
        assert shown.status_code == 200, (path, shown.status_code)
        assert "<script>alert" not in shown.text, path  # what people wrote is text, never markup
        assert "Elvdal only" not in shown.text, path
    for path in ("/", "dreams/{dream}", "dreams/{dream}/poster", "factory", "projects/{project}", "archive",
                 "projects/{closed}", "padrivere", "events", "events/{event}", "events/{event}/poster", "topics",
                 "topics/{topic}", "?q=story"):
        assert "&lt;script&gt;alert" in pages[path].text, path  # shown, escaped
    for path, answer in fed.items():
        assert answer.status_code == 200 and "Elvdal only" not in answer.text, path
    assert theirs.status_code == 404 and "Grown Elvdal only" in next_door.text  # each branch shows its own
