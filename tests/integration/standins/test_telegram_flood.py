"""The Bot API stand-in enforces Telegram's flood limits exactly, and counts what got through."""

from __future__ import annotations

import asyncio
import datetime as dtm
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.request import HTTPXRequest

from tests.standins.telegram import BotApiStandIn, FloodLimits, client_ssl_context

TOKEN = "123456:TEST-token"
ANNA = 1001
BJORN = 1002
GROUP = -1001234567890
CHANNEL = -1009876543210
ONE_SECOND = dtm.timedelta(seconds=1)


class FakeClock:
    """A clock for the limiter that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def at(self, offset: float) -> None:
        self.now = 1000.0 + offset


@pytest.fixture(autouse=True)
def retry_after_as_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # python-telegram-bot 22's coming default


def bot_for(api: BotApiStandIn) -> Bot:
    return Bot(TOKEN, base_url=api.base_url, request=HTTPXRequest(httpx_kwargs={"verify": client_ssl_context()}))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


async def started(api: BotApiStandIn) -> BotApiStandIn:
    await api.start()
    api.user(ANNA, "Anna", language_code="nb")
    api.user(BJORN, "Bjørn")
    api.group(GROUP, "Fjordby")
    api.channel(CHANNEL, "Fjordby nytt")
    return api


@pytest.fixture
async def limited() -> AsyncIterator[BotApiStandIn]:
    """Telegram's own limits, on the real clock."""
    api = await started(BotApiStandIn(token=TOKEN, limits=FloodLimits()))
    try:
        yield api
    finally:
        await api.stop()


async def outcomes(bot: Bot, sends: list[tuple[int, str]]) -> list[dtm.timedelta | None]:
    """Send one after another: None for a delivered message, retry_after for a refused one."""
    results: list[dtm.timedelta | None] = []
    for chat_id, text in sends:
        try:
            await bot.send_message(chat_id, text)
            results.append(None)
        except RetryAfter as flood:
            results.append(flood.retry_after)
    return results


# -- the limits, on the real clock ------------------------------------------------------------


async def test_the_31st_send_within_a_second_gets_retry_after_even_to_40_different_chats(limited):
    chats = limited.users_bulk(2001, 40)

    async with bot_for(limited) as bot:
        results = await outcomes(bot, [(chat_id, "Nytt prosjekt") for chat_id in chats])

    times = limited.flood_stats.times()
    assert times[-1] - times[0] < 1, "the sends took over a second; the test machine is too slow"
    assert results == [None] * 30 + [ONE_SECOND] * 10
    refused = [call for call in limited.calls_to("sendMessage") if not call.ok]
    assert [(call.params["chat_id"], call.error_code) for call in refused] == [(c, 429) for c in chats[30:]]
    assert refused[0].description == "Too Many Requests: retry after 1"
    assert [limited.delivered_count(c) for c in (chats[29], chats[30], chats[39])] == [1, 0, 0]
    assert (limited.flood_stats.accepted, limited.flood_stats.rejected_429) == (30, 10)
    assert limited.max_rate(1.0) == 30


async def test_concurrent_sends_get_exactly_the_per_bot_allowance(limited):
    chats = limited.users_bulk(2001, 40)

    async with bot_for(limited) as bot:
        results = await asyncio.gather(
            *(bot.send_message(chat_id, "Samtidig") for chat_id in chats), return_exceptions=True
        )

    assert sum(not isinstance(result, Exception) for result in results) == 30
    assert all(isinstance(result, RetryAfter) for result in results if isinstance(result, Exception))
    assert limited.max_rate(1.0) == 30


async def test_a_second_rapid_send_to_one_private_chat_gets_retry_after_1(limited):
    async with bot_for(limited) as bot:
        results = await outcomes(bot, [(ANNA, "Hei"), (BJORN, "Hei"), (ANNA, "Hei igjen")])

    assert results == [None, None, ONE_SECOND]
    assert [m["text"] for m in limited.messages_in(ANNA)] == ["Hei"]
    assert limited.delivered_count(ANNA) == 1


async def test_the_21st_message_to_a_group_within_a_minute_gets_retry_after(limited):
    async with bot_for(limited) as bot:
        results = await outcomes(bot, [(GROUP, f"Melding {n}") for n in range(21)] + [(CHANNEL, "Kanal")])

    assert results[:20] == [None] * 20 and results[21] is None  # the channel has its own allowance
    assert ONE_SECOND <= results[20] <= dtm.timedelta(seconds=60)
    assert limited.delivered_count(GROUP) == 20


async def test_the_refusal_has_telegrams_shape(limited):
    async with httpx.AsyncClient(verify=client_ssl_context()) as client:
        url = f"{limited.base_url}{TOKEN}/sendMessage"
        first = await client.post(url, json={"chat_id": ANNA, "text": "en"})
        second = await client.post(url, json={"chat_id": ANNA, "text": "to"})

    assert first.status_code == 200
    assert (second.status_code, second.json()) == (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 1",
            "parameters": {"retry_after": 1},
        },
    )
    assert limited.calls[-1].error_code == 429 and limited.calls[-1].params["text"] == "to"


# -- the exact rule, on a clock the test moves ------------------------------------------------


async def test_retry_after_is_the_wait_until_the_oldest_call_leaves_the_window(clock):
    api = await started(BotApiStandIn(token=TOKEN, limits=FloodLimits(per_bot=3), clock=clock))
    try:
        async with bot_for(api) as bot:
            clock.at(0.0)
            assert await outcomes(bot, [(ANNA, "a")]) == [None]
            clock.at(0.25)
            assert await outcomes(bot, [(BJORN, "b"), (GROUP, "c"), (GROUP, "d")]) == [None, None, ONE_SECOND]
            clock.at(0.75)
            assert await outcomes(bot, [(GROUP, "e")] * 5) == [ONE_SECOND] * 5  # refusals are not counted
            clock.at(1.0)  # the call at 0.0 has left (t - 1 s, t]; those at 0.25 have not
            assert await outcomes(bot, [(GROUP, "f"), (GROUP, "g")]) == [None, ONE_SECOND]
            clock.at(1.25)
            assert await outcomes(bot, [(ANNA, "h"), (BJORN, "i")]) == [None, None]
    finally:
        await api.stop()

    assert (api.flood_stats.accepted, api.flood_stats.rejected_429) == (6, 7)
    assert api.max_rate(1.0) == 3
    assert api.flood_stats.times(GROUP) == [1000.25, 1001.0]


async def test_the_group_window_is_a_minute_and_retry_after_rounds_up(clock):
    api = await started(BotApiStandIn(token=TOKEN, limits=FloodLimits(), clock=clock))
    try:
        async with bot_for(api) as bot:
            for n in range(20):
                clock.at(n * 0.5)
                assert await outcomes(bot, [(GROUP, f"m{n}")]) == [None]
            clock.at(30.2)
            assert await outcomes(bot, [(GROUP, "late")]) == [dtm.timedelta(seconds=30)]  # 60 - 30.2 = 29.8
            clock.at(59.5)
            assert await outcomes(bot, [(GROUP, "later")]) == [ONE_SECOND]
            clock.at(60.0)
            assert await outcomes(bot, [(GROUP, "now"), (GROUP, "again")]) == [None, ONE_SECOND]
            clock.at(61.0)  # those at 0.5 and 1.0 have left too
            assert await outcomes(bot, [(GROUP, "ok"), (ANNA, "ok")]) == [None, None]
    finally:
        await api.stop()

    assert api.delivered_count(GROUP) == 22
    assert api.max_rate(60.0, GROUP) == 20


async def test_edits_count_against_the_chat_limit_and_a_second_later_they_pass(clock):
    api = await started(BotApiStandIn(token=TOKEN, limits=FloodLimits(), clock=clock))
    try:
        async with bot_for(api) as bot:
            sent = await bot.send_message(ANNA, "Stem")
            with pytest.raises(RetryAfter) as flood:
                await bot.edit_message_text("Takk!", ANNA, sent.message_id)
            assert flood.value.retry_after == ONE_SECOND
            assert api.last_message(ANNA)["text"] == "Stem"
            clock.at(1.0)
            await bot.edit_message_text("Takk!", ANNA, sent.message_id)
    finally:
        await api.stop()

    assert api.last_message(ANNA)["text"] == "Takk!"
    assert api.delivered_count(ANNA) == 1  # an edit is no delivery
    assert api.flood_stats.accepted == 2


async def test_scale_10_allows_300_sends_a_second_and_10_to_one_chat(clock):
    limits = FloodLimits(scale=10)
    assert (limits.bot_capacity, limits.chat_capacity, limits.group_capacity) == (300, 10, 200)
    api = await started(BotApiStandIn(token=TOKEN, limits=limits, clock=clock))
    chats = api.users_bulk(5000, 301)
    try:
        async with bot_for(api) as bot:
            assert await outcomes(bot, [(chat_id, "x") for chat_id in chats]) == [None] * 300 + [ONE_SECOND]
            clock.at(1.0)
            assert await outcomes(bot, [(ANNA, f"{n}") for n in range(11)]) == [None] * 10 + [ONE_SECOND]
    finally:
        await api.stop()

    assert api.max_rate(1.0) == 300 and api.max_rate(1.0, ANNA) == 10


def test_limits_scale_together_and_must_allow_a_call_per_window():
    assert FloodLimits(scale=2.5).chat_capacity == 2
    assert FloodLimits(per_bot=50, per_chat=2, scale=0.58).bot_capacity == 29  # 50 * 0.58 is 28.999999999999996
    assert FloodLimits(per_bot=100).bot_capacity == 100
    with pytest.raises(ValueError, match="per_chat"):
        FloodLimits(scale=0.5)


# -- what counts ------------------------------------------------------------------------------


async def test_sends_and_edits_are_counted_and_other_calls_are_not(clock):
    api = await started(BotApiStandIn(token=TOKEN, clock=clock))
    try:
        async with bot_for(api) as bot:
            sent = await bot.send_message(ANNA, "Hei")
            with pytest.raises(BadRequest, match="Message is not modified"):  # refused by the method: counted
                await bot.edit_message_reply_markup(ANNA, sent.message_id)
            await bot.send_document(BJORN, document=b"a;b\n", filename="liste.csv")
            await bot.send_chat_action(ANNA, "typing")
            await bot.get_chat(ANNA)
            api.block(BJORN)
            api.fail_next("sendMessage", status=502, chat_id=ANNA)
            with pytest.raises(Forbidden):  # blocked: counted
                await bot.send_message(BJORN, "Hei")
            with pytest.raises(BadRequest, match="Chat not found"):  # not counted
                await bot.send_message(424242, "Hei")
            with pytest.raises(NetworkError, match="Bad Gateway"):  # injected: not counted
                await bot.send_message(ANNA, "Hei")
    finally:
        await api.stop()

    assert api.flood_stats.accepted == 4
    assert api.flood_stats.times(ANNA) == [1000.0, 1000.0] and len(api.flood_stats.times(BJORN)) == 2
    assert (api.delivered_count(ANNA), api.delivered_count(BJORN)) == (1, 1)


# -- reading the counts -----------------------------------------------------------------------


async def test_max_rate_finds_the_busiest_window_exactly(clock):
    api = await started(BotApiStandIn(token=TOKEN, clock=clock))
    try:
        async with bot_for(api) as bot:
            for offset, chat_id in [
                (0.0, ANNA),
                (0.25, BJORN),
                (0.75, BJORN),
                (1.0, ANNA),
                (1.125, ANNA),
                (2.5, GROUP),
            ]:
                clock.at(offset)
                await bot.send_message(chat_id, f"t={offset}")
    finally:
        await api.stop()

    assert api.max_rate(1.0) == 4  # (0.125, 1.125]; 0.0 and 1.0 never share a window
    assert api.max_rate(0.5) == 3  # (0.625, 1.125]
    assert api.max_rate(60.0) == 6
    assert api.max_rate(1.0, ANNA) == 2 and api.max_rate(1.0, GROUP) == 1 and api.max_rate(1.0, 5555) == 0
    assert api.flood_stats.times(ANNA) == [1000.0, 1001.0, 1001.125]
    assert api.flood_stats.per_chat_max_rate == 2


async def test_duplicates_lists_each_text_delivered_twice_to_a_chat(limited):
    limited.limits = None
    async with bot_for(limited) as bot:
        for chat_id, text in [(ANNA, "a"), (ANNA, "b"), (ANNA, "a"), (ANNA, "a"), (BJORN, "a"), (GROUP, "c")]:
            await bot.send_message(chat_id, text)
        await bot.send_message(GROUP, "C")
        await bot.send_document(BJORN, document=b"x", filename="a.txt", caption="a")
        sent = await bot.send_message(GROUP, "c")
        await bot.delete_message(GROUP, sent.message_id)  # deleting does not undo a delivery

    assert limited.duplicates() == {ANNA: ["a"], GROUP: ["c"], BJORN: ["a"]}
    assert limited.duplicates(key=lambda message: message.get("text", "").lower() or None) == {
        ANNA: ["a"],
        GROUP: ["c"],
    }
    assert [limited.delivered_count(c) for c in (ANNA, BJORN, GROUP, CHANNEL)] == [4, 2, 3, 0]


async def test_a_refused_send_is_no_delivery_and_no_duplicate(limited):
    async with bot_for(limited) as bot:
        assert await outcomes(bot, [(ANNA, "Hei"), (ANNA, "Hei")]) == [None, ONE_SECOND]

    assert limited.duplicates() == {}
    assert limited.delivered_count(ANNA) == 1


async def test_without_limits_nothing_is_refused_but_sends_are_counted():
    async with BotApiStandIn(token=TOKEN) as api:
        assert api.limits is None
        api.user(ANNA, "Anna")
        async with bot_for(api) as bot:
            for n in range(40):
                await bot.send_message(ANNA, f"{n}")

    assert all(call.ok for call in api.calls) and len(api.calls_to("sendMessage")) == 40
    assert (api.flood_stats.accepted, api.flood_stats.rejected_429) == (40, 0)
    assert api.max_rate(1.0, ANNA) == 40 and api.delivered_count(ANNA) == 40


# -- big broadcasts ---------------------------------------------------------------------------


async def test_record_calls_false_keeps_only_counts_and_failures():
    async with BotApiStandIn(token=TOKEN, record_calls=False, limits=FloodLimits(scale=1000)) as api:
        chats = api.users_bulk(10_000, 300)
        api.forget_chat(chats[-1])
        api.block(chats[-2])
        async with bot_for(api) as bot:
            first = await bot.send_message(chats[0], "hei 0")
            for n, chat_id in enumerate(chats[1:-2], start=1):
                await bot.send_message(chat_id, f"hei {n}")
            await bot.send_message(chats[0], "hei 0")
            with pytest.raises(Forbidden):
                await bot.send_message(chats[-2], "hei")
            with pytest.raises(BadRequest, match="Chat not found"):
                await bot.send_message(chats[-1], "hei")
            with pytest.raises(BadRequest, match="Message to edit not found"):  # not kept, so not editable
                await bot.edit_message_text("endret", chats[0], first.message_id)

    assert (first.chat.id, first.message_id, first.text) == (chats[0], 1, "hei 0")
    assert [(call.method, call.error_code) for call in api.calls] == [
        ("getMe", None),
        ("sendMessage", 403),
        ("sendMessage", 400),
        ("editMessageText", 400),
    ]
    assert api.delivered_count(chats[0]) == 2 and api.delivered_count(chats[1]) == 1
    assert sum(api.delivered_count(c) for c in chats) == 299
    assert api.messages_in(chats[0]) == []
    assert api.duplicates() == {chats[0]: ["hei 0"]}
    with pytest.raises(RuntimeError, match="record_calls=True"):
        api.duplicates(key=lambda message: message["text"])


async def test_bulk_users_are_chats_like_any_other():
    async with BotApiStandIn(token=TOKEN) as api:
        chats = api.users_bulk(10_000, 100_000, language_code="nb")
        api.group(GROUP, "Fjordby")
        async with bot_for(api) as bot:
            chat = await bot.get_chat(10_005)
            assert (chat.id, chat.type, chat.first_name) == (10_005, "private", "User 10005")
            with pytest.raises(BadRequest, match="Chat not found"):
                await bot.get_chat(chats.stop)
            api.send_text(chats[-1], "/start", chat=GROUP)
            [update] = await bot.get_updates()
            assert (update.message.from_user.id, update.message.from_user.language_code) == (chats[-1], "nb")
            assert (await bot.get_chat_member(GROUP, chats[-1])).status == "member"
            api.forget_chat(10_005)
            with pytest.raises(BadRequest, match="Chat not found"):
                await bot.send_message(10_005, "hei")
            api.user(10_005, "Eva")
            assert (await bot.send_message(10_005, "hei")).chat.first_name == "Eva"

    assert len(api.chats) == 2 and len(api.users) == 1
