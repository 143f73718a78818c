"""The bank's page through HTTP on SQLite and PostgreSQL: its orders, its need filter and search, its pages keeping
the search, only this branch's approved dreams, escaped; and the counters its orders read kept right by core."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest

from core.model.bank import BankQuery, BankSort, Pledge
from core.model.dreams import Dream, DreamState, Need
from core.usecases.bank import bank_page, like_dream, pledge_help
from core.usecases.needs import list_the_kinds, need_of_kind
from core.usecases.pledges import withdraw_pledge
from core.views.model import PAGE_SIZE
from digests.rendering.environment import TEMPLATES as DIGEST_TEMPLATES
from digests.rendering.environment import template_environment
from tests.factories import make_village
from tests.integration.test_web_portal import MARKUP, another_branch, client
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


async def shelved(db, village, title: str, minutes: int = 0, needs=(Need.TIME,), story: str = "A story.",
                  state: DreamState = DreamState.APPROVED, branch_id: int | None = None) -> Dream:
    at = village.clock.now() - timedelta(days=1) + timedelta(minutes=minutes)
    async with db() as uow:
        dream = await uow.dreams.add(Dream(branch_id or village.branch.id, village.anna.id, title, story,
                                           frozenset(needs), "", state, at, decided_at=at))
        await list_the_kinds(uow, dream)  # its needs listed, as a deposit lists them
        await uow.commit()
    return dream


async def like(db, village, dream: Dream, *names: str) -> None:
    for name in names:
        async with db() as uow:
            await like_dream(uow, village.clock, village.people[name], dream.id)
            await uow.commit()


async def pledge(db, village, dream: Dream, kind: Need, name: str = "frida") -> Pledge:
    async with db() as uow:
        made = await pledge_help(uow, village.clock, village.people[name], dream.id,
                                 (await need_of_kind(uow, dream.id, kind)).id, "Happy to help",
                                 Decimal("10") if kind is Need.MONEY else None)
        await uow.commit()
    return made


def titles(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/fjordby/dreams/\d+">([^<]*)</a></h2>', html)


async def test_each_order_lists_the_dreams_as_asked_with_their_likes_and_offers(uow_factory, village, http):
    old = await shelved(uow_factory, village, "Old", 0, (Need.TIME, Need.MONEY, Need.VENUE, Need.SKILLS))
    mid = await shelved(uow_factory, village, "Mid", 10, (Need.TIME, Need.MONEY))
    await shelved(uow_factory, village, "New", 20, (Need.TIME,))
    await like(uow_factory, village, mid, "frida", "bjorn")
    await pledge(uow_factory, village, old, Need.MONEY)
    async with http:
        newest, liked, needed = [await http.get(f"/fjordby/?sort={s}") for s in ("newest", "liked", "needed")]
        odd = await http.get("/fjordby/?sort=nonsense&need=nothing&page=x")

    assert titles(newest.text) == ["New", "Mid", "Old"] == titles(odd.text)
    assert titles(liked.text) == ["Mid", "New", "Old"]
    assert titles(needed.text) == ["Old", "Mid", "New"]
    assert "2 likes · 0 offers of help" in liked.text and "0 likes · 1 offer of help" in liked.text
    assert '<option value="liked" selected>' in liked.text and "<p class=\"found\">3 dreams found</p>" in liked.text
    assert '<label for="q">Search the dreams</label>' in newest.text
    assert '<label for="sort">Sort by</label>' in newest.text and '<label for="need">Need</label>' in newest.text


async def test_a_need_and_a_search_narrow_the_bank_and_an_empty_one_offers_to_clear_it(uow_factory, village, http):
    await shelved(uow_factory, village, "Ærlig benk", 0, (Need.MATERIALS,), story="Ved fjorden.")
    await shelved(uow_factory, village, "Garden", 10, (Need.TIME, Need.MONEY), story="Epler til alle: 100% økologisk.")
    await shelved(uow_factory, village, "Kids", 20, (Need.OTHER,), story="100 percent fun.")
    async with http:
        money = await http.get("/fjordby/?need=money")
        letters = await http.get("/fjordby/", params={"q": "ÆRLIG"})
        percent = await http.get("/fjordby/", params={"q": "100%"})
        story = await http.get("/fjordby/", params={"q": "ØKOLOGISK"})
        nothing = await http.get("/fjordby/", params={"q": "skateboard", "need": "time"})
        long = await http.get("/fjordby/", params={"q": "fjorden" + "x" * 400})

    assert titles(money.text) == ["Garden"] and '<option value="money" selected>' in money.text
    assert titles(letters.text) == ["Ærlig benk"] and 'value="ÆRLIG"' in letters.text
    assert titles(percent.text) == ["Garden"] == titles(story.text)
    assert titles(nothing.text) == [] and "0 dreams found" in nothing.text
    assert "No dream in the bank matches your search." in nothing.text
    assert '<a href="/fjordby/">Clear the search and show every dream</a>' in nothing.text
    assert long.status_code == 200 and titles(long.text) == []  # cut to 200 characters, searched as such


async def test_pages_keep_the_search_and_show_only_this_branchs_approved_dreams_escaped(uow_factory, village, http):
    elsewhere = await another_branch(uow_factory)
    await shelved(uow_factory, village, "Another branch's bench", 50, branch_id=elsewhere.id)
    await shelved(uow_factory, village, "Bench still with the board", 51, state=DreamState.DEPOSITED)
    await shelved(uow_factory, village, MARKUP + " bench", 52)
    for n in range(PAGE_SIZE + 1):
        await shelved(uow_factory, village, f"Bench number {n}", n)
    async with http:
        first = await http.get("/fjordby/", params={"q": "bench", "sort": "liked", "need": "time"})
        second = await http.get("/fjordby/", params={"q": "bench", "sort": "liked", "need": "time", "page": "2"})
        beyond = await http.get("/fjordby/", params={"q": "bench", "page": "99"})

    whole = first.text + second.text
    assert "12 dreams found" in first.text and len(titles(first.text)) == PAGE_SIZE and len(titles(second.text)) == 2
    assert 'href="?q=bench&amp;sort=liked&amp;need=time&amp;page=2" rel="next"' in first.text
    assert 'href="?q=bench&amp;sort=liked&amp;need=time&amp;page=1" rel="prev"' in second.text
    assert "Another branch" not in whole and "still with the board" not in whole
    assert "<script>alert" not in whole and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; friends" in whole
    assert "Page 2 of 2" in beyond.text and len(titles(beyond.text)) == 2


async def test_likes_and_offers_through_core_keep_the_orders_counters_right(uow_factory, village):
    both = await shelved(uow_factory, village, "Both", 0, (Need.TIME, Need.MONEY, Need.VENUE))
    one = await shelved(uow_factory, village, "One", 10, (Need.TIME, Need.SKILLS, Need.OTHER))
    await pledge(uow_factory, village, both, Need.TIME)
    await pledge(uow_factory, village, both, Need.TIME, "bjorn")  # the same need again: two still open
    await like(uow_factory, village, both, "frida", "bjorn", "cecilie")
    await like(uow_factory, village, one, "dag")

    async def order(sort: BankSort) -> list[tuple[str, int, int]]:
        async with uow_factory() as uow:
            found = await bank_page(uow, village.branch.id, BankQuery(sort))
        return [(e.dream.title, e.likes, e.pledges) for e in found.entries]

    assert await order(BankSort.LIKED) == [("Both", 3, 2), ("One", 1, 0)]
    assert await order(BankSort.NEEDED) == [("One", 1, 0), ("Both", 3, 2)]  # three open, then two
    await pledge(uow_factory, village, one, Need.SKILLS)
    await pledge(uow_factory, village, one, Need.OTHER)
    assert await order(BankSort.NEEDED) == [("Both", 3, 2), ("One", 1, 2)]  # two open, then one
    last = await pledge(uow_factory, village, one, Need.TIME)
    await pledge(uow_factory, village, both, Need.VENUE)
    assert await order(BankSort.NEEDED) == [("Both", 3, 3), ("One", 1, 3)]  # one open, then none
    async with uow_factory() as uow:  # a withdrawn offer covers nothing: the need is open again
        await withdraw_pledge(uow, village.clock, village.frida, last.id)
        await uow.commit()
    assert await order(BankSort.NEEDED) == [("One", 1, 2), ("Both", 3, 3)]  # one open each, the newer first
