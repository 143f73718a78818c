"""`/go/<parameter>`, the address every shared link opens, on SQLite and PostgreSQL: it leads to the page of what
the parameter names when a visitor may see it, and is the 404 page otherwise."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.model.dreams import DreamState
from core.model.events import Event, EventAudience, EventKind
from core.model.projects import Project
from digests.rendering.environment import TEMPLATES as DIGEST_TEMPLATES
from digests.rendering.environment import template_environment
from tests.factories import make_village
from tests.integration.test_web_portal import a_dream, another_branch, client
from web import portal
from web.app import web_app
from web.pages import TEMPLATES as WEB_TEMPLATES


@pytest.fixture
async def village(uow_factory):
    return await make_village(uow_factory)


@pytest.fixture
def http(uow_factory, village):
    app = web_app(portal.routes(uow_factory, village.clock, template_environment(DIGEST_TEMPLATES, WEB_TEMPLATES)))
    return client(app)


async def an_event(db, village, audience: EventAudience) -> Event:
    starts = village.clock.now() + timedelta(days=3)
    async with db() as uow:
        event = await uow.events.add(Event(village.branch.id, EventKind.GATHERING, "Pådriver breakfast", "Coffee.",
                                           starts, starts + timedelta(hours=2), "The library", audience, None, starts,
                                           village.people["gustav"].id, village.clock.now()))
        await uow.commit()
    return event


async def test_a_dream_and_an_offer_of_help_lead_to_the_dream_in_its_own_branch(uow_factory, village, http):
    elvdal = await another_branch(uow_factory)
    here = await a_dream(uow_factory, village, "A bench by the fjord")
    there = await a_dream(uow_factory, village, "A bridge", branch_id=elvdal.id)
    async with http:
        dream = await http.get(f"/go/d{here.id}")
        help_ = await http.get(f"/go/p{here.id}")
        elsewhere = await http.get(f"/go/d{there.id}")
        page = await http.get(dream.headers["location"])
    assert dream.status_code == help_.status_code == elsewhere.status_code == 303
    assert dream.headers["location"] == help_.headers["location"] == f"/fjordby/dreams/{here.id}"
    assert elsewhere.headers["location"] == f"/elvdal/dreams/{there.id}"
    assert page.status_code == 200 and "A bench by the fjord" in page.text


async def test_an_event_and_a_project_lead_to_their_pages(uow_factory, village, http):
    event = await an_event(uow_factory, village, EventAudience.EVERYONE)
    dream = await a_dream(uow_factory, village, "A library in a phone box", DreamState.PROJECT)
    async with uow_factory() as uow:
        project = await uow.projects.add(Project(dream.id, village.branch.id, dream.title, village.people["anna"].id,
                                                 village.clock.now()))
        await uow.commit()
    async with http:
        to_event = await http.get(f"/go/e{event.id}")
        to_project = await http.get(f"/go/f{project.id}")
    assert to_event.status_code == to_project.status_code == 303
    assert to_event.headers["location"] == f"/fjordby/events/{event.id}"
    assert to_project.headers["location"] == f"/fjordby/projects/{project.id}"


async def test_what_a_visitor_may_not_see_is_not_found(uow_factory, village, http):
    waiting = await a_dream(uow_factory, village, "Still with the board", DreamState.DEPOSITED)
    closed = await an_event(uow_factory, village, EventAudience.PADRIVERE)
    async with http:
        answers = [await http.get(f"/go/{param}") for param in
                   (f"d{waiting.id}", f"p{waiting.id}", f"e{closed.id}", "d999", "f999", "e999")]
    assert [a.status_code for a in answers] == [404] * 6
    assert "Still with the board" not in answers[0].text and "Pådriver breakfast" not in answers[2].text


async def test_a_parameter_that_names_nothing_is_not_found(http):
    async with http:
        answers = [await http.get(f"/go/{param}") for param in
                   ("x12", "d", "d-1", "d1.5", "d12345678901234567", "%E2%80%8Bd1", "d%D9%A1", "dream_7")]
    assert [a.status_code for a in answers] == [404] * len(answers)


async def test_a_branch_s_own_link_leads_to_its_page_and_one_to_no_branch_is_not_found(village, http):
    async with http:
        there = await http.get("/go/b-fjordby")
        nowhere = await http.get("/go/b-nowhere")
        bad = await http.get("/go/b-Fjord%20by")
    assert (there.status_code, there.headers["location"]) == (303, "/fjordby/")
    assert [nowhere.status_code, bad.status_code] == [404, 404]
