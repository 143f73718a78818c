"""A project's plan: only its team draws it up, the balance is funding less costs, progress counts tasks done,
owners hear of a task the day before it is due and once when it is overdue, and the record drafts the report."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from core.chat.buttons import Action
from core.chat.conversation import Conversation
from core.errors import Refused
from core.model.bank import Pledge
from core.model.dreams import DreamState, Need
from core.model.notices import NoticeKind
from core.model.events import Event, EventAudience, EventKind
from core.model.plans import EventLink, PartKind, Plan, PlanPart, TaskStatus
from core.model.projects import LEAD_ROLE, Project, TeamMember
from core.usecases import plans
from core.i18n import translate
from core.usecases.events import EventDraft
from core.views.plans import plan_view
from tests.unit.test_conversation import Person, codec


@pytest.fixture
async def bench(db, village):
    """Anna leads the bench project with Bjørn on the team; Frida follows it; Bjørn pledged planks."""
    dream_id = await village.deposit()
    async with db() as uow:
        dream = await uow.dreams.get(dream_id)
        dream.state = DreamState.PROJECT
        await uow.dreams.save(dream)
        project = await uow.projects.add(Project(dream_id, village.branch.id, "The bench", village.anna.id,
                                                 village.clock.now()))
        await uow.projects.add_team_member(TeamMember(project.id, village.anna.id, LEAD_ROLE))
        await uow.projects.add_team_member(TeamMember(project.id, village.bjorn.id, "carpenter"))
        await uow.projects.follow(dream_id, village.frida.id)
        await uow.projects.follow(dream_id, village.anna.id)
        pledge = await uow.bank.add_pledge(Pledge(dream_id, village.bjorn.id, Need.MATERIALS, "Planks", None,
                                                  village.clock.now()))
        await uow.commit()
    return project, pledge


async def notices_of(db, member, kind):
    async with db() as uow:
        return [n for n in await uow.outbox.pending_for(member.id) if n.kind is kind]


class TestDrawingUpThePlan:
    async def test_the_team_adds_lines_and_followers_hear_of_each_change(self, db, village, bench):
        project, pledge = bench
        async with db() as uow:
            await plans.add_part(uow, village.clock, village.anna, project.id, PartKind.ROLE, "Builds it",
                                 member_id=village.bjorn.id)
            await plans.add_part(uow, village.clock, village.bjorn, project.id, PartKind.RESOURCE, "Planks",
                                 pledge_id=pledge.id)
            await plans.add_part(uow, village.clock, village.anna, project.id, PartKind.GOAL, "A bench")
            await plans.add_part(uow, village.clock, village.anna, project.id, PartKind.GOAL, "Two benches")
            await uow.commit()
        async with db() as uow:
            facts = await plans.read_plan(uow, village.frida, project.id)
            trail = await uow.audit.about(f"project:{project.id}")
        assert [p.kind for p in facts.plan.parts] == [PartKind.ROLE, PartKind.RESOURCE, PartKind.GOAL]
        assert facts.plan.text_of(PartKind.GOAL) == "Two benches", "the goal is replaced, not added to"
        assert facts.refused is not None, "Frida follows but is not on the team"
        assert [(who, change, text) for _at, who, change, text, _status in facts.changes] == [
            ("Anna", "plan_add", "Builds it"), ("Bjorn", "plan_add", "Planks"), ("Anna", "plan_add", "A bench"),
            ("Anna", "plan_add", "Two benches")], "what changed, by whom, and when"
        changed = await notices_of(db, village.frida, NoticeKind.PLAN_CHANGED)
        assert len(changed) == 4 and changed[0].params["author"] == village.anna.display_name
        assert len(await notices_of(db, village.anna, NoticeKind.PLAN_CHANGED)) == 1, "only Bjørn's change"
        assert [(e.actor_id, e.action, e.detail["text"]) for e in trail][:2] == [
            (village.anna.id, "plan_add", "Builds it"), (village.bjorn.id, "plan_add", "Planks")]

    async def test_someone_off_the_team_is_refused_and_nothing_changes(self, db, village, bench):
        project, _pledge = bench
        async with db() as uow:
            with pytest.raises(Refused) as refused:
                await plans.add_part(uow, village.clock, village.frida, project.id, PartKind.GOAL, "Mine")
            assert "Only the project's team" in translate(refused.value.reason, "en")
            with pytest.raises(Refused):
                await plans.add_part(uow, village.clock, village.anna, project.id, PartKind.TASK, "Paint",
                                     member_id=village.frida.id, due=date(2026, 5, 10))
            with pytest.raises(Refused):
                await plans.add_part(uow, village.clock, village.anna, project.id, PartKind.RESOURCE, "Ghost",
                                     pledge_id=9999)
            with pytest.raises(Refused):
                await plans.add_part(uow, village.clock, village.anna, project.id, PartKind.COST, "Gold",
                                     amount=Decimal("-5"))
            with pytest.raises(Refused):
                await plans.add_part(uow, village.clock, village.anna, project.id, PartKind.TASK, "Yesterday",
                                     member_id=village.anna.id, due=date(2026, 5, 3))
            assert list(await uow.plans.of_project(project.id)) == []

    async def test_the_balance_is_funding_less_costs_and_progress_counts_done_tasks(self):
        parts = (PlanPart(1, PartKind.COST, "Wood", amount=Decimal("1200")),
                 PlanPart(1, PartKind.COST, "Screws", amount=Decimal("99.50")),
                 PlanPart(1, PartKind.FUNDING, "Sparebank fund", amount=Decimal("1000")),
                 PlanPart(1, PartKind.TASK, "Buy", 1, due=date(2026, 5, 5), status=TaskStatus.DONE),
                 PlanPart(1, PartKind.TASK, "Build", 1, due=date(2026, 5, 9)))
        plan = Plan(1, parts)
        assert (plan.costs, plan.funding, plan.balance) == (Decimal("1299.50"), Decimal("1000"), Decimal("-299.50"))
        assert plan.progress == (1, 2)

    @pytest.mark.parametrize("amount", ["0", "100000000.01", "1.005", "NaN"])
    def test_an_amount_out_of_bounds_is_refused(self, amount):
        with pytest.raises(Refused):
            PlanPart(1, PartKind.FUNDING, "Fund", amount=Decimal(amount))


class TestTasks:
    async def test_the_owner_is_reminded_the_day_before_and_told_once_when_overdue(self, db, village, bench):
        project, _pledge = bench
        clock = village.clock
        async with db() as uow:  # Monday 4 May; due Wednesday
            task = await plans.add_part(uow, clock, village.anna, project.id, PartKind.TASK, "Buy wood",
                                        member_id=village.bjorn.id, due=date(2026, 5, 6))
            await uow.commit()
        told = []
        for days in (0, 1, 0, 1, 1, 0, 1):
            clock.advance(days=days)
            async with db() as uow:
                told.append(await plans.remind_tasks(uow, clock, village.branch.id))
                await uow.commit()
        assert told == [0, 1, 0, 0, 1, 0, 0]
        due = await notices_of(db, village.bjorn, NoticeKind.TASK_DUE)
        overdue = await notices_of(db, village.bjorn, NoticeKind.TASK_OVERDUE)
        assert [n.params["task"] for n in due + overdue] == ["Buy wood", "Buy wood"]
        async with db() as uow:
            await plans.set_status(uow, clock, village.bjorn, task.id, TaskStatus.DONE)
            assert (await plans.read_plan(uow, None, project.id)).plan.progress == (1, 1)

    async def test_a_done_task_is_never_chased(self, db, village, bench):
        project, _pledge = bench
        async with db() as uow:
            task = await plans.add_part(uow, village.clock, village.anna, project.id, PartKind.TASK, "Buy wood",
                                        member_id=village.bjorn.id, due=date(2026, 5, 5))
            await plans.set_status(uow, village.clock, village.anna, task.id, TaskStatus.DONE)
            village.clock.advance(days=3)
            assert await plans.remind_tasks(uow, village.clock, village.branch.id) == 0


class TestTheFinalReport:
    async def test_the_draft_comes_from_the_goal_tasks_done_pledges_and_updates(self, db, village, bench):
        project, pledge = bench
        clock = village.clock
        async with db() as uow:
            await plans.add_part(uow, clock, village.anna, project.id, PartKind.GOAL, "A bench by the fjord")
            await plans.add_part(uow, clock, village.anna, project.id, PartKind.RESOURCE, "Planks",
                                 pledge_id=pledge.id)
            task = await plans.add_part(uow, clock, village.anna, project.id, PartKind.TASK, "Build it",
                                        member_id=village.anna.id, due=clock.now().date() + timedelta(days=3))
            await plans.add_part(uow, clock, village.anna, project.id, PartKind.TASK, "Paint it",
                                 member_id=village.anna.id, due=clock.now().date() + timedelta(days=3))
            await plans.set_status(uow, clock, village.anna, task.id, TaskStatus.DONE)
            draft = "\n".join(translate(line, "en") for line in
                              await plans.draft_report(uow, village.anna, project.id))
        assert "Goal: A bench by the fjord" in draft
        assert "Tasks done (1 of 2): Build it" in draft
        assert "Bjorn: Planks" in draft
        assert "What we learned" in draft


class TestEventsOfTheProject:
    async def test_the_team_invites_everyone_to_the_opening_meeting_and_links_a_course(self, db, village, bench):
        project, _pledge = bench
        clock = village.clock
        draft = EventDraft(EventKind.GATHERING, "Open meeting: the bench", "Meet the team", "2026-05-20T18:00",
                           "2026-05-20T20:00", "The library", EventAudience.PADRIVERE, None, None)
        async with db() as uow:
            meeting = await plans.open_meeting(uow, clock, village.bjorn, project.id, draft)
            course = await uow.events.add(Event(village.branch.id, EventKind.COURSE, "Carpentry", "", clock.now()
                                                + timedelta(days=9), clock.now() + timedelta(days=9, hours=2),
                                                "Workshop", EventAudience.EVERYONE, None, clock.now(),
                                                village.gustav.id, clock.now()))
            breakfast = await uow.events.add(replace(course, kind=EventKind.BREAKFAST, id=None))
            _facts, offered = await plans.courses(uow, clock, village.anna, project.id)
            await plans.link_course(uow, clock, village.anna, project.id, course.id)
            with pytest.raises(Refused):
                await plans.link_course(uow, clock, village.anna, project.id, course.id)
            with pytest.raises(Refused):
                await plans.link_course(uow, clock, village.anna, project.id, breakfast.id)
            with pytest.raises(Refused):
                await plans.open_meeting(uow, clock, village.frida, project.id, draft)
            facts = await plans.read_plan(uow, None, project.id)
        assert (meeting.kind, meeting.audience) == (EventKind.OPEN_MEETING, EventAudience.EVERYONE)
        assert [e.id for e in offered] == [course.id]
        assert [(link, e.id) for link, e in facts.events] == [(EventLink.OPENING, meeting.id),
                                                             (EventLink.COURSE, course.id)]


class TestThePlanInChat:
    @pytest.fixture
    async def people(self, db, village, bench):
        conversation = Conversation(db, village.clock, codec)
        return {name: Person(conversation, name) for name in village.people}

    async def test_a_teammate_adds_a_cost_step_by_step_and_the_card_shows_the_balance(self, bench, people):
        project, _pledge = bench
        bjorn = people["bjorn"]

        await bjorn.say(f"/plan {project.id}")
        await bjorn.press("+ Cost")
        await bjorn.say("Wood")
        refused = await bjorn.say("a lot")
        also_refused = await bjorn.say("-5")
        await bjorn.say("1200,50")
        shown = await bjorn.say(f"/plan {project.id}")

        assert "Please write a number, like 500." in refused
        assert "Please write a number between 0.01 and 100000000." in also_refused
        assert "• Wood: NOK1,200.50" in shown and "Balance (funding − costs): -NOK1,200.50" in shown

    async def test_someone_off_the_team_reads_the_plan_but_a_press_to_change_it_is_refused(self, bench, people):
        project, _pledge = bench
        frida = people["frida"]

        shown = await frida.say(f"/plan {project.id}")
        said = await frida.press_token(codec.encode(Action.PLAN_ADD, project.id, "goal"))

        assert "No plan yet" in shown and "+ Task" not in frida.buttons
        assert said == "Only the project's team can change the plan of “The bench”."

    async def test_the_project_card_offers_the_plan_to_all_once_it_has_lines(self, db, village, bench, people):
        project, _pledge = bench
        async with db() as uow:
            await plans.add_part(uow, village.clock, village.anna, project.id, PartKind.TASK, "Build it",
                                 member_id=village.anna.id, due=date(2026, 5, 9))
            await uow.commit()

        card = await people["frida"].say(f"/project {project.id}")

        assert "Progress: 0 of 1 task done" in card and "The plan" in people["frida"].buttons

    async def test_only_the_lead_is_offered_the_report_draft_and_a_teammates_forged_press_is_refused(
            self, bench, people):
        project, _pledge = bench
        anna, bjorn = people["anna"], people["bjorn"]

        await anna.say(f"/plan {project.id}")
        await bjorn.say(f"/plan {project.id}")
        offered = set(bjorn.buttons)
        said = await bjorn.press_token(codec.encode(Action.PLAN_REPORT, project.id))

        assert "Draft the final report" in anna.buttons
        assert "+ Task" in offered and "Draft the final report" not in offered
        assert said == "Only the project's lead or the bank manager can close it."

class TestThePlanToRead:
    async def test_it_reads_goal_first_with_totals_the_balance_and_tasks_with_their_owners(self, db, village, bench):
        project, pledge = bench
        async with db() as uow:
            for kind, text, more in [
                    (PartKind.TASK, "Build", {"member_id": village.bjorn.id, "due": date(2026, 5, 9)}),
                    (PartKind.COST, "Wood", {"amount": "1200"}), (PartKind.FUNDING, "A fund", {"amount": "1000"}),
                    (PartKind.RESOURCE, "Planks", {"pledge_id": pledge.id}), (PartKind.GOAL, "A bench", {}),
                    (PartKind.ROLE, "Builds it", {"member_id": village.bjorn.id})]:
                await plans.add_part(uow, village.clock, village.anna, project.id, kind, text, **more)
            await uow.commit()
        async with db() as uow:
            shown = plan_view(await plans.read_plan(uow, village.anna, project.id))
            to_a_visitor = plan_view(await plans.read_plan(uow, None, project.id))

        assert [s.kind for s in shown.sections] == ["goal", "role", "resource", "cost", "funding", "task"]
        # a visitor reads who does what only of those who let the public pages name them: Bjørn did not
        assert translate(to_a_visitor.sections[1].lines[0].who, "en") == "a member of the team"
        assert all("Anna" not in translate(line, "en") for line in to_a_visitor.changes)
        role, resource, cost, task = (shown.sections[i].lines[0] for i in (1, 2, 3, 5))
        assert (role.who, role.text) == ("Bjorn", "Builds it") and resource.pledged
        assert translate(cost.amount, "en") == translate(shown.sections[3].total, "en") == "NOK1,200.00"
        assert translate(shown.balance, "en") == "Balance (funding − costs): -NOK200.00"
        assert (task.who, task.due, translate(task.status, "en"), task.done) == ("Bjorn", "2026-05-09", "to do", False)
        assert shown.progress == (0, 1) and translate(shown.progress_text, "en") == "Progress: 0 of 1 task done"
        assert shown.empty is None and len(shown.changes) == 5

    async def test_a_plan_without_lines_says_the_team_has_not_drawn_it_up(self, db, village, bench):
        project, _pledge = bench
        async with db() as uow:
            shown = plan_view(await plans.read_plan(uow, None, project.id))

        assert shown.sections == () and shown.balance is None and shown.progress_text is None
        assert translate(shown.empty, "en") == "The team has not drawn up a plan yet."
