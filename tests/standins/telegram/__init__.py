"""A local stand-in for the Telegram Bot API, served over real HTTP on 127.0.0.1.

Point the real python-telegram-bot library at it and test a bot end to end without Telegram::

    async with BotApiStandIn(token="123456:TEST-token", username="fjordby_bot") as api:
        anna = api.user(1001, "Anna", language_code="nb")
        application = ApplicationBuilder().token(api.token).base_url(api.base_url).build()
        ...
        api.send_text(anna, "/start")
        [call] = await api.wait_for("sendMessage", chat_id=anna["id"])

The stand-in answers with the JSON shapes of https://core.telegram.org/bots/api, validates what
Telegram validates (unknown chats, empty or over-long text and captions counted in UTF-16 code
units, Telegram's HTML subset and which entities may nest, inline keyboard buttons, edits of unknown
or unchanged messages, callback query ids and their age, photos and
files by upload, file_id or URL, join requests and who may be written to, webhook/getUpdates
conflicts) with Telegram's error descriptions, records every call, and lets a test inject failures
(blocked users, vanished chats, 429/5xx answers) and feed updates (messages, photos, button presses,
join requests, channel posts, redeliveries) either through getUpdates or by POSTing them to the bot's webhook.

With ``limits=FloodLimits(...)`` it also enforces Telegram's flood limits (per bot, per private
chat, per group) exactly, answering 429 with retry_after; ``flood_stats``, ``max_rate``,
``delivered_count`` and ``duplicates`` tell what got through. ``record_calls=False`` and
``users_bulk`` keep a broadcast of 100,000 messages cheap.

The modules, by concept: ``standin`` (state, life cycle, HTTP front) with ``people``, ``feeding`` and
``reading`` (what a test sets up, feeds and reads back); ``endpoints_*`` (the Bot API methods);
``flood`` (flood limits); ``html`` and ``text`` (parse modes, nesting rules); ``lengths`` (limits in
UTF-16 code units); ``markup`` (inline keyboards); ``multipart`` (request decoding); ``images``;
``server`` (serving any ASGI app on 127.0.0.1); ``records`` (calls, errors, crashes); ``state`` (what
the stand-in keeps between requests).
"""

from tests.standins.telegram import (  # noqa: F401 - each registers the Bot API methods it serves
    endpoints_bot,
    endpoints_chats,
    endpoints_files,
    endpoints_messages,
    endpoints_updates,
)
from tests.standins.telegram.endpoints_messages import CALLBACK_ANSWER_SECONDS
from tests.standins.telegram.flood import FloodLimits, FloodStats
from tests.standins.telegram.html import parse_html
from tests.standins.telegram.images import image_size, png_bytes
from tests.standins.telegram.lengths import utf16_len
from tests.standins.telegram.records import (
    NOT_MODIFIED,
    POLL_CONFLICT,
    QUERY_INVALID,
    ApiError,
    Call,
    Crash,
    StandInCrashed,
    Upload,
)
from tests.standins.telegram.server import LocalServer, client_ssl_context, serve_asgi
from tests.standins.telegram.standin import BotApiStandIn

__all__ = [
    "CALLBACK_ANSWER_SECONDS",
    "NOT_MODIFIED",
    "POLL_CONFLICT",
    "QUERY_INVALID",
    "ApiError",
    "BotApiStandIn",
    "Call",
    "Crash",
    "FloodLimits",
    "FloodStats",
    "LocalServer",
    "StandInCrashed",
    "Upload",
    "client_ssl_context",
    "image_size",
    "parse_html",
    "png_bytes",
    "serve_asgi",
    "utf16_len",
]
