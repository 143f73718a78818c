"""A project's card, the factory, the archive and choosing a teammate: who may do what, in the use case's words."""

from core.model.projects import ProjectState
from core.usecases import access, archive, projects
from core.views.actions import Action
from core.views.archive import archive_list
from core.views.projects import factory_list, project_card, team_candidates
from tests.unit.views_setup import a_project, allowed, archived, offered, refusal, run

LEAD = {Action.PLAN, Action.UPDATE, Action.TEAM, Action.CLOSE}
#: every member may read and write the comments on the project's dream
TALK = {Action.COMMENTS}


async def card(village, viewer, project_id):
    async with village.db() as uow:
        return project_card(await projects.read_project(uow, viewer, project_id), viewer)


class TestProjectCard:
    async def test_the_lead_may_post_updates_add_to_the_team_and_close_it(self, village):
        _dream_id, project_id = await a_project(village)

        shown = await card(village, village.anna, project_id)

        assert offered(shown) == allowed(shown) == LEAD | TALK
        assert shown.act(Action.TEAM).args == (str(project_id), "0") and shown.topic == f"project:{project_id}"

    async def test_a_teammate_may_post_updates_only(self, village):
        _dream_id, project_id = await a_project(village)
        await run(village, lambda uow: projects.add_team_member(uow, village.clock, village.anna, project_id,
                                                                village.frida.id, "carpenter"))

        shown = await card(village, village.frida, project_id)

        assert offered(shown) == allowed(shown) == {Action.PLAN, Action.UPDATE} | TALK

    async def test_the_bank_manager_may_close_it(self, village):
        _dream_id, project_id = await a_project(village)

        shown = await card(village, village.eva, project_id)

        assert offered(shown) == allowed(shown) == {Action.CLOSE} | TALK

    async def test_a_follower_may_only_talk_it_over_and_a_visitor_is_offered_nothing(self, village):
        _dream_id, project_id = await a_project(village)

        assert offered(await card(village, village.frida, project_id)) == TALK
        assert offered(await card(village, None, project_id)) == set()

    async def test_a_resident_is_refused_by_the_use_cases_in_the_words_the_checks_give(self, village):
        _dream_id, project_id = await a_project(village)
        async with village.db() as uow:
            facts = await projects.read_project(uow, village.frida, project_id)

        assert projects.update_refusal(facts.project, facts.team_ids, village.frida) == await refusal(
            village, lambda uow: projects.post_update(uow, village.clock, village.frida, project_id, "Hello"))
        assert projects.team_refusal(facts.project, village.frida) == await refusal(
            village, lambda uow: projects.add_team_member(uow, village.clock, village.frida, project_id,
                                                          village.frida.id, "helper"))
        assert access.close_refusal(facts.project, village.frida, False) == await refusal(
            village, lambda uow: projects.close_project(uow, village.clock, village.frida, project_id,
                                                        ProjectState.COMPLETED, "", "Done"))

    async def test_in_the_archive_the_leads_actions_are_refused_as_the_use_cases_refuse_them(self, village):
        _dream_id, project_id = await archived(village)

        shown = await card(village, village.anna, project_id)

        assert offered(shown) == LEAD | TALK and allowed(shown) == {Action.PLAN} | TALK, "the plan can still be read"
        assert shown.act(Action.UPDATE).refused == await refusal(
            village, lambda uow: projects.post_update(uow, village.clock, village.anna, project_id, "More"))
        assert shown.act(Action.TEAM).refused == await refusal(
            village, lambda uow: projects.add_team_member(uow, village.clock, village.anna, project_id,
                                                          village.frida.id, "helper"))
        assert shown.act(Action.CLOSE).refused == await refusal(
            village, lambda uow: projects.close_project(uow, village.clock, village.anna, project_id,
                                                        ProjectState.DISCONTINUED, "", "Again"))


class TestProjectLists:
    async def test_the_factory_and_the_archive_list_their_projects_to_anyone(self, village):
        _dream_id, active = await a_project(village)
        _other, closed = await archived(village)
        async with village.db() as uow:
            factory = factory_list(await projects.factory(uow, village.branch.id))
            listed = archive_list(await archive.finished_projects(uow, village.branch.id))

        assert [(e.open.action, e.open.args) for e in factory.entries] == [(Action.OPEN_PROJECT, (str(active),))]
        assert [e.open.args for e in listed.entries] == [(str(closed),)]
        assert listed.entries[0].detail.msgid == "completed" and factory.next is None

    async def test_the_lead_picks_a_teammate_among_the_followers(self, village):
        _dream_id, project_id = await a_project(village)
        async with village.db() as uow:
            project, candidates = await projects.team_candidates(uow, village.anna, project_id)

        listing = team_candidates(project, candidates)

        assert [(e.title, e.open.action, e.open.args) for e in listing.entries] == [
            ("Frida", Action.TEAM, (str(project_id), str(village.frida.id)))]

    async def test_only_the_lead_is_shown_the_followers(self, village):
        _dream_id, project_id = await a_project(village)

        reason = await refusal(village, lambda uow: projects.team_candidates(uow, village.frida, project_id))

        assert reason.msgid == "Only the project's lead can do that."
