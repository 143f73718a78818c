"""A dream's needs: listed from its deposit, refined by its owner until it is a project, covered by the standing
pledges against each (a sum where a need is counted, offers where it is not), the bank's "most needed" order kept
from it, and the owner told once when every need is covered; the cards and the board's review show it."""

from decimal import Decimal

import pytest

from core.errors import NotFound, Refused
from core.i18n import translate
from core.model.bank import Pledge, PledgeState
from core.model.dreams import DreamState, Need
from core.model.needs import Coverage, DreamNeed, all_covered, as_params, coverage, from_params, open_count
from core.model.notices import NoticeKind
from core.model.reviews import Choice
from core.usecases import bank, dreams, needs, pledges, reviews
from core.views.actions import Action
from core.views.dreams import dream_card
from core.views.needs import needs_card
from core.views.reviews import review_card
from tests.factories import a_draft, pledge
from tests.unit.views_setup import a_project, in_the_bank, run


def said(text) -> str:
    return translate(text, "en")


async def listed(village, dream_id) -> list[DreamNeed]:
    async with village.db() as uow:
        return list(await uow.needs.of_dream(dream_id))


async def need(village, dream_id, kind: Need) -> DreamNeed:
    return next(n for n in await listed(village, dream_id) if n.kind is kind)


async def refused(village, work) -> str:
    with pytest.raises(Refused) as refusal:
        await run(village, work)
    return said(refusal.value.reason)


def notices(db, member, kind) -> list:
    return [n for n in db.notices_for(member.id) if n.kind is kind]


async def counted_bench(village) -> tuple[int, DreamNeed, DreamNeed]:
    """A bench in the bank that needs 10 hours of work (counted) and planks (not counted)."""
    dream_id = await in_the_bank(village)
    hours = await need(village, dream_id, Need.TIME)
    await run(village, lambda uow: needs.change_need(uow, village.clock, village.anna, hours.id, Need.TIME,
                                                     "Hands to build it", Decimal("10")))
    return dream_id, await need(village, dream_id, Need.TIME), await need(village, dream_id, Need.MATERIALS)


class TestTheListFromADeposit:
    async def test_each_kind_asked_becomes_a_need_and_one_kind_takes_the_more_about_it(self, village):
        two = await village.deposit()
        one = await village.deposit(needs=frozenset({Need.MONEY}), needs_detail="For forty lanterns.")

        assert [(n.kind, n.description, n.amount) for n in await listed(village, two)] == [
            (Need.TIME, "", None), (Need.MATERIALS, "", None)]
        assert [(n.kind, n.description) for n in await listed(village, one)] == [(Need.MONEY, "For forty lanterns.")]

    async def test_amending_follows_the_kinds_asked_again(self, village):
        dream_id = await village.deposit()
        review = await village.review_of(dream_id)
        for member in (village.bjorn, village.cecilie):
            await run(village, lambda uow, m=member: reviews.cast_vote(uow, village.clock, m, review.id,
                                                                       Choice.MORE_INFO, "Which wood?"))

        await run(village, lambda uow: dreams.amend_dream(uow, village.clock, village.anna, dream_id,
                                                          a_draft(needs=frozenset({Need.TIME, Need.VENUE}))))

        assert [n.kind for n in await listed(village, dream_id)] == [Need.TIME, Need.VENUE]


class TestTheOwnerRefinesTheList:
    async def test_the_owner_adds_changes_and_removes_needs_and_the_bank_filter_follows(self, db, village):
        dream_id = await in_the_bank(village)
        time = await need(village, dream_id, Need.TIME)

        money = await run(village, lambda uow: needs.add_need(uow, village.clock, village.anna, dream_id, Need.MONEY,
                                                              "Paint and screws", Decimal("1200.50")))
        await run(village, lambda uow: needs.change_need(uow, village.clock, village.anna, time.id, Need.TIME,
                                                         "Two Saturdays of sanding", "16"))
        materials = await need(village, dream_id, Need.MATERIALS)
        await run(village, lambda uow: needs.remove_need(uow, village.clock, village.anna, materials.id))

        assert [(n.kind, n.description, n.amount) for n in await listed(village, dream_id)] == [
            (Need.TIME, "Two Saturdays of sanding", Decimal("16.00")),
            (Need.MONEY, "Paint and screws", Decimal("1200.50"))]
        assert db.store.dreams[dream_id].needs == {Need.TIME, Need.MONEY}, "the bank's filter reads the kinds"
        assert [e.action for e in db.store.audit if e.action.startswith("need_")] == [
            "need_add", "need_change", "need_remove"]
        assert money.id is not None

    async def test_only_the_owner_changes_the_list_and_only_until_it_is_a_project(self, db, village):
        dream_id = await in_the_bank(village)
        time = await need(village, dream_id, Need.TIME)

        frida = await refused(village, lambda uow: needs.add_need(uow, village.clock, village.frida, dream_id,
                                                                  Need.OTHER, "Cake"))
        db.store.dreams[dream_id].state = DreamState.PROJECT
        late = await refused(village, lambda uow: needs.change_need(uow, village.clock, village.anna, time.id,
                                                                    Need.TIME, "More", "5"))

        assert frida == "Only the person who deposited “A bench by the fjord” can do that."
        assert late == "The needs of “A bench by the fjord” can change only until it becomes a project."
        assert len(await listed(village, dream_id)) == 2

    @pytest.mark.parametrize("kind, amount, reason", [
        (Need.TIME, "0", "An amount is more than 0 and at most 100,000."),
        (Need.TIME, "100001", "An amount is more than 0 and at most 100,000."),
        (Need.MONEY, "-5", "An amount is more than 0 and at most 100,000,000."),
        (Need.MONEY, "10.005", "Please give the amount with at most two decimals."),
        (Need.MATERIALS, "2.5", "Please count it in whole numbers, like 3."),
        (Need.MATERIALS, "lots", "Please write an amount, like 10."),
        (Need.OTHER, "Infinity", "An amount is more than 0 and at most 1,000,000."),
    ])
    async def test_an_absurd_amount_is_refused_kindly_and_nothing_changes(self, village, kind, amount, reason):
        dream_id = await in_the_bank(village)

        answer = await refused(village, lambda uow: needs.add_need(uow, village.clock, village.anna, dream_id, kind,
                                                                   "Something", amount))

        assert answer == reason and len(await listed(village, dream_id)) == 2

    async def test_an_over_long_description_is_refused(self, village):
        dream_id = await in_the_bank(village)

        answer = await refused(village, lambda uow: needs.add_need(uow, village.clock, village.anna, dream_id,
                                                                   Need.OTHER, "x" * 1001))

        assert answer == "Please describe the need in at most 1000 characters."

    async def test_the_last_need_and_one_with_offers_stay_on_the_list(self, db, village):
        dream_id = await in_the_bank(village)
        time, materials = await need(village, dream_id, Need.TIME), await need(village, dream_id, Need.MATERIALS)
        await run(village, lambda uow: pledge(uow, village.clock, village.frida, dream_id, Need.TIME, "A Saturday"))

        offered = await refused(village, lambda uow: needs.remove_need(uow, village.clock, village.anna, time.id))
        kind = await refused(village, lambda uow: needs.change_need(uow, village.clock, village.anna, time.id,
                                                                    Need.MONEY, "", "100"))
        await run(village, lambda uow: needs.change_need(uow, village.clock, village.anna, time.id, Need.TIME,
                                                         "Saturdays", "8"))
        await run(village, lambda uow: needs.remove_need(uow, village.clock, village.anna, materials.id))
        last = await refused(village, lambda uow: needs.remove_need(uow, village.clock, village.anna, time.id))

        assert offered == "Offers of help stand against this need. Decline them first, or change the need."
        assert kind == "Someone has offered help with this need, so its kind stays; add another need instead."
        assert last == "A dream needs at least one need on its list; change this one instead."
        assert [(n.kind, n.amount) for n in await listed(village, dream_id)] == [(Need.TIME, Decimal("8.00"))]


class TestCoverage:
    def test_a_counted_need_sums_its_standing_pledges_and_says_what_is_missing(self):
        hours, venue = DreamNeed(1, Need.TIME, "Building", Decimal("10"), id=1), DreamNeed(1, Need.VENUE, id=2)
        made = [Pledge(1, 5, Need.TIME, "Four hours", Decimal("4"), None, 1, need_id=1),
                Pledge(1, 6, Need.TIME, "Twenty", Decimal("20"), None, 2, need_id=1, state=PledgeState.DECLINED),
                Pledge(1, 7, Need.TIME, "Some", None, None, 3, need_id=1, state=PledgeState.ACCEPTED),
                Pledge(1, 8, Need.TIME, "Three", Decimal("3"), None, 4, need_id=1, state=PledgeState.WITHDRAWN)]

        building, barn = coverage([hours, venue], made)

        assert (building.pledged, building.offers, building.missing, building.covered) == (
            Decimal("4.00"), 2, Decimal("6.00"), False), "declined and withdrawn pledges count for nothing"
        assert (barn.offers, barn.missing, barn.covered) == (0, None, False)
        assert open_count([building, barn]) == 2 and not all_covered((building, barn))

    def test_more_than_enough_is_covered_with_nothing_missing_and_an_offer_covers_an_uncounted_need(self):
        hours, venue = DreamNeed(1, Need.TIME, "", Decimal("2"), id=1), DreamNeed(1, Need.VENUE, id=2)
        made = [Pledge(1, 5, Need.TIME, "Five", Decimal("5"), None, 1, need_id=1),
                Pledge(1, 5, Need.VENUE, "Barn", None, None, 2, need_id=2)]

        covered = coverage([hours, venue], made)

        assert [(c.missing, c.covered) for c in covered] == [(Decimal("0.00"), True), (None, True)]
        assert all_covered(covered) and not all_covered(())

    async def test_the_bank_orders_by_needs_still_open_as_pledges_come_and_go(self, db, village):
        dream_id, hours, _planks = await counted_bench(village)
        assert db.store.bank_counts[dream_id][1] == 2

        made = await run(village, lambda uow: bank.pledge_help(uow, village.clock, village.frida, dream_id, hours.id,
                                                               "Ten hours", Decimal("10")))
        covered_one = db.store.bank_counts[dream_id][1]
        await run(village, lambda uow: pledges.withdraw_pledge(uow, village.clock, village.frida, made.id))

        assert (covered_one, db.store.bank_counts[dream_id][1]) == (1, 2)


class TestPledgingAgainstANeed:
    async def test_a_counted_need_asks_how_much_and_the_owner_hears_against_which_need(self, db, village):
        dream_id, hours, planks = await counted_bench(village)

        none = await refused(village, lambda uow: bank.pledge_help(uow, village.clock, village.frida, dream_id,
                                                                   hours.id, "Some hours"))
        absurd = await refused(village, lambda uow: bank.pledge_help(uow, village.clock, village.frida, dream_id,
                                                                     hours.id, "Forever", "1000000"))
        made = await run(village, lambda uow: bank.pledge_help(uow, village.clock, village.frida, dream_id, hours.id,
                                                               "Saturday mornings", "4"))
        await run(village, lambda uow: bank.pledge_help(uow, village.clock, village.bjorn, dream_id, planks.id,
                                                        "Oak planks"))

        assert none == "Please say how much of it you can give: this need is counted."
        assert absurd == "An amount is more than 0 and at most 100,000."
        assert (made.need_id, made.kind, made.amount, made.state) == (hours.id, Need.TIME, Decimal("4.00"),
                                                                      PledgeState.OFFERED)
        told = notices(db, village.anna, NoticeKind.PLEDGE_RECEIVED)
        assert [(n.params["pledge_id"], n.params["need"]) for n in told][0] == (made.id, "Hands to build it")

    async def test_a_need_of_another_dream_or_one_taken_off_is_refused(self, village):
        dream_id = await in_the_bank(village)
        other = await in_the_bank(village, title="Another bench")
        elsewhere = await need(village, other, Need.TIME)

        answer = await refused(village, lambda uow: bank.pledge_help(uow, village.clock, village.frida, dream_id,
                                                                     elsewhere.id, "Me"))

        assert answer == "That need is no longer on the list of “A bench by the fjord”."

    async def test_a_closed_dream_takes_no_offers(self, db, village):
        dream_id = await in_the_bank(village)
        time = await need(village, dream_id, Need.TIME)
        await run(village, lambda uow: dreams.retract_dream(uow, village.clock, village.anna, dream_id))

        answer = await refused(village, lambda uow: bank.pledge_help(uow, village.clock, village.frida, dream_id,
                                                                     time.id, "Me"))

        assert answer == "“A bench by the fjord” is not taking offers of help now." and db.store.pledges == {}


class TestEveryNeedCovered:
    async def test_the_owner_is_told_once_and_offered_the_withdrawal(self, db, village):
        dream_id, hours, planks = await counted_bench(village)

        await run(village, lambda uow: bank.pledge_help(uow, village.clock, village.frida, dream_id, hours.id,
                                                        "Six hours", "6"))
        before = len(notices(db, village.anna, NoticeKind.NEEDS_COVERED))
        await run(village, lambda uow: bank.pledge_help(uow, village.clock, village.bjorn, dream_id, planks.id,
                                                        "Planks"))
        last = await run(village, lambda uow: bank.pledge_help(uow, village.clock, village.dag, dream_id, hours.id,
                                                               "Four hours", "4"))
        covered_once = notices(db, village.anna, NoticeKind.NEEDS_COVERED)
        await run(village, lambda uow: bank.pledge_help(uow, village.clock, village.eva, dream_id, hours.id,
                                                        "One more", "1"))
        await run(village, lambda uow: pledges.withdraw_pledge(uow, village.clock, village.dag, last.id))
        await run(village, lambda uow: pledges.withdraw_pledge(uow, village.clock, village.eva,
                                                               max(db.store.pledges)))
        await run(village, lambda uow: bank.pledge_help(uow, village.clock, village.dag, dream_id, hours.id,
                                                        "Four hours after all", "4"))

        assert before == 0 and len(covered_once) == 1
        assert covered_once[0].params == {"dream_id": dream_id, "title": "A bench by the fjord"}
        assert len(notices(db, village.anna, NoticeKind.NEEDS_COVERED)) == 1, "the transition is told once"
        async with village.db() as uow:
            shown = needs_card(await needs.read_needs(uow, village.anna, dream_id))
        assert shown.act(Action.WITHDRAW) is not None and shown.act(Action.WITHDRAW).allowed
        assert "Every need is covered. You can ask the board to make the dream a project." in [
            said(line) for line in shown.body]

    async def test_a_project_is_not_offered_the_withdrawal_again(self, db, village):
        dream_id, _project_id = await a_project(village)
        time, materials = await need(village, dream_id, Need.TIME), await need(village, dream_id, Need.MATERIALS)

        await run(village, lambda uow: bank.pledge_help(uow, village.clock, village.frida, dream_id, time.id, "Me"))
        await run(village, lambda uow: bank.pledge_help(uow, village.clock, village.bjorn, dream_id, materials.id,
                                                        "Wood"))

        assert len(db.store.pledges) == 2 and notices(db, village.anna, NoticeKind.NEEDS_COVERED) == []


class TestWhereCoverageShows:
    async def test_the_dream_card_shows_each_need_with_what_is_pledged_and_missing(self, village):
        dream_id, hours, planks = await counted_bench(village)
        await run(village, lambda uow: bank.pledge_help(uow, village.clock, village.frida, dream_id, hours.id,
                                                        "Saturday mornings", "4"))

        async with village.db() as uow:
            facts = await dreams.read_dream(uow, None, dream_id)
        shown = dream_card(facts, None)

        assert [(said(f.label), said(f.value)) for f in shown.fields][1:3] == [
            ("time: Hands to build it", "4 hours of 10 hours pledged, 6 hours still missing"),
            ("materials", "still open: nobody has offered help yet")]
        assert "1 like · 1 offer of help" not in [said(line) for line in shown.body]
        assert "0 likes · 1 offer of help" in [said(line) for line in shown.body]

    async def test_the_board_reviewing_a_withdrawal_sees_each_need_with_what_is_pledged(self, db, village):
        dream_id, hours, planks = await counted_bench(village)
        await run(village, lambda uow: bank.pledge_help(uow, village.clock, village.frida, dream_id, hours.id,
                                                        "Ten hours", "10"))
        await run(village, lambda uow: dreams.propose_withdrawal(uow, village.clock, village.anna, dream_id))
        review = await village.review_of(dream_id)

        async with village.db() as uow:
            shown = review_card(await reviews.read_review(uow, village.clock, village.bjorn, review.id))
        asked = notices(db, village.bjorn, NoticeKind.WITHDRAWAL_REQUESTED)

        body = [said(line) for line in shown.body]
        assert "What the dream needs, and what is pledged:" in body
        assert "• time: Hands to build it: 10 hours of 10 hours pledged: covered" in body
        assert "• materials: still open: nobody has offered help yet" in body
        assert [(n["kind"], n["amount"], n["pledged"], n["offers"]) for n in asked[0].params["needs"]] == [
            ("time", "10.00", "10.00", 1), ("materials", "", "0.00", 0)]

    async def test_a_visitor_reads_the_needs_and_cannot_change_them(self, village):
        dream_id = await in_the_bank(village)

        async with village.db() as uow:
            facts = await needs.read_needs(uow, None, dream_id)
            with pytest.raises(NotFound):
                await needs.read_needs(uow, None, await village.deposit(title="Still with the board"))

        assert facts.refused is not None and [c.need.kind for c in facts.coverage] == [Need.TIME, Need.MATERIALS]
        assert needs_card(facts).act(Action.NEED_ADD) is None


def test_a_coverage_is_read_back_from_a_notices_params():
    covered = (Coverage(DreamNeed(0, Need.MONEY, "Paint", Decimal("100")), Decimal("40.00"), 2),)

    assert from_params(as_params(covered)) == covered

