"""Each form of dreams, the bank, reviews and projects finishes by calling its use case with plain arguments."""

from core.dialogs.catalogue import AMEND, CLOSE, COMMENT, DEPOSIT, FORMS, PLEDGE, RETRACT, TEAM_ROLE, UPDATE, WITHDRAWAL
from core.model.dreams import DreamState, Need
from core.model.projects import ProjectState
from core.model.reviews import Choice
from core.views.actions import Action
from core.views.model import Note
from tests.unit.views_setup import a_project, in_the_bank, run

BENCH = {"title": "A bench", "story": "Somewhere to sit", "needs": ["materials", "time"], "needs_detail": "",
         "non_profit": True, "social_value": True, "realisable": True}


async def finish(village, form, actor, answers, context=None):
    return await run(village, lambda uow: form.finish(uow, village.clock, actor, village.branch, answers,
                                                      context or {}))


def said(views) -> list[str]:
    return [line.msgid for view in views for line in view.lines]


class TestDreamForms:
    async def test_every_form_of_these_features_carries_its_finish(self):
        for name in ("deposit", "amend", "retract", "withdrawal", "pledge", "comment", "update", "team_role",
                     "close"):
            assert FORMS[name].finish is not None, name

    async def test_depositing_deposits_the_dream_and_offers_my_dreams(self, db, village):
        views = await finish(village, DEPOSIT, village.anna, BENCH)

        dream = next(iter(db.store.dreams.values()))
        assert (dream.title, dream.owner_id, dream.needs) == ("A bench", village.anna.id, {Need.MATERIALS, Need.TIME})
        assert isinstance(views[0], Note) and views[0].actions[0][0].action is Action.MINE

    async def test_amending_sends_the_dream_back_to_the_board(self, db, village):
        dream_id = await village.deposit()
        review = await village.review_of(dream_id)
        for member in (village.bjorn, village.cecilie):
            await finish(village, COMMENT, member, {"comment": "Where?"},
                         {"review_id": review.id, "choice": Choice.MORE_INFO.value})

        await finish(village, AMEND, village.anna, {**BENCH, "title": "A bench by the shop"}, {"dream_id": dream_id})

        assert (db.store.dreams[dream_id].title, db.store.dreams[dream_id].state) == (
            "A bench by the shop", DreamState.DEPOSITED)

    async def test_retracting_takes_the_dream_out(self, db, village):
        dream_id = await village.deposit()

        await finish(village, RETRACT, village.anna, {}, {"dream_id": dream_id})

        assert db.store.dreams[dream_id].state is DreamState.RETRACTED

    async def test_asking_to_withdraw_opens_a_withdrawal_review(self, db, village):
        dream_id = await in_the_bank(village)

        views = await finish(village, WITHDRAWAL, village.anna, {"motivation": "Cecilie builds it"},
                             {"dream_id": dream_id})

        review = await village.review_of(dream_id)
        assert review.open and review.motivation == "Cecilie builds it"
        assert said(views) == ["The board is asked to agree that “{title}” becomes a project."]


class TestBankAndReviewForms:
    async def test_offering_help_pledges_it(self, db, village):
        dream_id = await in_the_bank(village)

        time = next(n for n in db.store.needs.values() if n.dream_id == dream_id and n.kind is Need.TIME)

        views = await finish(village, PLEDGE, village.frida, {"need": str(time.id), "description": "A Saturday",
                                                             "amount": "3"}, {"dream_id": dream_id})

        pledge = next(iter(db.store.pledges.values()))
        assert (pledge.member_id, pledge.kind, pledge.need_id, str(pledge.amount)) == (
            village.frida.id, Need.TIME, time.id, "3.00")
        assert views[0].actions[0][0].action is Action.OPEN_PLEDGE

    async def test_a_comment_casts_the_vote_with_it(self, db, village):
        dream_id = await village.deposit()
        review = await village.review_of(dream_id)

        views = await finish(village, COMMENT, village.bjorn, {"comment": "Too big"},
                             {"review_id": review.id, "choice": "reject"})

        assert [(v.voter_id, v.choice, v.comment) for v in db.store.votes] == [(village.bjorn.id, Choice.REJECT,
                                                                                 "Too big")]
        assert views[0].topic == f"review:{review.id}"

    async def test_a_comment_of_the_bank_manager_settles_the_review(self, db, village):
        dream_id = await village.deposit()
        review = await village.review_of(dream_id)
        village.clock.advance(days=7)

        await finish(village, COMMENT, village.eva, {"comment": "Let us try"},
                     {"review_id": review.id, "choice": "approve", "settle": True})

        assert db.store.dreams[dream_id].state is DreamState.APPROVED
        assert db.store.reviews[review.id].settled_by == village.eva.id


class TestProjectForms:
    async def test_an_update_is_posted_and_the_project_offered(self, db, village):
        _dream_id, project_id = await a_project(village)

        views = await finish(village, UPDATE, village.anna, {"text": "The planks came"}, {"project_id": project_id})

        assert [u.text for u in db.store.updates.values()] == ["The planks came"]
        assert views[0].actions[0][0].action is Action.OPEN_PROJECT

    async def test_a_role_puts_the_follower_on_the_team(self, db, village):
        _dream_id, project_id = await a_project(village)

        await finish(village, TEAM_ROLE, village.anna, {"role": "carpenter"},
                     {"project_id": project_id, "member_id": village.frida.id})

        assert (project_id, village.frida.id, "carpenter") in [(t.project_id, t.member_id, t.role)
                                                              for t in db.store.team]

    async def test_closing_moves_the_project_to_the_archive(self, db, village):
        _dream_id, project_id = await a_project(village)

        await finish(village, CLOSE, village.anna, {"outcome": "completed", "evaluation": "", "report": "Built"},
                     {"project_id": project_id})

        assert (db.store.projects[project_id].state, db.store.projects[project_id].report) == (
            ProjectState.COMPLETED, "Built")
