"""A pledge's life: its pledger changes or withdraws it, the owner accepts, thanks for or declines it, each step
telling the other side and kept in the audit trail; only they may, and a stale or forged press changes nothing;
when the dream becomes a project each pledger is asked whether it stands, and confirmed ones start the plan."""

from decimal import Decimal

import pytest

from core.chat.buttons import Action
from core.chat.conversation import Conversation, Incoming
from core.errors import NotFound, Refused
from core.i18n import translate
from core.model.bank import PledgeState
from core.model.dreams import Need
from core.model.notices import NoticeKind
from core.model.plans import PartKind
from core.usecases import bank, dreams, needs, plans, pledges, projects
from core.usecases.pledges import Answer
from core.views.pledges import pledge_card
from core.views.projects import project_card
from tests.chat_person import Person
from tests.unit.test_conversation import codec
from tests.unit.views_setup import approve, in_the_bank, run


def said(text) -> str:
    return translate(text, "en")


async def refused(village, work) -> str:
    with pytest.raises(Refused) as refusal:
        await run(village, work)
    return said(refusal.value.reason)


def notices(db, member, kind) -> list:
    return [n for n in db.notices_for(member.id) if n.kind is kind]


@pytest.fixture
async def offered(db, village):
    """Anna's bench is in the bank; Frida offered four of its ten hours; Bjørn offered planks."""
    dream_id = await in_the_bank(village)
    async with village.db() as uow:
        time, materials = list(await uow.needs.of_dream(dream_id))
    await run(village, lambda uow: needs.change_need(uow, village.clock, village.anna, time.id, Need.TIME, "Hands",
                                                     Decimal("10")))
    hours = await run(village, lambda uow: bank.pledge_help(uow, village.clock, village.frida, dream_id, time.id,
                                                            "Saturday mornings", "4"))
    planks = await run(village, lambda uow: bank.pledge_help(uow, village.clock, village.bjorn, dream_id,
                                                             materials.id, "Oak planks"))
    return dream_id, hours, planks


async def stored(db, pledge_id):
    return db.store.pledges[pledge_id]


class TestThePledgerChangesOrWithdraws:
    async def test_a_change_tells_the_owner_counts_anew_and_is_audited(self, db, village, offered):
        dream_id, hours, _planks = offered

        changed = await run(village, lambda uow: pledges.change_pledge(uow, village.clock, village.frida, hours.id,
                                                                       "Saturdays and Sundays", "10"))

        assert (changed.description, changed.amount, changed.state) == ("Saturdays and Sundays", Decimal("10.00"),
                                                                         PledgeState.OFFERED)
        told = notices(db, village.anna, NoticeKind.PLEDGE_CHANGED)
        assert [(n.params["change"], n.params["helper"], n.params["amount"]) for n in told] == [
            ("changed", "Frida", "10.00")]
        assert "pledge_change" in [e.action for e in db.store.audit if e.subject == f"dream:{dream_id}"]
        assert len(notices(db, village.anna, NoticeKind.NEEDS_COVERED)) == 1, "ten of ten hours, and planks"

    async def test_a_withdrawn_pledge_no_longer_counts_and_the_owner_is_told(self, db, village, offered):
        dream_id, hours, _planks = offered

        await run(village, lambda uow: pledges.withdraw_pledge(uow, village.clock, village.frida, hours.id))
        again = await refused(village, lambda uow: pledges.withdraw_pledge(uow, village.clock, village.frida,
                                                                           hours.id))

        async with village.db() as uow:
            facts = await dreams.read_dream(uow, None, dream_id)
        assert (await stored(db, hours.id)).state is PledgeState.WITHDRAWN
        assert facts.needs[0].pledged == Decimal("0.00") and len(facts.standing) == 1
        assert [n.params["change"] for n in notices(db, village.anna, NoticeKind.PLEDGE_CHANGED)] == ["withdrawn"]
        assert again == "This offer of help is withdrawn; it cannot change any more."

    async def test_only_the_pledger_changes_it_and_absurd_or_long_answers_change_nothing(self, db, village, offered):
        _dream_id, hours, _planks = offered

        owner = await refused(village, lambda uow: pledges.change_pledge(uow, village.clock, village.anna, hours.id,
                                                                         "Less", "1"))
        stranger = await refused(village, lambda uow: pledges.withdraw_pledge(uow, village.clock, village.dag,
                                                                              hours.id))
        zero = await refused(village, lambda uow: pledges.change_pledge(uow, village.clock, village.frida, hours.id,
                                                                        "Nothing", "0"))
        none = await refused(village, lambda uow: pledges.change_pledge(uow, village.clock, village.frida, hours.id,
                                                                        "Some"))
        long = await refused(village, lambda uow: pledges.change_pledge(uow, village.clock, village.frida, hours.id,
                                                                        "x" * 1001, "4"))

        assert owner == "Only the one who offered this help can change or withdraw it."
        assert stranger == "That offer of help is not there, or it is not yours to see."
        assert zero == "An amount is more than 0 and at most 100,000."
        assert none == "Please say how much of it you can give: this need is counted."
        assert long == "Please describe your help in 1 to 1000 characters."
        assert await stored(db, hours.id) == hours and notices(db, village.anna, NoticeKind.PLEDGE_CHANGED) == []


class TestTheOwnerAnswers:
    async def test_accept_thank_and_decline_each_tell_the_pledger_and_are_audited(self, db, village, offered):
        dream_id, hours, planks = offered

        await run(village, lambda uow: pledges.answer_pledge(uow, village.clock, village.anna, hours.id,
                                                             Answer.ACCEPT))
        await run(village, lambda uow: pledges.answer_pledge(uow, village.clock, village.anna, hours.id,
                                                             Answer.THANK))
        await run(village, lambda uow: pledges.answer_pledge(uow, village.clock, village.anna, planks.id,
                                                             Answer.DECLINE))

        accepted, declined = await stored(db, hours.id), await stored(db, planks.id)
        assert (accepted.state, accepted.thanked, declined.state) == (PledgeState.ACCEPTED, True,
                                                                     PledgeState.DECLINED)
        assert [n.params["answer"] for n in notices(db, village.frida, NoticeKind.PLEDGE_ANSWERED)] == [
            "accept", "thank"]
        assert [n.params["answer"] for n in notices(db, village.bjorn, NoticeKind.PLEDGE_ANSWERED)] == ["decline"]
        assert [e.action for e in db.store.audit if e.action.startswith("pledge_")] == [
            "pledge_accept", "pledge_thank", "pledge_decline"]
        assert db.store.bank_counts[dream_id][1] == 2, "a declined pledge covers nothing"

    async def test_only_the_owner_answers_once_each_while_it_stands(self, db, village, offered):
        _dream_id, hours, planks = offered
        await run(village, lambda uow: pledges.answer_pledge(uow, village.clock, village.anna, hours.id,
                                                             Answer.ACCEPT))
        await run(village, lambda uow: pledges.answer_pledge(uow, village.clock, village.anna, hours.id,
                                                             Answer.THANK))
        await run(village, lambda uow: pledges.withdraw_pledge(uow, village.clock, village.bjorn, planks.id))

        pledger = await refused(village, lambda uow: pledges.answer_pledge(uow, village.clock, village.frida,
                                                                           hours.id, Answer.ACCEPT))
        twice = await refused(village, lambda uow: pledges.answer_pledge(uow, village.clock, village.anna, hours.id,
                                                                         Answer.ACCEPT))
        thanked = await refused(village, lambda uow: pledges.answer_pledge(uow, village.clock, village.anna,
                                                                           hours.id, Answer.THANK))
        gone = await refused(village, lambda uow: pledges.answer_pledge(uow, village.clock, village.anna, planks.id,
                                                                        Answer.DECLINE))

        assert pledger == "Only the person who deposited “A bench by the fjord” can do that."
        assert twice == "This offer of help is accepted already."
        assert thanked == "You have thanked them for this offer already."
        assert gone == "This offer of help is withdrawn; it cannot change any more."

    async def test_the_card_offers_each_side_its_own_actions(self, village, offered):
        _dream_id, hours, _planks = offered

        async with village.db() as uow:
            mine = pledge_card(await pledges.read_pledge(uow, village.frida, hours.id))
            owners = pledge_card(await pledges.read_pledge(uow, village.anna, hours.id))
            with pytest.raises(NotFound):
                await pledges.read_pledge(uow, village.dag, hours.id)
            with pytest.raises(NotFound):
                await pledges.read_pledge(uow, village.anna, 99999)

        assert {a.action for a in mine.allowed()} == {Action.CHANGE_PLEDGE, Action.WITHDRAW_PLEDGE,
                                                      Action.OPEN_DREAM}
        assert {a.action for a in owners.allowed()} == {Action.ANSWER_PLEDGE, Action.OPEN_DREAM}
        assert [said(f.value) for f in mine.fields] == ["time: Hands", "4 hours"]


class TestAtProjectStart:
    async def _project(self, db, village, offered):
        dream_id, hours, planks = offered
        await run(village, lambda uow: pledges.answer_pledge(uow, village.clock, village.anna, planks.id,
                                                             Answer.DECLINE))
        await run(village, lambda uow: dreams.propose_withdrawal(uow, village.clock, village.anna, dream_id))
        await approve(village, dream_id)
        async with village.db() as uow:
            return await uow.projects.by_dream(dream_id)

    async def test_each_standing_pledge_is_asked_whether_it_still_stands(self, db, village, offered):
        _dream_id, hours, _planks = offered

        project = await self._project(db, village, offered)

        asked = notices(db, village.frida, NoticeKind.PLEDGE_CONFIRM)
        assert [(n.params["pledge_id"], n.params["project_id"]) for n in asked] == [(hours.id, project.id)]
        assert notices(db, village.bjorn, NoticeKind.PLEDGE_CONFIRM) == [], "a declined pledge is not asked"

    async def test_a_confirmed_pledge_starts_the_plans_resources_once_and_the_lead_is_told(self, db, village,
                                                                                          offered):
        _dream_id, hours, _planks = offered
        project = await self._project(db, village, offered)

        await run(village, lambda uow: pledges.confirm_pledge(uow, village.clock, village.frida, hours.id))
        twice = await refused(village, lambda uow: pledges.confirm_pledge(uow, village.clock, village.frida,
                                                                          hours.id))

        async with village.db() as uow:
            plan = await plans.read_plan(uow, village.anna, project.id)
            shown = project_card(await projects.read_project(uow, village.anna, project.id), village.anna)
        resources = plan.plan.of(PartKind.RESOURCE)
        assert [(r.text, r.pledge_id) for r in resources] == [("Frida: Saturday mornings", hours.id)]
        assert (await stored(db, hours.id)).state is PledgeState.CONFIRMED
        assert twice == "This offer of help is confirmed for the project already."
        assert [n.params["change"] for n in notices(db, village.anna, NoticeKind.PLEDGE_CHANGED)] == ["confirmed"]
        assert [(who, change) for _at, who, change, _text, _status in plan.changes] == [("Frida", "plan_add")]
        assert "• time: Hands: 4 hours of 10 hours pledged, 6 hours still missing" in [
            said(line) for line in shown.body]

    async def test_a_plan_line_linked_already_is_not_made_twice(self, db, village, offered):
        _dream_id, hours, _planks = offered
        project = await self._project(db, village, offered)
        await run(village, lambda uow: plans.add_part(uow, village.clock, village.anna, project.id,
                                                      PartKind.RESOURCE, "Frida's mornings", pledge_id=hours.id))

        await run(village, lambda uow: pledges.confirm_pledge(uow, village.clock, village.frida, hours.id))

        assert [p.text for p in db.store.plan_parts.values()] == ["Frida's mornings"]

    async def test_before_the_project_there_is_nothing_to_confirm(self, village, offered):
        _dream_id, hours, _planks = offered

        answer = await refused(village, lambda uow: pledges.confirm_pledge(uow, village.clock, village.frida,
                                                                           hours.id))

        assert answer == "“A bench by the fjord” is not a project under way, so there is nothing to confirm."


def button(person: Person, text: str, label: str) -> str:
    """The token of a button of the message (among those last shown) that says `text`."""
    for message in person.last.messages:
        if any(text in translate(line, "en") for line in message.lines):
            return next(b.token for row in message.buttons for b in row if translate(b.label, "en") == label)
    raise LookupError(text)


async def press(person: Person, token: str) -> str:
    return person._read(await person.conversation.handle(Incoming(person.identity, "x", token=token)))


class TestInChat:
    @pytest.fixture
    def people(self, db, village):
        conversation = Conversation(db, village.clock, codec)
        return {name: Person(conversation, name) for name in village.people}

    async def test_the_owner_answers_from_the_notice_and_a_second_press_changes_nothing(self, db, village, offered,
                                                                                        people):
        _dream_id, hours, _planks = offered
        anna, frida = people["anna"], people["frida"]

        told = await anna.notices()
        accept = button(anna, "Frida offers help", "Accept")
        accepted = await press(anna, accept)
        again = await anna.conversation.handle(Incoming(anna.identity, "x", token=accept))
        heard = await frida.notices()

        assert "🤝 Frida offers help to “A bench by the fjord”: time: Hands (4 hours)." in told
        assert "You accepted the offer; its pledger has been told." in accepted
        assert again.refused and said(again.messages[0].lines[0]) == "This offer of help is accepted already."
        assert "🤝 Anna accepted your offer of help to “A bench by the fjord”." in heard

    async def test_a_forged_or_foreign_press_changes_nothing(self, db, village, offered, people):
        _dream_id, hours, _planks = offered
        frida, dag = people["frida"], people["dag"]
        forged = await press(frida, codec.encode(Action.ANSWER_PLEDGE, hours.id, "a")[:-3] + "xyz")
        mine = await press(frida, codec.encode(Action.ANSWER_PLEDGE, hours.id, "a"))
        odd = await press(frida, codec.encode(Action.ANSWER_PLEDGE, hours.id, "q"))
        foreign = await press(dag, codec.encode(Action.WITHDRAW_PLEDGE, hours.id))

        assert forged == odd == "That button is not valid. Nothing was changed."
        assert mine == "Only the person who deposited “A bench by the fjord” can do that."
        assert foreign == "That offer of help is not there, or it is not yours to see."
        assert await stored(db, hours.id) == hours

    async def test_the_pledger_lists_changes_and_withdraws_their_offers(self, db, village, offered, people):
        _dream_id, hours, _planks = offered
        frida = people["frida"]

        listed = await frida.say("/mypledges")
        await frida.press("A bench by the fjord — time: Hands: Saturday mornings (waiting for the owner's answer)")
        await frida.press("Change my offer")
        await frida.press("Keep this")
        changed = await frida.say("6")
        await frida.press("Your offer")
        withdrawn = await frida.press("Withdraw my offer")

        assert "Your offers of help:" in listed
        assert "Your offer of help to “A bench by the fjord” is changed, and its owner has been told." in changed
        assert "Your offer of help is withdrawn, and the dream's owner has been told." in withdrawn
        assert (await stored(db, hours.id)).amount == Decimal("6.00")
        assert (await stored(db, hours.id)).state is PledgeState.WITHDRAWN
