"""Inline keyboards: validated as Telegram validates reply_markup, and read back as rows of (label, value)."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from tests.standins.telegram.lengths import BUTTONS_LIMIT, CALLBACK_DATA_LIMIT
from tests.standins.telegram.records import JsonDict, bad
from tests.standins.telegram.values import plain

INLINE_BUTTON_KINDS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


def check_reply_markup(markup: Any) -> JsonDict | None:
    """Validate reply_markup as Telegram does; the inline keyboard to echo, if any."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        if not any(key in markup for key in ("keyboard", "remove_keyboard", "force_reply")):
            raise bad("can't parse reply keyboard markup JSON object")
        return None
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad('can\'t parse inline keyboard button: Field "inline_keyboard" must be an Array of Arrays')
    count = 0
    for row in rows:
        for button in row:
            count += 1
            if not isinstance(button, dict):
                raise bad("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
            if not isinstance(button.get("text"), str):
                raise bad('can\'t parse inline keyboard button: Field "text" must be of type String')
            if not button["text"].strip():
                raise bad("can't parse inline keyboard button: Text must be non-empty")
            kinds = [kind for kind in INLINE_BUTTON_KINDS if kind in button]
            if not kinds:
                raise bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
            if "callback_data" in button:
                data = button["callback_data"]
                if not isinstance(data, str) or not 1 <= len(data.encode()) <= CALLBACK_DATA_LIMIT:
                    raise bad("BUTTON_DATA_INVALID")
            if "url" in button:
                url = button["url"]
                if not isinstance(url, str) or not re.match(r"^(https?|tg)://[^\s]+$", url, re.IGNORECASE):
                    raise bad("BUTTON_URL_INVALID")
    if count > BUTTONS_LIMIT:
        raise bad("reply markup is too long")
    return {"inline_keyboard": copy.deepcopy(rows)}


def buttons(message: Any) -> list[list[tuple[str, str | None]]]:
    """The message's inline keyboard as rows of (text, callback_data or url or other value)."""
    message = plain(message)
    if not message:
        return []
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    result = []
    for row in rows:
        line = []
        for button in row:
            value = next((button[kind] for kind in INLINE_BUTTON_KINDS if kind in button), None)
            if isinstance(value, dict):
                value = value.get("url") or json.dumps(value)
            line.append((button.get("text"), value))
        result.append(line)
    return result
