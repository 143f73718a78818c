"""Offers of help and a dream's needs on the web, on SQLite and PostgreSQL: "My offers" lists a member's own, each on
its page to change or withdraw; the owner answers an offer from the list of their dream's offers and changes the
dream's needs on their page, each change a whole form as in chat; nobody else finds an offer or answers it."""

from __future__ import annotations

import re

from markupsafe import escape

from core.model.bank import Pledge, PledgeState
from core.model.dreams import Need
from core.model.notices import NoticeKind
from tests.integration.test_web_acting import MARKUP, a_dream, app, client, forms, post, signed_in, village

__all__ = ["app", "village"]  # the fixtures, as the members who act on the web use them

ESCAPED = str(escape(MARKUP))


async def offered(db, village, dream, who: str = "bjorn", text: str = MARKUP) -> int:
    """An offer of help to the dream's one need; its number."""
    async with db() as uow:
        [need] = await uow.needs.of_dream(dream.id)
        pledge = await uow.bank.add_pledge(Pledge(dream.id, village.people[who].id, Need.TIME, text, None,
                                                  village.clock.now(), need_id=need.id))
        await uow.commit()
    return pledge.id


async def test_my_offers_lists_them_and_each_opens_its_page_to_change_or_withdraw(uow_factory, village, app):
    dream = await a_dream(uow_factory, village)
    number = await offered(uow_factory, village, dream)
    async with await signed_in(uow_factory, village, app, "bjorn") as bjorn:
        mine = await bjorn.get("/fjordby/pledges")
        shown = await bjorn.get(f"/fjordby/pledges/{number}")
        on_dream = await bjorn.get(f"/fjordby/dreams/{dream.id}")
        change = await post(bjorn, forms(shown.text)["Change my offer"])
        asked = next(f for f in forms(change.text).values() if f[0] == "/fjordby/form")
        changed = await post(bjorn, asked, description="Two Saturdays of carpentry.")
        after = await bjorn.get(changed.headers["location"])
        withdrawn = await post(bjorn, forms(after.text)["Withdraw my offer"])
        gone = await bjorn.get(withdrawn.headers["location"])
    assert mine.status_code == 200 and mine.headers["cache-control"] == "private, no-store"
    assert 'href="/fjordby/pledges" aria-current="page"' in mine.text
    assert f'href="/fjordby/pledges/{number}"' in mine.text and "A bench by the fjord" in mine.text
    assert ESCAPED in shown.text and MARKUP not in shown.text
    assert f'href="/fjordby/pledges/{number}"' in on_dream.text  # "Your offer: …" opens its page
    assert change.status_code == 200 and 'name="description"' in change.text
    assert changed.status_code == 303 and changed.headers["location"] == f"/fjordby/pledges/{number}"
    assert "Two Saturdays of carpentry." in after.text
    assert "Your offer of help is withdrawn" in gone.text and "withdrawn" in gone.text
    async with uow_factory() as uow:
        pledge = await uow.bank.pledge(number)
        told = [n.kind for n in await uow.outbox.pending_for(village.anna.id)]
    assert pledge.state is PledgeState.WITHDRAWN and pledge.description == "Two Saturdays of carpentry."
    assert told.count(NoticeKind.PLEDGE_CHANGED) == 2  # the owner heard of the change and of the withdrawal


async def test_the_owner_answers_an_offer_from_the_list_of_their_dreams_offers(uow_factory, village, app):
    dream = await a_dream(uow_factory, village)
    number = await offered(uow_factory, village, dream)
    async with await signed_in(uow_factory, village, app, "anna") as anna:
        on_dream = await anna.get(f"/fjordby/dreams/{dream.id}")
        offers = await anna.get(f"/fjordby/dreams/{dream.id}/pledges")
        shown = await anna.get(f"/fjordby/pledges/{number}")
        accepted = await post(anna, forms(shown.text)["Accept"])
        after = await anna.get(accepted.headers["location"])
    assert f'href="/fjordby/dreams/{dream.id}/pledges"' in on_dream.text
    assert offers.status_code == 200 and f'href="/fjordby/pledges/{number}"' in offers.text
    assert village.bjorn.display_name in offers.text
    assert "You accepted the offer; its pledger has been told." in after.text
    async with uow_factory() as uow:
        assert (await uow.bank.pledge(number)).state is PledgeState.ACCEPTED
        told = [n.kind for n in await uow.outbox.pending_for(village.bjorn.id)]
    assert NoticeKind.PLEDGE_ANSWERED in told


async def test_nobody_else_finds_an_offer_or_the_list_of_a_dreams_offers(uow_factory, village, app):
    dream = await a_dream(uow_factory, village)
    number = await offered(uow_factory, village, dream)
    async with await signed_in(uow_factory, village, app, "frida") as frida:
        someone_elses = await frida.get(f"/fjordby/pledges/{number}")
        not_hers = await frida.get(f"/fjordby/dreams/{dream.id}/pledges")
    async with client(app) as visitor:
        asked = await visitor.get("/fjordby/pledges")
        one = await visitor.get(f"/fjordby/pledges/{number}")
    assert someone_elses.status_code == 404 and MARKUP not in someone_elses.text
    assert not_hers.status_code == 403 and village.bjorn.display_name not in not_hers.text
    assert asked.status_code == one.status_code == 200 and 'href="/signin"' in asked.text
    assert ESCAPED not in one.text


async def test_the_owner_adds_changes_and_removes_needs_on_the_needs_page(uow_factory, village, app):
    dream = await a_dream(uow_factory, village)
    async with await signed_in(uow_factory, village, app, "anna") as anna:
        on_dream = await anna.get(f"/fjordby/dreams/{dream.id}")
        shown = await anna.get(f"/fjordby/dreams/{dream.id}/needs")
        add = await post(anna, forms(shown.text)["+ Need"])
        asked = next(f for f in forms(add.text).values() if f[0] == "/fjordby/form")
        refused = await post(anna, asked, kind="money", description="", amount="")
        again = next(f for f in forms(refused.text).values() if f[0] == "/fjordby/form")
        added = await post(anna, again, kind="money", description=MARKUP, amount="2500")
        after = await anna.get(added.headers["location"])
        pick = await post(anna, forms(after.text)["Remove a need"])
        money = next(label for label in forms(pick.text) if label.startswith("money"))
        removed = await post(anna, forms(pick.text)[money])
        last = await anna.get(removed.headers["location"])
    assert f'href="/fjordby/dreams/{dream.id}/needs"' in on_dream.text
    assert shown.status_code == 200 and "+ Need" in forms(shown.text)
    assert add.status_code == 200 and 'name="kind"' in add.text and 'name="amount"' in add.text
    assert refused.status_code == 422 and 'aria-invalid="true"' in refused.text
    assert added.status_code == 303 and added.headers["location"] == f"/fjordby/dreams/{dream.id}/needs"
    assert ESCAPED in after.text and MARKUP not in after.text
    assert pick.status_code == 200 and "Which need comes off the list?" in pick.text
    assert "The need is off the list." in last.text and ESCAPED not in last.text
    async with uow_factory() as uow:
        assert [n.kind for n in await uow.needs.of_dream(dream.id)] == [Need.TIME]


async def test_a_visitor_sees_a_dreams_needs_and_nothing_to_change(uow_factory, village, app):
    dream = await a_dream(uow_factory, village)
    async with client(app) as visitor:
        shown = await visitor.get(f"/fjordby/dreams/{dream.id}/needs")
        elsewhere = await visitor.get(f"/elvdal/dreams/{dream.id}/needs")
    assert shown.status_code == 200 and re.search(r"time", shown.text)
    assert "+ Need" not in shown.text and "/fjordby/press" not in shown.text
    assert elsewhere.status_code == 404
