"""The bot's Bot API requests over aiohttp carry what PTB's own request carries, against the stand-in: messages
with their markup and keyboards, files, Telegram's refusals, and each timeout as PTB names it."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import Forbidden, NetworkError, RetryAfter, TimedOut

from bots.telegram.bot_api import BotApiRequest
from tests.standins.telegram import BotApiStandIn, Upload

TOKEN = "123456:TEST-token"
ANNA = 1001


@pytest.fixture
async def api() -> AsyncIterator[BotApiStandIn]:
    async with BotApiStandIn(token=TOKEN, username="fjordby_bot") as stand_in:
        stand_in.user(ANNA, "Anna", language_code="nb")
        yield stand_in


def bot_on(base_url: str, connections: int = 4) -> Bot:
    return Bot(TOKEN, base_url=base_url, request=BotApiRequest(connections),
               get_updates_request=BotApiRequest(1))


@pytest.fixture
async def bot(api: BotApiStandIn) -> AsyncIterator[Bot]:
    async with bot_on(api.base_url) as bot:
        yield bot


async def test_a_message_with_markup_and_a_keyboard_arrives_as_sent(api, bot):
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Liker ♥", callback_data="like:7")]])

    sent = await bot.send_message(ANNA, "<b>Drøm</b> om en benk & et tre", parse_mode=ParseMode.HTML,
                                  reply_markup=keyboard)

    assert sent.text == "Drøm om en benk & et tre" and sent.entities[0].type == "bold"
    call = api.calls_to("sendMessage")[0]
    assert call.params["chat_id"] == ANNA
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "like:7"
    assert api.last_message(ANNA)["message_id"] == sent.message_id


async def test_a_file_is_uploaded_with_its_name_and_caption(api, bot):
    content = "navn;beløp\nAnna;100\n".encode()

    sent = await bot.send_document(ANNA, document=content, filename="løfter.csv", caption="Løfter")

    upload = api.calls_to("sendDocument")[0].params["document"]
    assert isinstance(upload, Upload)
    assert (upload.filename, upload.content) == ("løfter.csv", content)
    assert sent.caption == "Løfter" and api.file_bytes(sent.document.file_id) == content


async def test_telegrams_refusals_reach_ptb_as_its_own_errors(api, bot):
    api.fail_next("sendMessage", status=429, retry_after=3)
    with pytest.raises(RetryAfter, match="Retry in 3 seconds"):
        await bot.send_message(ANNA, "for tidlig")

    api.fail_next("sendMessage", status=403)
    with pytest.raises(Forbidden):
        await bot.send_message(ANNA, "blokkert")
    assert api.messages_in(ANNA) == []


async def test_an_answer_slower_than_the_read_timeout_is_timed_out(api, bot):
    api.answer_seconds = 1.0

    with pytest.raises(TimedOut):
        await bot.send_message(ANNA, "sakte", read_timeout=0.2)


async def test_a_request_waiting_longer_than_the_pool_timeout_for_a_connection_is_not_sent(api):
    api.answer_seconds = 1.0
    async with bot_on(api.base_url, connections=1) as bot:
        first = asyncio.create_task(bot.send_message(ANNA, "først"))
        while api.unanswered == 0:  # delivered: the one connection is busy until its answer comes
            await asyncio.sleep(0.01)
        with pytest.raises(TimedOut, match="Pool timeout"):
            await bot.send_message(ANNA, "etter", pool_timeout=0.1, connect_timeout=0.1)
        assert (await first).text == "først"
    assert [m["text"] for m in api.messages_in(ANNA)] == ["først"]


async def test_no_server_at_the_address_is_a_network_error():
    with socket.socket() as taken:  # a port nothing listens on
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
    request = BotApiRequest(1)
    await request.initialize()
    try:
        with pytest.raises(NetworkError, match="aiohttp"):
            await request.post(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe")
    finally:
        await request.shutdown()


async def test_a_request_before_initialize_or_after_shutdown_is_refused_plainly(api):
    request = BotApiRequest(1)
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request(f"{api.base_url}{TOKEN}/getMe", "POST")
    await request.initialize()
    status, body = await request.do_request(f"{api.base_url}{TOKEN}/getMe", "POST")
    assert status == 200 and b"fjordby_bot" in body
    await request.shutdown()
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request(f"{api.base_url}{TOKEN}/getMe", "POST")
