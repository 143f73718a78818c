"""A dream's card and the lists of dreams: what each viewer may do, refused in the use case's own words."""

import pytest

from core.errors import NotFound
from core.model.bank import BankQuery
from core.model.dreams import Need
from core.model.reviews import Choice
from core.usecases import bank, dreams, reviews
from core.usecases.access import SIGN_IN
from core.views.actions import Action
from core.views.bank import bank_list
from core.views.dreams import dream_card, my_dreams
from core.views.model import PAGE_SIZE
from tests.factories import a_draft, pledge
from tests.unit.views_setup import a_project, allowed, in_the_bank, offered, refusal, run

OWNER_ACTIONS = {Action.WITHDRAW, Action.AMEND, Action.RETRACT, Action.NEEDS}


async def card(village, viewer, dream_id):
    async with village.db() as uow:
        return dream_card(await dreams.read_dream(uow, viewer, dream_id), viewer)


class TestDreamCard:
    async def test_a_resident_may_like_a_dream_in_the_bank_and_offer_help(self, village):
        dream_id = await in_the_bank(village)

        shown = await card(village, village.frida, dream_id)

        assert offered(shown) == allowed(shown) == {Action.LIKE, Action.PLEDGE, Action.FOLLOW, Action.COMMENTS}
        assert shown.title.params["title"] == "A bench by the fjord" and shown.topic == f"dream:{dream_id}"

    async def test_a_visitor_sees_a_dream_in_the_bank_and_is_asked_to_sign_in_to_take_part(self, village):
        dream_id = await in_the_bank(village)

        shown = await card(village, None, dream_id)

        assert offered(shown) == {Action.LIKE, Action.PLEDGE, Action.FOLLOW} and allowed(shown) == set()
        assert shown.act(Action.LIKE).refused == shown.act(Action.PLEDGE).refused == SIGN_IN
        assert shown.act(Action.FOLLOW).refused == SIGN_IN

    async def test_each_pledge_is_read_with_the_name_of_the_member_who_made_it(self, village):
        dream_id = await in_the_bank(village)
        for member, need in ((village.frida, Need.TIME), (village.frida, Need.MATERIALS), (village.bjorn, Need.TIME)):
            await run(village, lambda uow, m=member, n=need: pledge(uow, village.clock, m, dream_id, n, "Me"))

        async with village.db() as uow:
            facts = await dreams.read_dream(uow, None, dream_id)

        assert [(name, p.kind) for name, p in facts.pledges] == [
            (village.frida.display_name, Need.TIME), (village.frida.display_name, Need.MATERIALS),
            (village.bjorn.display_name, Need.TIME)]

    async def test_a_visitor_does_not_see_a_dream_the_board_has_not_approved(self, village):
        dream_id = await village.deposit()

        with pytest.raises(NotFound):
            await card(village, None, dream_id)

    async def test_the_owner_may_withdraw_or_retract_but_not_like_or_pledge_with_the_use_cases_reasons(self, village):
        dream_id = await in_the_bank(village)

        shown = await card(village, village.anna, dream_id)

        assert offered(shown) == {Action.LIKE, Action.PLEDGE, Action.FOLLOW, Action.COMMENTS} | OWNER_ACTIONS
        assert allowed(shown) == {Action.WITHDRAW, Action.RETRACT, Action.NEEDS, Action.COMMENTS}
        assert shown.act(Action.LIKE).refused == await refusal(
            village, lambda uow: bank.like_dream(uow, village.clock, village.anna, dream_id))
        assert shown.act(Action.PLEDGE).refused == await refusal(
            village, lambda uow: pledge(uow, village.clock, village.anna, dream_id, Need.TIME, "Me"))
        assert shown.act(Action.AMEND).refused == await refusal(
            village, lambda uow: dreams.amend_dream(uow, village.clock, village.anna, dream_id, a_draft()))

    async def test_once_the_board_considers_a_withdrawal_the_owner_is_told_so_on_the_card(self, village):
        dream_id = await in_the_bank(village)
        await run(village, lambda uow: dreams.propose_withdrawal(uow, village.clock, village.anna, dream_id))

        shown = await card(village, village.anna, dream_id)

        assert Action.WITHDRAW not in allowed(shown)
        assert shown.act(Action.WITHDRAW).refused == await refusal(
            village, lambda uow: dreams.propose_withdrawal(uow, village.clock, village.anna, dream_id))
        assert shown.act(Action.WITHDRAW).refused.msgid == "The board is already considering “{title}”."

    async def test_the_owner_amends_once_the_board_asks_for_more(self, village):
        dream_id = await village.deposit()
        review = await village.review_of(dream_id)
        for member, why in ((village.bjorn, "Where exactly?"), (village.cecilie, "How big?")):
            await run(village, lambda uow, m=member, w=why: reviews.cast_vote(uow, village.clock, m, review.id,
                                                                              Choice.MORE_INFO, w))

        shown = await card(village, village.anna, dream_id)

        assert allowed(shown) == {Action.AMEND, Action.RETRACT, Action.NEEDS}
        assert shown.act(Action.WITHDRAW).refused == await refusal(
            village, lambda uow: dreams.propose_withdrawal(uow, village.clock, village.anna, dream_id))
        assert "Where exactly?\nHow big?" in [getattr(line, "params", {}).get("reason") for line in shown.body]

    async def test_the_board_and_the_bank_manager_like_and_help_as_any_neighbour(self, village):
        dream_id = await in_the_bank(village)

        for member in (village.bjorn, village.eva):
            shown = await card(village, member, dream_id)
            assert offered(shown) == allowed(shown) == {Action.LIKE, Action.PLEDGE, Action.FOLLOW, Action.COMMENTS}

    async def test_a_dream_that_became_a_project_opens_it_for_anyone(self, village):
        dream_id, project_id = await a_project(village)

        shown = await card(village, None, dream_id)

        assert shown.act(Action.OPEN_PROJECT).allowed and shown.act(Action.OPEN_PROJECT).args == (str(project_id),)

    async def test_a_board_member_reads_a_deposited_dream_but_may_do_nothing_with_it(self, village):
        dream_id = await village.deposit()

        shown = await card(village, village.bjorn, dream_id)

        assert offered(shown) == set()

    async def test_a_like_given_is_drawn_pressed_and_a_second_press_is_refused_by_the_use_case(self, village):
        dream_id = await in_the_bank(village)
        await run(village, lambda uow: bank.like_dream(uow, village.clock, village.frida, dream_id))

        shown = await card(village, village.frida, dream_id)

        assert shown.act(Action.LIKE).pressed
        reason = await refusal(village, lambda uow: bank.like_dream(uow, village.clock, village.frida, dream_id))
        assert reason == bank.like_refusal(*(await _dream_and_project(village, dream_id)), village.frida, True)

    async def test_the_owner_cannot_take_out_a_dream_that_became_a_project(self, village):
        dream_id, _project_id = await a_project(village)

        shown = await card(village, village.anna, dream_id)

        assert offered(shown) & OWNER_ACTIONS == set() and Action.OPEN_PROJECT in allowed(shown)
        assert dreams.retract_refusal((await _dream_and_project(village, dream_id))[0], village.anna) == \
            await refusal(village, lambda uow: dreams.retract_dream(uow, village.clock, village.anna, dream_id))


class TestDreamLists:
    async def test_the_bank_comes_a_page_at_a_time_and_each_entry_opens_its_dream(self, village):
        ids = {await in_the_bank(village, title=f"Dream {n}") for n in range(PAGE_SIZE + 2)}
        async with village.db() as uow:
            found = await bank.bank_dreams(uow, village.branch.id)
            pages = [await bank.bank_page(uow, village.branch.id, BankQuery(page=n)) for n in (1, 2)]

        first, second = bank_list(village.branch, pages[0]), bank_list(village.branch, pages[1], 2)

        assert len(first.entries) == PAGE_SIZE and (first.page, first.pages, first.total) == (1, 2, PAGE_SIZE + 2)
        assert first.previous is None and (first.next.action, first.next.args) == (Action.BANK, ("2",))
        assert [e.open.args[0] for e in second.entries] == [str(d.id) for d in found[PAGE_SIZE:]]
        assert {int(e.open.args[0]) for e in first.entries + second.entries} == ids
        assert second.next is None and second.previous.args == ("1",)

    async def test_my_dreams_say_where_each_stands_and_an_empty_list_says_how_to_start(self, village):
        await village.deposit()
        async with village.db() as uow:
            mine = my_dreams(await dreams.dreams_of(uow, village.anna))
            none = my_dreams(await dreams.dreams_of(uow, village.frida))

        assert [(e.title, e.detail.msgid) for e in mine.entries] == [("A bench by the fjord", "waiting for the board")]
        assert mine.entries[0].open.action is Action.OPEN_DREAM
        assert none.entries == () and "/deposit" in none.empty.msgid


async def _dream_and_project(village, dream_id):
    async with village.db() as uow:
        return await uow.dreams.get(dream_id), await uow.projects.by_dream(dream_id)



class TestTheBanksShelf:
    def test_past_the_count_it_says_more_than_and_pages_no_further(self):
        from core.i18n import translate
        from core.model.bank import COUNT_MAX, BankPage
        from core.model.branches import Branch
        from core.views.bank import bank_shelf

        shelf = bank_shelf(Branch("fjordby", "Fjordby"), BankPage((), COUNT_MAX + 1), BankQuery(page=10 ** 6))
        exact = bank_shelf(Branch("fjordby", "Fjordby"), BankPage((), COUNT_MAX), BankQuery())

        assert translate(shelf.found, "en").startswith(f"More than {COUNT_MAX} dreams found")
        assert (shelf.page, shelf.pages) == (COUNT_MAX // PAGE_SIZE,) * 2 and exact.pages == shelf.pages
        assert translate(exact.found, "en") == f"{COUNT_MAX} dreams found"
