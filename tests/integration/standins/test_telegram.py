"""The Bot API stand-in answers the real python-telegram-bot library as Telegram would."""

from __future__ import annotations

import asyncio
import datetime as dtm
import socket
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from telegram import (
    Bot,
    BotCommand,
    ChatFullInfo,
    ChatInviteLink,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import MessageEntityType, ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes
from telegram.request import HTTPXRequest

from tests.standins.telegram import NOT_MODIFIED, BotApiStandIn, Upload, client_ssl_context, parse_html, serve_asgi

TOKEN = "123456:TEST-token"
ANNA = 1001
GROUP = -1001234567890


def as_reported(description: str) -> str:
    """What python-telegram-bot makes of a Telegram description: the prefix gone, capitalised."""
    stripped = description.removeprefix("Bad Request: ")
    return stripped.capitalize() if stripped != description else description


@pytest.fixture
async def api() -> AsyncIterator[BotApiStandIn]:
    async with BotApiStandIn(token=TOKEN, username="fjordby_bot") as stand_in:
        stand_in.user(ANNA, "Anna", language_code="nb", username="anna_f")
        yield stand_in


def bot_for(api: BotApiStandIn, token: str = TOKEN) -> Bot:
    """A real telegram.Bot talking to the stand-in (sharing one TLS context keeps set-up quick)."""
    return Bot(
        token,
        base_url=api.base_url,
        base_file_url=api.base_file_url,
        request=HTTPXRequest(httpx_kwargs={"verify": client_ssl_context()}),
        get_updates_request=HTTPXRequest(httpx_kwargs={"verify": client_ssl_context()}),
    )


@pytest.fixture
async def bot(api: BotApiStandIn) -> AsyncIterator[Bot]:
    async with bot_for(api) as bot:
        yield bot


def keyboard(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(list(rows))


# -- identity and transport ---------------------------------------------------------------------


async def test_get_me_introduces_the_bot_by_its_token_number_and_username(api, bot):
    me = await bot.get_me()

    assert (me.id, me.is_bot, me.username) == (123456, True, "fjordby_bot")
    assert bot.username == "fjordby_bot"
    assert api.calls_to("getMe")[0].ok


async def test_a_wrong_token_is_unauthorized_and_an_unknown_method_is_not_found(api):
    async with httpx.AsyncClient(verify=client_ssl_context()) as client:
        wrong = await client.post(f"{api.base_url}654321:nope/getMe")
        unknown = await client.post(f"{api.base_url}{TOKEN}/sendTelepathy")

    assert (wrong.status_code, wrong.json()) == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    assert (unknown.status_code, unknown.json()) == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found"},
    )
    with pytest.raises(InvalidToken):
        async with bot_for(api, "654321:nope"):
            pass


async def test_json_form_and_query_parameters_and_any_method_case_are_understood(api):
    url = f"{api.base_url}{TOKEN}"
    async with httpx.AsyncClient(verify=client_ssl_context()) as client:
        as_json = await client.post(f"{url}/sendmessage", json={"chat_id": ANNA, "text": "one"})
        as_form = await client.post(
            f"{url}/SENDMESSAGE",
            data={
                "chat_id": str(ANNA),
                "text": "2",
                "reply_markup": '{"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}',
            },
        )
        as_query = await client.get(f"{url}/sendMessage", params={"chat_id": ANNA, "text": "three"})

    assert [response.json()["result"]["text"] for response in (as_json, as_form, as_query)] == ["one", "2", "three"]
    calls = api.calls_to("sendMessage")
    assert [call.method for call in calls] == ["sendMessage"] * 3
    assert calls[1].params == {
        "chat_id": ANNA,
        "text": "2",
        "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
    }
    assert calls[2].http_method == "GET"


# -- sending and editing ------------------------------------------------------------------------


async def test_a_message_with_html_and_an_inline_keyboard_round_trips(api, bot):
    markup = keyboard(
        [InlineKeyboardButton("Ja", callback_data="vote:yes"), InlineKeyboardButton("Nei", callback_data="vote:no")],
        [InlineKeyboardButton("Les mer", url="https://example.org/dream/7")],
    )

    sent = await bot.send_message(
        ANNA,
        '<b>Drøm</b> &amp; <i>plan</i> 😀 <a href="https://example.org">her</a>',
        parse_mode=ParseMode.HTML,
        reply_markup=markup,
    )

    assert isinstance(sent, Message)
    assert sent.text == "Drøm & plan 😀 her"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [
        (MessageEntityType.BOLD, 0, 4),
        (MessageEntityType.ITALIC, 7, 4),
        (MessageEntityType.TEXT_LINK, 15, 3),  # the emoji counts two UTF-16 units
    ]
    assert sent.entities[2].url == "https://example.org"
    assert sent.reply_markup == markup
    assert sent.from_user.id == 123456 and sent.chat.id == ANNA and sent.chat.type == "private"
    assert sent.date.tzinfo is not None

    [call] = api.calls_to("sendMessage")
    assert call.params["reply_markup"] == markup.to_dict()
    assert call.params["chat_id"] == ANNA and call.params["parse_mode"] == "HTML"
    assert api.buttons(api.last_message(ANNA)) == [
        [("Ja", "vote:yes"), ("Nei", "vote:no")],
        [("Les mer", "https://example.org/dream/7")],
    ]


async def test_message_ids_increase_per_chat(api, bot):
    api.group(GROUP, "Fjordby")

    ids = [(await bot.send_message(chat, "hei")).message_id for chat in (ANNA, ANNA, GROUP, ANNA)]

    assert ids == [1, 2, 1, 3]
    assert [m["message_id"] for m in api.messages_in(ANNA)] == [1, 2, 3]


async def test_editing_a_message_changes_it_and_an_identical_edit_is_refused(api, bot):
    markup = keyboard([InlineKeyboardButton("Ja", callback_data="yes")])
    sent = await bot.send_message(ANNA, "Vil du?", reply_markup=markup)

    edited = await bot.edit_message_text(
        "<b>Takk!</b>", ANNA, sent.message_id, parse_mode=ParseMode.HTML, reply_markup=markup
    )

    assert edited.text == "Takk!" and edited.edit_date is not None
    assert api.messages_in(ANNA)[0]["text"] == "Takk!"
    with pytest.raises(BadRequest) as same:
        await bot.edit_message_text(
            "<b>Takk!</b>", ANNA, sent.message_id, parse_mode=ParseMode.HTML, reply_markup=markup
        )
    assert same.value.message == as_reported(NOT_MODIFIED)

    # an edit without reply_markup takes the keyboard away, as in Telegram
    await bot.edit_message_text("Takk!", ANNA, sent.message_id)
    assert "reply_markup" not in api.last_message(ANNA)

    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", ANNA, 999)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_reply_markup(ANNA, 999, reply_markup=markup)


async def test_edit_message_reply_markup_swaps_the_keyboard(api, bot):
    sent = await bot.send_message(
        ANNA, "Vil du?", reply_markup=keyboard([InlineKeyboardButton("Ja", callback_data="yes")])
    )

    edited = await bot.edit_message_reply_markup(
        ANNA, sent.message_id, reply_markup=keyboard([InlineKeyboardButton("Angre", callback_data="undo")])
    )

    assert edited.reply_markup.inline_keyboard[0][0].callback_data == "undo"
    assert api.buttons(api.message(ANNA, sent.message_id)) == [[("Angre", "undo")]]
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(
            ANNA, sent.message_id, reply_markup=keyboard([InlineKeyboardButton("Angre", callback_data="undo")])
        )


@pytest.mark.parametrize(
    ("html", "description"),
    [
        ("<p>avsnitt</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("<br/>", 'Unsupported start tag "br/" at byte offset 0'),
        ("<b>fet", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("æ&nbsp;ø", 'Unsupported HTML entity "&nbsp;" at byte offset 2'),
        ('<span class="red">x</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ],
)
async def test_invalid_html_is_refused_with_telegrams_description(api, bot, html, description):
    with pytest.raises(BadRequest) as refused:
        await bot.send_message(ANNA, html, parse_mode=ParseMode.HTML)

    assert refused.value.message == as_reported(f"Bad Request: can't parse entities: {description}")
    assert api.calls_to("sendMessage")[0].error_code == 400
    assert api.messages_in(ANNA) == []


async def test_valid_telegram_html_is_accepted_with_its_entities(api, bot):
    sent = await bot.send_message(
        ANNA,
        'Tom & Jerry &#128512; &lt;3 <span class="tg-spoiler">s</span> <tg-spoiler>t</tg-spoiler> '
        "<u>u</u> <s>v</s> <code>w</code> <blockquote expandable>q</blockquote>"
        '<pre><code class="language-python">print(1)</code></pre>',
        parse_mode=ParseMode.HTML,
    )

    assert sent.text == "Tom & Jerry 😀 <3 s t u v w qprint(1)"
    kinds = [(e.type, e.language) for e in sent.entities]
    assert kinds == [
        (MessageEntityType.SPOILER, None),
        (MessageEntityType.SPOILER, None),
        (MessageEntityType.UNDERLINE, None),
        (MessageEntityType.STRIKETHROUGH, None),
        (MessageEntityType.CODE, None),
        (MessageEntityType.EXPANDABLE_BLOCKQUOTE, None),
        (MessageEntityType.PRE, "python"),
    ]


async def test_length_is_counted_after_removing_tags_and_unescaping(api, bot):
    fits = await bot.send_message(ANNA, "<b>" + "&amp;" * 4096 + "</b>", parse_mode=ParseMode.HTML)
    assert len(fits.text) == 4096

    with pytest.raises(BadRequest) as too_long:
        await bot.send_message(ANNA, "a" * 4097)
    assert too_long.value.message == "Message is too long"

    with pytest.raises(BadRequest) as empty:
        await bot.send_message(ANNA, "<b> </b>\n", parse_mode=ParseMode.HTML)
    assert empty.value.message == "Message text is empty"


async def test_oversize_callback_data_and_buttons_without_an_action_are_refused(api, bot):
    await bot.send_message(
        ANNA, "64 bytes", reply_markup=keyboard([InlineKeyboardButton("ok", callback_data="æ" * 32)])
    )

    with pytest.raises(BadRequest) as oversize:
        await bot.send_message(
            ANNA, "66 bytes", reply_markup=keyboard([InlineKeyboardButton("no", callback_data="æ" * 33)])
        )
    assert oversize.value.message == as_reported("Bad Request: BUTTON_DATA_INVALID")

    with pytest.raises(BadRequest) as bare:
        await bot.send_message(ANNA, "bare", reply_markup=keyboard([InlineKeyboardButton("bare")]))
    assert bare.value.message.startswith("Can't parse inline keyboard button: ")


async def test_sending_to_an_unknown_or_forgotten_chat_is_chat_not_found(api, bot):
    api.group(GROUP, "Fjordby")
    await bot.send_message(GROUP, "hei")
    api.forget_chat(GROUP)

    for chat_id in (GROUP, 424242):
        with pytest.raises(BadRequest) as missing:
            await bot.send_message(chat_id, "hallo?")
        assert missing.value.message == "Chat not found"
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.get_chat(GROUP)


async def test_a_user_who_blocked_the_bot_raises_forbidden(api, bot):
    sent = await bot.send_message(ANNA, "hei")
    api.block(ANNA)

    with pytest.raises(Forbidden) as blocked:
        await bot.send_message(ANNA, "hei igjen")
    assert blocked.value.message == "Forbidden: bot was blocked by the user"
    with pytest.raises(Forbidden):
        await bot.edit_message_text("endret", ANNA, sent.message_id)
    assert [call.error_code for call in api.calls_to("sendMessage")] == [None, 403]

    api.unblock(ANNA)
    await bot.send_message(ANNA, "velkommen tilbake")


async def test_an_injected_429_raises_retry_after_and_the_next_call_succeeds(api, bot, monkeypatch):
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    api.fail_next("sendMessage", status=429, retry_after=7)

    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(ANNA, "hei")
    assert flood.value.retry_after == dtm.timedelta(seconds=7)
    await bot.send_message(ANNA, "hei")

    first, second = api.calls_to("sendMessage")
    assert (first.error_code, first.description) == (429, "Too Many Requests: retry after 7")
    assert second.ok and len(api.messages_in(ANNA)) == 1

    async with httpx.AsyncClient(verify=client_ssl_context()) as client:
        api.fail_next("getMe", retry_after=2)
        answer = await client.get(f"{api.base_url}{TOKEN}/getMe")
    assert (answer.status_code, answer.json()) == (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 2",
            "parameters": {"retry_after": 2},
        },
    )


async def test_injected_failures_can_target_one_chat_and_repeat(api, bot):
    api.user(1002, "Bjørn")
    api.fail_next("sendMessage", status=502, times=2, chat_id=1002)

    await bot.send_message(ANNA, "upåvirket")
    for _ in range(2):
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(1002, "hei")
    await bot.send_message(1002, "hei")

    assert [(c.params["chat_id"], c.error_code) for c in api.calls_to("sendMessage")] == [
        (ANNA, None),
        (1002, 502),
        (1002, 502),
        (1002, None),
    ]


# -- updates ------------------------------------------------------------------------------------


async def test_get_updates_returns_a_command_and_a_button_press_as_update_objects(api, bot):
    sent = await bot.send_message(
        ANNA, "Stem", reply_markup=keyboard([InlineKeyboardButton("Ja", callback_data="vote:yes")])
    )
    api.send_text(ANNA, "/start dream_7")
    api.press(ANNA, sent, "vote:yes")  # a dict or a telegram.Message

    command, press = await bot.get_updates(timeout=0)

    assert isinstance(command, Update) and isinstance(press, Update)
    assert press.update_id == command.update_id + 1
    assert command.message.text == "/start dream_7"
    assert command.message.from_user.language_code == "nb"
    [entity] = command.message.entities
    assert (entity.type, entity.offset, entity.length) == (MessageEntityType.BOT_COMMAND, 0, 6)
    query = press.callback_query
    assert (query.data, query.from_user.id, query.message.message_id) == ("vote:yes", ANNA, sent.message_id)
    assert query.message.reply_markup == sent.reply_markup

    assert await bot.answer_callback_query(query.id, text="Takk")
    assert api.callback_answers[query.id] == {"text": "Takk"}
    for query_id in (query.id, "123"):
        with pytest.raises(BadRequest) as stale:
            await bot.answer_callback_query(query_id)
        assert stale.value.message == as_reported(
            "Bad Request: query is too old and response timeout expired or query ID is invalid"
        )


async def test_a_channel_post_names_the_channel_as_its_sender_and_no_person(api, bot):
    api.channel(-1009, "Fjordby dreams")

    api.channel_post(-1009, "/link bank")
    [update] = await bot.get_updates(timeout=0)

    post = update.channel_post
    assert update.message is None and post.from_user is None and update.effective_user is None
    assert (post.chat.type, post.sender_chat.id, post.text) == ("channel", -1009, "/link bank")
    assert post.entities[0].type == MessageEntityType.BOT_COMMAND
    with pytest.raises(ValueError):
        api.send_text(ANNA, "hei", chat=-1009)  # people do not write in channels as themselves


async def test_a_button_press_carries_the_message_as_it_is_now_and_needs_an_existing_button(api, bot):
    sent = await bot.send_message(
        ANNA, "Stem", reply_markup=keyboard([InlineKeyboardButton("Ja", callback_data="yes")])
    )
    await bot.edit_message_text(
        "Stem nå", ANNA, sent.message_id, reply_markup=keyboard([InlineKeyboardButton("Nei", callback_data="no")])
    )

    with pytest.raises(ValueError, match="no button"):
        api.press(ANNA, sent, "yes")
    api.press_button(ANNA, sent, "Nei")

    [update] = await bot.get_updates()
    assert update.callback_query.data == "no"
    assert update.callback_query.message.text == "Stem nå"


async def test_a_reply_quotes_the_message_it_answers(api, bot):
    asked = api.send_text(ANNA, "Hva koster det?")["message"]

    answer = await bot.send_message(ANNA, "100 kr", reply_to_message_id=asked["message_id"])

    assert answer.reply_to_message.text == "Hva koster det?"
    assert answer.reply_to_message.from_user.id == ANNA
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(ANNA, "?", reply_to_message_id=999)


async def test_a_command_in_a_group_counts_the_bot_username_in_its_entity(api, bot):
    api.group(GROUP, "Fjordby")
    api.send_text(ANNA, "/help@fjordby_bot please", chat=GROUP)

    [update] = await bot.get_updates()

    assert update.message.chat.type == "supergroup"
    assert update.message.entities[0].length == len("/help@fjordby_bot")
    assert api.member_status(GROUP, ANNA) == "member"


async def test_get_updates_honours_offset_and_forgets_confirmed_updates(api, bot):
    first, second, third = (api.send_text(ANNA, text)["update_id"] for text in ("a", "b", "c"))

    assert [u.update_id for u in await bot.get_updates(offset=second)] == [second, third]
    assert [u.update_id for u in await bot.get_updates()] == [second, third]
    assert [u.update_id for u in await bot.get_updates(limit=1)] == [second]
    assert [u.update_id for u in await bot.get_updates(offset=-1)] == [third]
    assert await bot.get_updates(offset=third + 1) == ()
    assert first < second


async def test_a_long_poll_answers_as_soon_as_an_update_arrives(api, bot):
    loop = asyncio.get_running_loop()
    started = loop.time()
    polling = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.1)
    assert not polling.done()

    api.send_text(ANNA, "hei")
    [update] = await polling

    assert update.message.text == "hei"
    assert loop.time() - started < 1.5


async def test_a_long_poll_with_nothing_to_deliver_ends_after_the_capped_timeout():
    api = BotApiStandIn(token=TOKEN, max_poll_seconds=0.3)
    async with api, bot_for(api) as short:
        loop = asyncio.get_running_loop()
        started = loop.time()
        assert await short.get_updates(timeout=30) == ()
        assert 0.25 < loop.time() - started < 1.5


async def test_a_resent_update_comes_again_with_the_same_update_id(api, bot):
    update = api.send_text(ANNA, "/start")
    [first] = await bot.get_updates()
    assert await bot.get_updates(offset=first.update_id + 1) == ()

    api.resend(update)
    [again] = await bot.get_updates(offset=first.update_id + 1)

    assert again.update_id == first.update_id
    assert again.to_dict() == first.to_dict()
    assert await bot.get_updates(offset=first.update_id + 1) == ()


async def test_set_webhook_then_get_updates_is_a_conflict(api, bot):
    assert await bot.set_webhook("https://bot.example.org/telegram", secret_token="s3cret-Token_1")
    info = await bot.get_webhook_info()
    assert info.url == "https://bot.example.org/telegram"
    assert api.webhook["secret_token"] == "s3cret-Token_1"

    with pytest.raises(Conflict) as conflict:
        await bot.get_updates()
    assert "can't use getUpdates method while webhook is active" in conflict.value.message

    assert await bot.delete_webhook()
    assert (await bot.get_webhook_info()).url == ""
    assert await bot.get_updates() == ()


async def test_a_second_poller_terminates_the_first_with_a_conflict(api, bot):
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    async with bot_for(api) as other:
        assert await other.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await first


async def test_post_update_delivers_to_a_webhook_with_the_secret_header(api, bot):
    received: list[tuple[str | None, dict]] = []

    async def webhook(request: Request) -> JSONResponse:
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        if secret != "s3cret":
            return JSONResponse({}, status_code=403)
        received.append((secret, await request.json()))
        return JSONResponse({})

    app = Starlette(routes=[Route("/telegram", webhook, methods=["POST"])])
    async with serve_asgi(app) as url:
        update = api.send_text(ANNA, "/start")
        assert await api.post_update(f"{url}/telegram", update, "s3cret") == 200
        assert await api.post_update(f"{url}/telegram", update, "wrong") == 403

        await bot.set_webhook(f"{url}/telegram", secret_token="s3cret")
        pressed = api.send_text(ANNA, "hei")
        assert await api.deliver_webhook_updates() == [200, 200]

    assert [body["update_id"] for _, body in received] == [
        update["update_id"],
        update["update_id"],
        pressed["update_id"],
    ]
    assert Update.de_json(received[0][1], bot).message.text == "/start"
    assert api.pending_updates() == []


async def test_an_update_the_webhook_refuses_stays_pending_and_is_reported(api, bot):
    async def broken(request: Request) -> JSONResponse:
        return JSONResponse({}, status_code=500)

    async with serve_asgi(Starlette(routes=[Route("/hook", broken, methods=["POST"])])) as url:
        await bot.set_webhook(f"{url}/hook")
        update = api.send_text(ANNA, "hei")
        assert await api.deliver_webhook_updates() == [500]

    info = await bot.get_webhook_info()
    assert info.pending_update_count == 1
    assert info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"
    assert api.updates_for_webhook() == [update]
    assert api.pending_updates() == []



async def test_the_method_a_webhook_answers_with_is_carried_out_once_and_its_result_told_to_nobody(api, bot):
    sent = await bot.send_message(ANNA, "Which dream?", reply_markup=InlineKeyboardMarkup(
        [[InlineKeyboardButton("Like", callback_data="like:1")]]))
    answers = iter([
        ({"method": "answerCallbackQuery", "callback_query_id": "", "text": "Liked"}, 200),
        ({"method": "sendMessage", "chat_id": 999_999_999, "text": "to nobody"}, 200),  # refused, silently
        ({"method": "sendMessage", "chat_id": ANNA, "text": "not carried out"}, 500),
        ({"ok": True}, 200),
    ])

    async def webhook(request: Request) -> JSONResponse:
        body, status = next(answers)
        update = await request.json()
        if "callback_query" in update:
            body["callback_query_id"] = update["callback_query"]["id"]
        return JSONResponse(body, status_code=status)

    async with serve_asgi(Starlette(routes=[Route("/hook", webhook, methods=["POST"])])) as url:
        press = api.press(ANNA, sent.to_dict(), "like:1")
        statuses = [await api.post_update(f"{url}/hook", press)]
        for text in ("one", "two", "three"):
            statuses.append(await api.post_update(f"{url}/hook", api.send_text(ANNA, text)))

    query = press["callback_query"]["id"]
    assert statuses == [200, 200, 500, 200]
    assert api.callback_answers == {query: {"text": "Liked"}}
    # the 500's method and a body naming none are not carried out; the bot's own requests are not in_response
    assert [(c.method, c.ok) for c in api.calls if c.in_response] == [("answerCallbackQuery", True),
                                                                       ("sendMessage", False)]
    assert [m["text"] for m in api.messages_in(ANNA) if m["from"]["is_bot"]] == ["Which dream?"]

# -- chats, links, files, commands --------------------------------------------------------------


async def test_create_chat_invite_link_returns_a_chat_invite_link_and_join_requests_follow_it(api, bot):
    api.group(GROUP, "Fjordby")
    link = await bot.create_chat_invite_link(GROUP, name="Naboer", creates_join_request=True)

    assert isinstance(link, ChatInviteLink)
    assert link.invite_link.startswith("https://t.me/+")
    assert (link.name, link.creates_join_request, link.is_primary, link.is_revoked) == ("Naboer", True, False, False)
    assert link.creator.id == 123456

    api.join_request(ANNA, GROUP, invite_link=link.invite_link)
    [update] = await bot.get_updates()
    request = update.chat_join_request
    assert (request.chat.id, request.from_user.id, request.user_chat_id) == (GROUP, ANNA, ANNA)
    assert request.invite_link.invite_link == link.invite_link

    assert await bot.approve_chat_join_request(GROUP, ANNA)
    assert api.member_status(GROUP, ANNA) == "member"
    with pytest.raises(BadRequest, match="User_already_participant"):
        await bot.approve_chat_join_request(GROUP, ANNA)
    with pytest.raises(BadRequest, match="Hide_requester_missing"):
        await bot.decline_chat_join_request(GROUP, 5555)

    assert await bot.ban_chat_member(GROUP, ANNA)
    assert (await bot.get_chat_member(GROUP, ANNA)).status == "kicked"
    assert await bot.unban_chat_member(GROUP, ANNA, only_if_banned=True)
    assert (await bot.get_chat_member(GROUP, ANNA)).status == "left"


async def test_send_document_records_the_uploaded_bytes(api, bot):
    content = "navn;beløp\nAnna;100\n".encode()

    sent = await bot.send_document(
        ANNA, document=content, filename="pledges.csv", caption="<b>Løfter</b>", parse_mode=ParseMode.HTML
    )

    assert sent.document.file_name == "pledges.csv"
    assert sent.document.file_size == len(content)
    assert sent.caption == "Løfter" and sent.caption_entities[0].type == MessageEntityType.BOLD
    upload = api.calls_to("sendDocument")[0].params["document"]
    assert isinstance(upload, Upload)
    assert (upload.filename, upload.content) == ("pledges.csv", content)
    assert api.file_bytes(sent.document.file_id) == content

    again = await bot.send_document(ANNA, document=sent.document.file_id)
    assert again.document.file_id == sent.document.file_id
    downloaded = await (await bot.get_file(sent.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == content


async def test_set_my_commands_is_kept_per_scope_and_language(api, bot):
    assert await bot.set_my_commands(
        [BotCommand("start", "Begynn"), BotCommand("dream", "Ny drøm")], language_code="nb"
    )
    assert await bot.set_my_commands([BotCommand("start", "Start")])

    assert [c.command for c in await bot.get_my_commands(language_code="nb")] == ["start", "dream"]
    assert [c.description for c in await bot.get_my_commands()] == ["Start"]
    assert api.commands(language_code="nb")[1] == {"command": "dream", "description": "Ny drøm"}
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Start-Now", "x")])


async def test_get_chat_returns_full_info_for_registered_chats(api, bot):
    api.channel(-1009876543210, "Fjordby nytt", username="fjordby_nytt")

    private = await bot.get_chat(ANNA)
    channel = await bot.get_chat("@fjordby_nytt")

    assert isinstance(private, ChatFullInfo) and private.first_name == "Anna" and private.username == "anna_f"
    assert (channel.id, channel.type, channel.title) == (-1009876543210, "channel", "Fjordby nytt")
    post = await bot.send_message("@fjordby_nytt", "Nytt prosjekt")
    assert post.sender_chat.id == -1009876543210 and post.from_user is None


async def test_delete_message_removes_it(api, bot):
    sent = await bot.send_message(ANNA, "borte snart")

    assert await bot.delete_message(ANNA, sent.message_id)
    assert api.messages_in(ANNA) == []
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(ANNA, sent.message_id)


# -- waiting, shutting down, the whole library --------------------------------------------------


async def test_wait_for_waits_for_a_matching_call_and_times_out_with_a_listing(api, bot):
    async def later() -> None:
        await asyncio.sleep(0.05)
        await bot.send_message(ANNA, "<b>Velkommen</b>", parse_mode=ParseMode.HTML)

    task = asyncio.create_task(later())
    [call] = await api.wait_for("sendMessage", chat_id=str(ANNA), text=lambda text: "Velkommen" in text)
    await task
    assert call.result["text"] == "Velkommen"

    with pytest.raises(TimeoutError) as timeout:
        await api.wait_for("sendMessage", count=2, timeout=0.05)
    assert "sendMessage" in str(timeout.value) and "Velkommen" in str(timeout.value)


async def test_the_server_shuts_down_cleanly_answering_an_open_long_poll():
    api = BotApiStandIn(token=TOKEN)
    async with httpx.AsyncClient(verify=client_ssl_context()) as client:
        async with api:
            port = api.port
            polling = asyncio.create_task(client.post(f"{api.base_url}{TOKEN}/getUpdates", json={"timeout": 30}))
            await asyncio.sleep(0.1)
        answer = await polling

    assert answer.json() == {"ok": True, "result": []}
    assert asyncio.all_tasks() == {asyncio.current_task()}
    with socket.socket() as probe, pytest.raises(OSError):
        probe.connect(("127.0.0.1", port))


async def test_an_application_built_with_the_stand_in_polls_and_answers(api):
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(
            f"Hei, <b>{update.effective_user.first_name}</b>!",
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard([InlineKeyboardButton("Ny drøm", callback_data="dream:new")]),
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.callback_query.answer()
        await update.callback_query.edit_message_text("Fortell!")

    application = ApplicationBuilder().token(TOKEN).base_url(api.base_url).build()
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CallbackQueryHandler(pressed))
    async with application:
        await application.start()
        await application.updater.start_polling(poll_interval=0, timeout=1)

        api.send_text(ANNA, "/start")
        [reply] = await api.wait_for("sendMessage", chat_id=ANNA)
        assert reply.result["text"] == "Hei, Anna!"
        api.press_button(ANNA, api.last_message(ANNA), "Ny drøm")
        await api.wait_for("editMessageText", chat_id=ANNA, text="Fortell!")
        await api.wait_for("answerCallbackQuery")

        await application.updater.stop()
        await application.stop()

    assert api.last_message(ANNA)["text"] == "Fortell!"
    assert api.buttons(api.last_message(ANNA)) == []
    assert [call for call in api.calls if not call.ok] == []


def test_parse_html_gives_utf16_offsets():
    text, entities = parse_html("😀 <b>ø</b>")

    assert text == "😀 ø"
    assert entities == [{"offset": 3, "length": 1, "type": "bold"}]
