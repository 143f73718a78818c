"""One branch's members never see nor act on another branch's non-public data, whatever roles they hold in their
own; a public dream of any branch opens by its link."""

from __future__ import annotations

import pytest

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation
from core.errors import NotFound, Refused
from core.model.branches import Branch
from core.model.events import Answer
from core.model.members import Identity, Role
from core.model.notices import Recipients
from core.model.reviews import Choice
from core.usecases import branches, events, newsletters, padrivere, reviews
from tests.chat_person import Person
from tests.factories import add_member
from tests.unit.circle import apply, new_event
from tests.unit.views_setup import in_the_bank, run

codec = ButtonCodec(b"branch-isolation-test-secret")
#: every role there is, so that a refusal comes from the branch, not from a missing role
EVERY_ROLE = list(Role)


@pytest.fixture
async def olav(db, circle):
    """Olav holds every role in Elvdal, a second branch, and none in Fjordby."""
    async with db() as uow:
        elvdal = await uow.branches.add(Branch("elvdal", "Elvdal", "en"))
        olav = await add_member(uow, elvdal.id, "Olav", Identity("test", "olav"), circle.clock.now(), EVERY_ROLE)
        await uow.commit()
    return olav


async def refused_or_hidden(circle, work) -> None:
    with pytest.raises((Refused, NotFound)):
        await run(circle, work)


class TestAnotherBranchsMember:
    async def test_cannot_review_or_see_the_reviews_waiting_in_another_branch(self, circle, olav):
        dream_id = await circle.deposit()
        review = await circle.review_of(dream_id)

        await refused_or_hidden(circle, lambda uow: reviews.cast_vote(uow, circle.clock, olav, review.id,
                                                                      Choice.APPROVE))
        await refused_or_hidden(circle, lambda uow: reviews.waiting_reviews(uow, circle.clock, olav,
                                                                            circle.branch.id))
        await refused_or_hidden(circle, lambda uow: reviews.read_review(uow, circle.clock, olav, review.id))

    async def test_sees_a_deposited_dream_of_another_branch_as_none_but_opens_a_public_one_by_link(
            self, db, circle, olav):
        deposited = await circle.deposit(title="A secret pier")
        public = await in_the_bank(circle, title="A bench for all")
        person = Person(Conversation(db, circle.clock, codec), "olav")

        assert f"There is no dream number {deposited}" in await person.say(f"/start d{deposited}")
        assert "A bench for all" in await person.say(f"/start d{public}")

    async def test_cannot_change_settings_or_see_or_change_roles_of_another_branch(self, circle, olav):
        await refused_or_hidden(circle, lambda uow: branches.change_setting(uow, circle.clock, olav, circle.branch.id,
                                                                           "name", "Taken over"))
        await refused_or_hidden(circle, lambda uow: branches.role_holders(uow, olav, circle.branch.id))
        from core.usecases.members import grant_role
        await refused_or_hidden(circle, lambda uow: grant_role(uow, circle.clock, olav, circle.branch.id, olav.id,
                                                               Role.ADMIN))

        async with circle.db() as uow:
            assert (await uow.branches.get(circle.branch.id)).name == "Fjordby"
            assert await uow.members.roles(circle.branch.id, olav.id) == set()

    async def test_cannot_see_or_answer_another_branch_s_events(self, circle, olav):
        event_id = await new_event(circle)

        await refused_or_hidden(circle, lambda uow: events.respond(uow, circle.clock, olav, event_id, Answer.GOING))
        await refused_or_hidden(circle, lambda uow: events.event_facts(uow, circle.clock, olav, event_id))
        await refused_or_hidden(circle, lambda uow: events.attendees(uow, olav, event_id))
        assert await run(circle, lambda uow: events.upcoming(uow, circle.clock, olav)) == []

    async def test_cannot_see_or_decide_another_branch_s_padriver_applications(self, circle, olav):
        application = await apply(circle, "anna")

        await refused_or_hidden(circle, lambda uow: padrivere.pending_applications(uow, olav, circle.branch.id))
        await refused_or_hidden(circle, lambda uow: padrivere.application_facts(uow, olav, application.id))
        await refused_or_hidden(circle, lambda uow: padrivere.decide(uow, circle.clock, olav, application.id, True))

    async def test_cannot_write_follow_or_cancel_another_branch_s_newsletters(self, circle, olav):
        sent = await run(circle, lambda uow: newsletters.compose(uow, circle.clock, circle.hanne, circle.branch,
                                                                 "News", {}, Recipients("all"), None))

        await refused_or_hidden(circle, lambda uow: newsletters.compose(uow, circle.clock, olav, circle.branch,
                                                                        "Ours now", {}, Recipients("all"), None))
        await refused_or_hidden(circle, lambda uow: newsletters.progress(uow, olav, sent.id))
        await refused_or_hidden(circle, lambda uow: newsletters.cancel(uow, circle.clock, olav, sent.id))
        await refused_or_hidden(circle, lambda uow: newsletters.recent(uow, olav, circle.branch.id, 10))

    async def test_cannot_see_join_or_close_another_branch_s_calls(self, circle, olav):
        from core.usecases import calls
        from tests.unit.circle import post_call
        call = await post_call(circle)

        await refused_or_hidden(circle, lambda uow: calls.call_facts(uow, olav, call.id))
        await refused_or_hidden(circle, lambda uow: calls.join_call(uow, circle.clock, olav, call.id))
        await refused_or_hidden(circle, lambda uow: calls.close_call(uow, circle.clock, olav, call.id))
        assert all(c.branch_id != circle.branch.id for c in await run(circle, lambda uow: calls.open_calls(uow, olav)))
