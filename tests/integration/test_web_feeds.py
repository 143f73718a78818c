"""The branch's feeds over HTTP, on SQLite and PostgreSQL: Atom, calendars and open data show what anyone may
see of that branch and nothing more, escaped, with ETags a reader can check back with."""

from __future__ import annotations

import json
from datetime import datetime
from dataclasses import replace
from xml.etree import ElementTree as ET

import httpx
import pytest
from icalendar import Calendar

from core.clock import FixedClock
from core.model.bank import Like
from core.model.branches import Branch
from core.model.dreams import DreamState
from core.model.events import EventAudience
from core.model.preferences import Preferences
from core.model.projects import Project, ProjectState, ProjectUpdate
from dreambank.bootstrap import build
from dreambank.settings import Settings
from tests.factories import a_dream, an_event, later, seed
from web.app import web_app
from web.feeds import routes

BASE = "https://bank.example.org"
ATOM = "{http://www.w3.org/2005/Atom}"
MARKUP = '<script>alert("x")</script> & a bench'


@pytest.fixture
async def village(uow_factory):
    """Fjordby with a dream in the bank, one waiting, a project with two updates (one by Bjørn, who lets the public
    pages name him, one by Anna, who does not), one in the archive, an event for
    everyone and one for pådrivere; and Havby next door with its own dream and event."""
    s = await seed(uow_factory)
    async with uow_factory() as uow:
        havby = await uow.branches.add(Branch("havby", "Havby"))
        approved = await uow.dreams.add(replace(a_dream(s, state=DreamState.APPROVED), title=MARKUP,
                                                decided_at=later(5)))
        waiting = await uow.dreams.add(replace(a_dream(s), title="Not decided yet"))
        await uow.dreams.add(replace(a_dream(s, state=DreamState.APPROVED), branch_id=havby.id, title="Havby pier"))
        grown = await uow.dreams.add(replace(a_dream(s, state=DreamState.PROJECT), title="Community garden"))
        done = await uow.dreams.add(replace(a_dream(s, state=DreamState.PROJECT), title="Book swap"))
        garden = await uow.projects.add(Project(grown.id, s.branch.id, "Community garden", s.anna.id, later(10)))
        await uow.projects.add_update(ProjectUpdate(garden.id, s.bjorn.id, "The soil came today.", later(20)))
        await uow.projects.add_update(ProjectUpdate(garden.id, s.anna.id, "Watered it all.", later(21)))
        await uow.preferences.save(Preferences(s.bjorn.id, name_public=True))  # Anna did not consent to be named
        swap = await uow.projects.add(Project(done.id, s.branch.id, "Book swap", s.anna.id, later(11),
                                              ProjectState.COMPLETED, later(30), "", "Two hundred books moved."))
        public = await uow.events.add(replace(an_event(s, title="Open breakfast"), audience=EventAudience.EVERYONE))
        circle = await uow.events.add(an_event(s, title="Circle meeting"))
        elsewhere = await uow.events.add(replace(an_event(s, title="Havby fair", branch_id=havby.id),
                                                 audience=EventAudience.EVERYONE))
        await uow.bank.add_like(Like(approved.id, s.bjorn.id, later(6)))
        await uow.commit()
    return dict(seed=s, approved=approved, waiting=waiting, garden=garden, swap=swap, public=public, circle=circle,
                elsewhere=elsewhere)


@pytest.fixture
async def http(uow_factory):
    app = web_app(routes(uow_factory, FixedClock(later(0)), BASE))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        yield client


async def test_the_atom_feed_is_valid_atom_of_what_anyone_may_see_with_markup_as_text(http, village):
    response = await http.get("/fjordby/feed.atom")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    assert "<script>" not in response.text and "&lt;script&gt;" in response.text
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "nb"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"{BASE}/fjordby/feed.atom"
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None, required
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    titles = " | ".join(e.findtext(f"{ATOM}title") for e in entries)
    assert f"Nytt i drømmebanken: {MARKUP}" in titles and "Oppdatering om Community garden" in titles
    assert feed.findtext(f"{ATOM}title") == "Drømmer, prosjekter og arrangementer i Fjordby"
    assert "Community garden" in titles and "Book swap" in titles and "Open breakfast" in titles
    for hidden in ("Not decided yet", "Havby", "Circle meeting"):
        assert hidden not in response.text
    links = {e.find(f"{ATOM}link").get("href") for e in entries}
    assert f"{BASE}/fjordby/dreams/{village['approved'].id}" in links
    assert f"{BASE}/fjordby/events/{village['public'].id}" in links
    update = next(e for e in entries if e.findtext(f"{ATOM}summary") == "The soil came today.")
    assert update.findtext(f"{ATOM}author/{ATOM}name") == "Bjørn"
    unnamed = next(e for e in entries if e.findtext(f"{ATOM}summary") == "Watered it all.")
    assert unnamed.find(f"{ATOM}author") is None and "Anna" not in response.text
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True) and feed.findtext(f"{ATOM}updated") == updated[0]


async def test_a_feed_reader_library_reads_the_feed_as_well_formed_atom_with_every_kind_of_entry(http, village):
    """feedparser, as feed readers parse feeds: no fault found, Atom 1.0, and each kind of entry the branch has
    (a dream new in the bank, a project's update, a project gone to the archive, an event), markup kept as text."""
    import feedparser

    parsed = feedparser.parse((await http.get("/fjordby/feed.atom")).content)

    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10" and parsed.feed.language == "nb"
    assert parsed.feed.link == f"{BASE}/fjordby/"
    kinds = {entry.link: entry for entry in parsed.entries}
    dream = kinds[f"{BASE}/fjordby/dreams/{village['approved'].id}"]
    assert dream.title == f"Nytt i drømmebanken: {MARKUP}" and dream.title_detail.type == "text/plain"
    garden = f"{BASE}/fjordby/projects/{village['garden'].id}"
    updates = [e for e in parsed.entries if e.id.startswith(f"{garden}#update-")]
    assert [(e.title, e.summary, e.get("author")) for e in updates] == [
        ("Oppdatering om Community garden", "Watered it all.", None),
        ("Oppdatering om Community garden", "The soil came today.", "Bjørn")]
    [archived] = [e for e in parsed.entries if e.id.endswith("#archive")]
    assert archived.link == f"{BASE}/fjordby/projects/{village['swap'].id}" and "Book swap" in archived.title
    assert archived.summary == "Two hundred books moved."
    event = kinds[f"{BASE}/fjordby/events/{village['public'].id}"]
    assert "Open breakfast" in event.title
    assert all("Havby" not in e.title and "Circle meeting" not in e.title for e in parsed.entries)


async def test_a_reader_with_the_latest_version_gets_304_and_a_change_gives_a_new_etag(http, village, uow_factory):
    first = await http.get("/fjordby/feed.atom")
    again = await http.get("/fjordby/feed.atom", headers={"if-none-match": first.headers["etag"]})
    assert first.headers["cache-control"].startswith("public")
    assert again.status_code == 304 and again.content == b""
    among = await http.get("/fjordby/feed.atom", headers={"if-none-match": f'"other", W/{first.headers["etag"]}'})
    looked = await http.head("/fjordby/feed.atom")
    assert among.status_code == 304
    assert looked.status_code == 200 and looked.headers["etag"] == first.headers["etag"]

    async with uow_factory() as uow:
        await uow.projects.add_update(ProjectUpdate(village["garden"].id, village["seed"].anna.id, "Seeds are in.",
                                                    later(40)))
        await uow.commit()
    changed = await http.get("/fjordby/feed.atom", headers={"if-none-match": first.headers["etag"]})
    assert changed.status_code == 200 and changed.headers["etag"] != first.headers["etag"]
    assert "Seeds are in." in changed.text


async def test_the_calendar_feed_has_the_public_events_coming_up(http, village):
    response = await http.get("/fjordby/events.ics")

    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Open breakfast"]
    assert str(events[0]["uid"]) == f"event-{village['public'].id}-fjordby@bank.example.org"
    assert events[0].decoded("dtstart") == village["public"].starts_at.replace(microsecond=0)
    assert str(calendar["x-wr-calname"]) == "Fjordby"


async def test_one_events_calendar_file_and_404_for_what_a_visitor_may_not_see(http, village):
    public, circle, elsewhere = village["public"], village["circle"], village["elsewhere"]

    one = await http.get(f"/fjordby/events/{public.id}.ics")
    assert one.status_code == 200 and one.headers["content-type"].startswith("text/calendar")
    entries = Calendar.from_ical(one.content).walk("VEVENT")
    assert [str(e["summary"]) for e in entries] == ["Open breakfast"]
    assert str(entries[0]["location"]) == "Fjordby library"

    assert (await http.get(f"/fjordby/events/{circle.id}.ics")).status_code == 404
    assert (await http.get(f"/fjordby/events/{elsewhere.id}.ics")).status_code == 404
    assert (await http.get(f"/havby/events/{elsewhere.id}.ics")).status_code == 200
    assert (await http.get(f"/fjordby/events/{public.id + 1000}.ics")).status_code == 404


@pytest.mark.parametrize("path", ["feed.atom", "events.ics", "events/1.ics", "data/dreams.json",
                                  "data/projects.json", "data/events.json"])
async def test_an_unknown_branch_is_404(http, village, path):
    assert (await http.get(f"/nowhere/{path}")).status_code == 404


async def test_open_data_lists_what_the_pages_show_and_no_member_ids(http, village):
    dreams = await http.get("/fjordby/data/dreams.json")
    projects = await http.get("/fjordby/data/projects.json")
    events = await http.get("/fjordby/data/events.json")

    for response in (dreams, projects, events):
        assert response.status_code == 200 and response.headers["content-type"] == "application/json"
        assert response.headers["etag"] and response.headers["access-control-allow-origin"] == "*"
        assert "owner_id" not in response.text and "lead_id" not in response.text
        assert "author_id" not in response.text and "created_by" not in response.text
    assert [(d["id"], d["title"]) for d in dreams.json()["dreams"]] == [(village["approved"].id, MARKUP)]
    assert dreams.json()["dreams"][0]["likes"] == 1
    assert dreams.json()["dreams"][0]["url"] == f"{BASE}/fjordby/dreams/{village['approved'].id}"
    listed = {p["title"]: p for p in projects.json()["projects"]}
    assert set(listed) == {"Community garden", "Book swap"}
    update, unnamed = listed["Community garden"]["updates"]
    assert (update["author"], update["text"]) == ("Bjørn", "The soil came today.")
    assert datetime.fromisoformat(update["at"]) == later(20)
    assert (unnamed["author"], unnamed["text"]) == (None, "Watered it all.") and "Anna" not in projects.text
    assert listed["Book swap"]["archived"] and listed["Book swap"]["report"] == "Two hundred books moved."
    assert [e["title"] for e in events.json()["events"]] == ["Open breakfast"]
    assert events.json()["events"][0]["calendar"] == f"{BASE}/fjordby/events/{village['public'].id}.ics"
    assert json.loads(events.content)["branch"] == "fjordby"
    # the fields the README's open data table documents, no more
    assert set(dreams.json()["dreams"][0]) == {"id", "title", "story", "needs", "needs_detail", "likes",
                                               "approved_at", "url"}
    assert set(listed["Book swap"]) == {"id", "dream_id", "title", "state", "archived", "started_at", "closed_at",
                                        "evaluation", "report", "url", "updates"}
    assert set(update) == {"author", "text", "at"}
    assert set(events.json()["events"][0]) == {"id", "kind", "title", "description", "starts_at", "ends_at", "place",
                                               "registration_closes_at", "capacity", "going", "maybe", "waiting",
                                               "cancelled", "url", "calendar"}


async def test_the_deployment_serves_the_feeds_with_links_at_its_public_address(tmp_path):
    app = await build(Settings(data_dir=tmp_path, secret="web-feeds-tests-secret-0123456789",
                               public_url="https://dreams.example.net/"))
    try:
        async with app.uow() as uow:
            await uow.branches.add(Branch("fjordby", "Fjordby"))
            await uow.commit()
        transport = httpx.ASGITransport(app=app.web_app())
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            feed = await client.get("/fjordby/feed.atom")
            missing = await client.get("/havby/feed.atom")
            again = await client.get("/fjordby/feed.atom")
        assert feed.status_code == 200 and missing.status_code == 404
        empty = ET.fromstring(feed.content)
        assert empty.findall(f"{ATOM}entry") == [] and empty.findtext(f"{ATOM}updated")
        assert again.headers["etag"] == feed.headers["etag"]
        self_link = empty.find(f"{ATOM}link[@rel='self']").get("href")
        assert self_link == "https://dreams.example.net/fjordby/feed.atom"
    finally:
        await app.close()
