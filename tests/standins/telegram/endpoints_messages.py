"""Sending, editing and deleting text messages, and answering button presses."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from tests.standins.telegram.endpoints import Req, method
from tests.standins.telegram.lengths import CALLBACK_ANSWER_LIMIT, utf16_len
from tests.standins.telegram.markup import check_reply_markup
from tests.standins.telegram.records import NOT_MODIFIED, QUERY_INVALID, ApiError, JsonDict, bad
from tests.standins.telegram.text import caption_text, message_text
from tests.standins.telegram.values import as_int, unix_now

if TYPE_CHECKING:
    from tests.standins.telegram.standin import BotApiStandIn

# How long the bot has to answer a button press. The Bot API does not document it; Telegram's clients
# stop waiting after about 15 seconds, and from then on answerCallbackQuery is refused as "too old".
CALLBACK_ANSWER_SECONDS = 15.0


@method("sendChatAction")
def send_chat_action(api: BotApiStandIn, req: Req) -> bool:
    api._writable_chat(req.get("chat_id"))
    return True


@method("sendMessage")
def send_message(api: BotApiStandIn, req: Req) -> JsonDict:
    chat = api._writable_chat(req.get("chat_id"))
    text, entities = message_text(req.params, strict_entities=api.strict_entities)
    keyboard = check_reply_markup(req.get("reply_markup"))
    message = api._new_bot_message(chat, req)
    message["text"] = text
    if entities:
        message["entities"] = entities
    if keyboard:
        message["reply_markup"] = keyboard
    return api._store_bot_message(chat, message)


@method("editMessageText")
def edit_message_text(api: BotApiStandIn, req: Req) -> JsonDict:
    _, stored = api._bot_message(req)
    if "text" not in stored.message:
        raise bad("there is no text in the message to edit")
    text, entities = message_text(req.params, strict_entities=api.strict_entities)
    keyboard = check_reply_markup(req.get("reply_markup"))
    current = stored.message
    if (
        current["text"] == text
        and current.get("entities", []) == entities
        and current.get("reply_markup") == keyboard
    ):
        raise bad(NOT_MODIFIED.removeprefix("Bad Request: "))
    current["text"] = text
    current.pop("entities", None)
    if entities:
        current["entities"] = entities
    _set_keyboard(current, keyboard)
    current["edit_date"] = unix_now()
    return copy.deepcopy(current)


@method("editMessageCaption")
def edit_message_caption(api: BotApiStandIn, req: Req) -> JsonDict:
    _, stored = api._bot_message(req)
    current = stored.message
    if "text" in current:
        raise bad("there is no caption in the message to edit")
    caption, entities = caption_text(req.params, strict_entities=api.strict_entities)
    keyboard = check_reply_markup(req.get("reply_markup"))
    if (
        current.get("caption", "") == caption
        and current.get("caption_entities", []) == entities
        and current.get("reply_markup") == keyboard
    ):
        raise bad(NOT_MODIFIED.removeprefix("Bad Request: "))
    current.pop("caption", None)
    current.pop("caption_entities", None)
    if caption:
        current["caption"] = caption
        if entities:
            current["caption_entities"] = entities
    _set_keyboard(current, keyboard)
    current["edit_date"] = unix_now()
    return copy.deepcopy(current)


@method("editMessageReplyMarkup")
def edit_message_reply_markup(api: BotApiStandIn, req: Req) -> JsonDict:
    _, stored = api._bot_message(req)
    keyboard = check_reply_markup(req.get("reply_markup"))
    current = stored.message
    if current.get("reply_markup") == keyboard:
        raise bad(NOT_MODIFIED.removeprefix("Bad Request: "))
    _set_keyboard(current, keyboard)
    current["edit_date"] = unix_now()
    return copy.deepcopy(current)


def _set_keyboard(message: JsonDict, keyboard: JsonDict | None) -> None:
    message.pop("reply_markup", None)
    if keyboard:
        message["reply_markup"] = keyboard


@method("deleteMessage")
def delete_message(api: BotApiStandIn, req: Req) -> bool:
    chat = api._chat(req.get("chat_id"))
    if req.get("message_id") is None:
        raise bad("message identifier is not specified")
    stored = api._find(chat["id"], as_int(req.get("message_id"), "message_id"))
    if stored is None:
        raise bad("message to delete not found")
    api._messages[chat["id"]].remove(stored)
    return True


@method("answerCallbackQuery")
def answer_callback_query(api: BotApiStandIn, req: Req) -> bool:
    query_id = str(req.get("callback_query_id") or "")
    query = api._queries.get(query_id)
    if query is None or query.answered or api._clock() - query.at > CALLBACK_ANSWER_SECONDS:
        raise ApiError(400, QUERY_INVALID)
    if utf16_len(str(req.get("text") or "")) > CALLBACK_ANSWER_LIMIT:
        raise bad("MESSAGE_TOO_LONG")
    query.answered = True
    api.callback_answers[query_id] = {
        key: req.get(key) for key in ("text", "show_alert", "url", "cache_time") if req.get(key) is not None
    }
    return True
