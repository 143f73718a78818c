"""A project's plan on its page, on SQLite and PostgreSQL: public like the project, to read only (the team changes it in
chat): the goal and the situation, who does what, the resources, costs and funding with their totals and the
balance, the tasks with their owners, due dates, status and progress, escaped; another branch's address finds none."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from markupsafe import escape

from core.model.dreams import DreamState
from core.model.plans import PartKind, PlanPart, TaskStatus
from core.model.preferences import Preferences
from core.model.projects import Project, TeamMember
from tests.factories import make_village
from tests.integration.portal_setup import acting_portal, elvdal
from tests.integration.test_web_acting import MARKUP, a_dream, client, signed_in


@pytest.fixture
async def village(uow_factory):
    return await make_village(uow_factory)


@pytest.fixture
def app(uow_factory, village):
    return acting_portal(uow_factory, village.clock)


@pytest.fixture
def http(app):
    return client(app)


async def a_project(db, village, *parts: PlanPart) -> Project:
    dream = await a_dream(db, village, state=DreamState.PROJECT)
    async with db() as uow:
        project = await uow.projects.add(Project(dream.id, village.branch.id, "A bench by the fjord", village.anna.id,
                                                 village.clock.now()))
        await uow.projects.add_team_member(TeamMember(project.id, village.anna.id, "lead"))
        await uow.projects.add_team_member(TeamMember(project.id, village.frida.id, "carpenter"))
        for part in parts:
            await uow.plans.add(PlanPart(project.id, *part))
        await uow.commit()
    return project


def plan_of(page: str) -> str:
    start = page.index('<section class="plan" id="plan"')
    return page[start:page.index("</section>", start)]


async def test_a_visitor_reads_the_whole_plan_with_its_balance_and_progress(uow_factory, village, http):
    frida, anna = village.frida.id, village.anna.id
    project = await a_project(
        uow_factory, village,
        (PartKind.GOAL, "A bench where the old one stood"), (PartKind.SITUATION, "Nothing to sit on"),
        (PartKind.ROLE, "builds it", frida), (PartKind.RESOURCE, MARKUP),
        (PartKind.COST, "Wood", None, None, Decimal("1500")), (PartKind.FUNDING, "The fund", None, None,
                                                               Decimal("1000")),
        (PartKind.TASK, "Buy the wood", frida, None, None, date(2026, 6, 1), TaskStatus.DONE),
        (PartKind.TASK, "Build it", anna, None, None, date(2026, 6, 20), TaskStatus.TODO))
    async with uow_factory() as uow:  # Frida lets the public pages name her; Anna does not
        await uow.preferences.save(Preferences(frida, name_public=True))
        await uow.commit()
    async with http:
        shown = await http.get(f"/fjordby/projects/{project.id}")
    plan = plan_of(shown.text)
    assert shown.status_code == 200 and "etag" in shown.headers
    assert plan.index("Goal") < plan.index("A bench where the old one stood") < plan.index("Current situation")
    assert "<dt>Frida</dt>\n<dd>builds it</dd>" in plan
    assert MARKUP not in shown.text and str(escape(MARKUP)) in plan
    assert plan.index("Funding") < plan.index("Balance (funding − costs): -NOK500.00") < plan.index("Action plan")
    assert plan.count('<th scope="row">In all</th>') == 2
    assert "Progress: 1 of 2 tasks done" in plan and '<progress max="2" value="1"' in plan
    assert '<tr class="done"><td>Buy the wood</td><td>Frida</td><td><time datetime="2026-06-01">' in plan
    assert "<td>Build it</td><td>a member of the team</td>" in plan and "<td>to do</td>" in plan
    assert "Anna" not in plan
    assert "<form" not in plan and "<textarea" not in shown.text
    assert 'href="#plan"' in shown.text


async def test_an_unplanned_project_says_so_and_another_branch_finds_no_project(uow_factory, village, http):
    project = await a_project(uow_factory, village)
    await elvdal(uow_factory)
    async with http:
        shown = await http.get(f"/fjordby/projects/{project.id}")
        elsewhere = await http.get(f"/elvdal/projects/{project.id}")
    assert "The team has not drawn up a plan yet." in plan_of(shown.text)
    assert elsewhere.status_code == 404 and "The team has not drawn up" not in elsewhere.text


async def test_a_teammate_reads_the_plan_the_same_and_changes_nothing_on_the_web(uow_factory, village, app):
    project = await a_project(uow_factory, village, (PartKind.GOAL, "A bench"))
    async with await signed_in(uow_factory, village, app, "frida") as frida:
        shown = await frida.get(f"/fjordby/projects/{project.id}")
    plan = plan_of(shown.text)
    assert "A bench" in plan and "<form" not in plan
