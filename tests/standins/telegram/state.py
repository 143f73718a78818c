"""What the stand-in keeps between requests besides people and chats: messages, queued updates and which
kinds the bot asked for, button presses, join requests, command lists, and failures a test asked for."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from tests.standins.telegram.records import JsonDict

# Update types Telegram delivers when allowed_updates was never given (or given as []).
DEFAULT_UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)


@dataclass
class Failure:
    """An answer a test injected with ``fail_next``: the next ``times`` calls of ``method`` get it."""

    method: str  # lower case
    status: int
    retry_after: int | None
    times: int
    chat_id: int | str | None
    description: str | None


@dataclass
class Queued:
    """An update waiting for getUpdates or the webhook."""

    update: JsonDict
    forced: bool = False  # redelivered: handed out once even if already confirmed


@dataclass
class Stored:
    """A message in a chat as it is now, by the bot or by a person."""

    message: JsonDict
    by_bot: bool


@dataclass
class JoinRequest:
    """A pending join request: when it was made (on the stand-in's clock) and through which link."""

    at: float
    link: str | None


@dataclass
class Query:
    """A callback query handed to the bot: when it was pressed (on the stand-in's clock), and whether answered."""

    at: float
    answered: bool = False


def commands_key(scope: Any, language_code: Any) -> tuple[str, str]:
    """Where setMyCommands keeps a list: by scope and language."""
    scope = scope or {"type": "default"}
    return json.dumps(scope, sort_keys=True), str(language_code or "")
