"""A local stand-in for the Telegram Bot API, served over real HTTP on 127.0.0.1.

Point the real python-telegram-bot library at it and test a bot end to end without Telegram::

    async with BotApiStandIn(token="123456:TEST-token", username="fjordby_bot") as api:
        anna = api.user(1001, "Anna", language_code="nb")
        application = ApplicationBuilder().token(api.token).base_url(api.base_url).build()
        ...
        api.send_text(anna, "/start")
        [call] = await api.wait_for("sendMessage", chat_id=anna["id"])

The stand-in answers with the JSON shapes of https://core.telegram.org/bots/api, validates what
Telegram validates (unknown chats, empty or over-long text and captions, Telegram's HTML subset,
inline keyboard buttons, edits of unknown or unchanged messages, callback query ids, photos and
files by upload, file_id or URL, join requests and who may be written to, webhook/getUpdates
conflicts) with Telegram's error descriptions, records every call, and lets a test inject failures
(blocked users, vanished chats, 429/5xx answers) and feed updates (messages, photos, button presses,
join requests, channel posts, redeliveries) either through getUpdates or by POSTing them to the bot's webhook.

With ``limits=FloodLimits(...)`` it also enforces Telegram's flood limits (per bot, per private
chat, per group) exactly, answering 429 with retry_after; ``flood_stats``, ``max_rate``,
``delivered_count`` and ``duplicates`` tell what got through. ``record_calls=False`` and
``users_bulk`` keep a broadcast of 100,000 messages cheap.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import hashlib
import json
import math
import re
import secrets
import socket
import ssl
import struct
import time
import zlib
from array import array
from collections import deque
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from http import HTTPStatus
from typing import Any, Self
from urllib.parse import parse_qsl

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

__all__ = [
    "ApiError",
    "BotApiStandIn",
    "Call",
    "FloodLimits",
    "FloodStats",
    "LocalServer",
    "Upload",
    "client_ssl_context",
    "parse_html",
    "png_bytes",
    "serve_asgi",
]

JsonDict = dict[str, Any]

MESSAGE_TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64  # bytes
BUTTONS_LIMIT = 100

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
CHAT_NOT_FOUND = "Bad Request: chat not found"
BLOCKED = "Forbidden: bot was blocked by the user"
CANT_INITIATE = "Forbidden: bot can't initiate conversation with a user"
JOIN_REQUEST_CHAT_SECONDS = 300  # how long the bot may write to someone whose join request is pending
PHOTO_SIDES = (90, 320, 800, 1280)  # the boxes Telegram scales a photo into
PHOTO_MAX_BYTES = 10 * 1024 * 1024
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)
POLL_CONFLICT = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"

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

# Parameters whose form-encoded value is a plain string; every other value is JSON
# (python-telegram-bot json.dumps everything that is not already a str).
STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "url",
        "secret_token",
        "ip_address",
        "name",
        "callback_query_id",
        "inline_message_id",
        "business_connection_id",
        "title",
        "description",
        "short_description",
        "language_code",
        "action",
        "file_id",
        "photo",
        "document",
        "invite_link",
        "message_effect_id",
        "custom_emoji_id",
        "emoji",
        "query",
        "bio",
    }
)

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

# --------------------------------------------------------------------------------------------
# Records and errors


@dataclass
class Upload:
    """A file the bot uploaded in a multipart request."""

    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


@dataclass
class Call:
    """One request the bot made: method (canonical spelling) and decoded parameters.

    A refused call has ``error_code`` and ``description`` set; a successful one has ``result``.
    """

    method: str
    params: JsonDict
    error_code: int | None = None
    description: str | None = None
    result: Any = None
    http_method: str = "POST"

    @property
    def ok(self) -> bool:
        return self.error_code is None

    def __str__(self) -> str:
        shown = {
            k: (f"<{len(v.content)} bytes {v.filename!r}>" if isinstance(v, Upload) else v)
            for k, v in self.params.items()
        }
        text = f"{self.method} {shown!r}"
        if len(text) > 400:
            text = text[:400] + "…"
        if not self.ok:
            text += f" -> {self.error_code} {self.description}"
        return text


class ApiError(Exception):
    """A refusal in Telegram's shape: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(self, code: int, description: str, parameters: JsonDict | None = None) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> JsonDict:
        payload: JsonDict = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            payload["parameters"] = self.parameters
        return payload


def _bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def description_for(status: int, retry_after: int | None = None) -> str:
    """Telegram's description for an error status."""
    if status == 429:
        return f"Too Many Requests: retry after {retry_after if retry_after is not None else 1}"
    known = {
        400: "Bad Request",
        401: "Unauthorized",
        403: "Forbidden",
        404: "Not Found",
        409: "Conflict",
        500: "Internal Server Error",
        502: "Bad Gateway",
    }
    if status in known:
        return known[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


@dataclass
class _Failure:
    method: str  # lower case
    status: int
    retry_after: int | None
    times: int
    chat_id: int | str | None
    description: str | None


@dataclass
class _Queued:
    update: JsonDict
    forced: bool = False  # redelivered: handed out once even if already confirmed


@dataclass
class _Stored:
    message: JsonDict
    by_bot: bool


@dataclass
class _Request:
    """A pending join request: when it was made (on the stand-in's clock) and through which link."""

    at: float
    link: str | None


@dataclass
class _Req:
    params: JsonDict
    request: Request
    files: dict[str, Upload] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)


# --------------------------------------------------------------------------------------------
# Flood limits

# Methods the flood limits count (lower case): those that send or edit a message. The ones this
# stand-in does not implement answer 404 before they could be counted.
FLOOD_COUNTED_METHODS = frozenset(
    {
        "sendmessage",
        "senddocument",
        "sendphoto",
        "editmessagetext",
        "editmessagecaption",
        "editmessagereplymarkup",
        "copymessage",
        "forwardmessage",
    }
)
# Of those, the ones that deliver a new message (what delivered_count counts).
SENDING_METHODS = frozenset({"sendmessage", "senddocument", "sendphoto", "copymessage", "forwardmessage"})

SECOND = 1.0  # the window of the per-bot and per-private-chat limits
MINUTE = 60.0  # the window of the per-group limit
_EPSILON = 1e-9  # float slack: 50 * 0.58 is a limit of 29 calls, and a 1.0000000001 s wait is 1 s


@dataclass(frozen=True)
class FloodLimits:
    """Telegram's flood limits, enforced by ``BotApiStandIn(limits=FloodLimits(...))``.

    At most ``per_bot * scale`` counted calls in any 1 second across all chats, at most
    ``per_chat * scale`` in any 1 second to one private chat, and at most
    ``per_group_minute * scale`` in any 60 seconds to one group, supergroup or channel (a chat
    with a negative id). ``scale`` raises (or lowers) all three together, so a benchmark can run
    faster with the same proportions; the windows stay 1 s and 60 s.

    The exact rule. Counted calls are the methods that send or edit messages (sendMessage,
    sendDocument, sendPhoto, editMessageText, editMessageCaption, editMessageReplyMarkup,
    copyMessage, forwardMessage) addressed to a chat the stand-in knows. A counted call arriving
    at time ``t`` (the stand-in's clock, ``time.monotonic()``) is allowed when, counting it,

    * the counted calls that arrived in ``(t - 1 s, t]`` number at most ``per_bot * scale``;
    * for a private chat, those to that chat in ``(t - 1 s, t]`` number at most ``per_chat * scale``;
    * for a group or channel, those to that chat in ``(t - 60 s, t]`` number at most
      ``per_group_minute * scale``.

    So ``per_bot=30`` allows 30 calls in any 1-second window and a call exactly 1 s (60 s) old
    has left its window. An allowed call is counted whether or not the method then succeeds (a
    send to a user who blocked the bot costs like any other). A refused call is not counted: it
    answers HTTP 429 ``{"ok": false, "error_code": 429, "description": "Too Many Requests: retry
    after N", "parameters": {"retry_after": N}}``, is recorded as a failed Call and delivers
    nothing. N is the time until the call would have been allowed had nothing else been sent:
    for each exceeded window, the oldest call in it that has to leave, plus the window's length,
    minus ``t``; the longest of these, in whole seconds rounded up, at least 1.

    A failure injected with ``fail_next`` answers before the limits and is not counted; calls
    whose chat cannot be resolved (unknown chats, edits by ``inline_message_id``) are not counted
    and get the method's own error.
    """

    per_bot: float = 30.0
    per_chat: float = 1.0
    per_group_minute: float = 20.0
    scale: float = 1.0

    def __post_init__(self) -> None:
        for name in ("per_bot", "per_chat", "per_group_minute"):
            if not getattr(self, name) * self.scale >= 1 - _EPSILON:
                raise ValueError(f"{name} * scale must allow at least one call per window")

    @property
    def bot_capacity(self) -> int:
        """Counted calls allowed in any 1 s window across all chats."""
        return math.floor(self.per_bot * self.scale + _EPSILON)

    @property
    def chat_capacity(self) -> int:
        """Counted calls allowed in any 1 s window to one private chat."""
        return math.floor(self.per_chat * self.scale + _EPSILON)

    @property
    def group_capacity(self) -> int:
        """Counted calls allowed in any 60 s window to one group or channel."""
        return math.floor(self.per_group_minute * self.scale + _EPSILON)


def _max_in_window(times: Sequence[float], window_seconds: float) -> int:
    """The most of the (ascending) ``times`` inside any window ``(s, s + window_seconds]``."""
    best = 0
    start = 0
    for end, t in enumerate(times):
        horizon = t - window_seconds
        while times[start] <= horizon:
            start += 1
        best = max(best, end - start + 1)
    return best


class FloodStats:
    """What the flood limiter saw: read it as ``api.flood_stats``.

    ``accepted`` counts the counted calls that were allowed (every one when there are no limits),
    ``rejected_429`` those the limits refused (not failures injected with ``fail_next``).
    The arrival time of every accepted call is kept (16 bytes each) for ``times`` and ``max_rate``.
    """

    def __init__(self) -> None:
        self.accepted = 0
        self.rejected_429 = 0
        self._times = array("d")
        self._chats = array("q")

    def _accept(self, now: float, chat_id: int) -> None:
        self.accepted += 1
        self._times.append(now)
        self._chats.append(chat_id)

    def times(self, chat_id: int | None = None) -> list[float]:
        """The clock readings (``time.monotonic()``) of the accepted calls, to one chat or all."""
        if chat_id is None:
            return list(self._times)
        wanted = int(chat_id)
        return [t for t, chat in zip(self._times, self._chats, strict=True) if chat == wanted]

    def max_rate(self, window_seconds: float, chat_id: int | None = None) -> int:
        """The most accepted calls (to ``chat_id``, or to any chat) inside any window of that length.

        A window is half-open, ``(s, s + window_seconds]``, as the limiter's are, so with
        ``FloodLimits(per_bot=30)`` ``max_rate(1.0)`` is at most 30. Exact: a two-pointer sweep.
        """
        if window_seconds <= 0:
            raise ValueError("window_seconds must be positive")
        return _max_in_window(self._times if chat_id is None else self.times(chat_id), window_seconds)

    @property
    def per_chat_max_rate(self) -> int:
        """The most accepted calls to any one private chat inside any 1 s window."""
        by_chat: dict[int, list[float]] = {}
        for t, chat in zip(self._times, self._chats, strict=True):
            if chat > 0:
                by_chat.setdefault(chat, []).append(t)
        return max((_max_in_window(times, SECOND) for times in by_chat.values()), default=0)

    def __repr__(self) -> str:
        return f"FloodStats(accepted={self.accepted}, rejected_429={self.rejected_429})"


# --------------------------------------------------------------------------------------------
# Small helpers


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def _same_id(a: Any, b: Any) -> bool:
    return str(a) == str(b)


def _loose_equal(actual: Any, expected: Any) -> bool:
    if (
        isinstance(actual, (int, str))
        and isinstance(expected, (int, str))
        and not isinstance(actual, bool)
        and not isinstance(expected, bool)
    ):
        return str(actual) == str(expected)
    return actual == expected


def _matches(params: JsonDict, match: JsonDict) -> bool:
    for key, expected in match.items():
        actual = params.get(key)
        if callable(expected):
            if not expected(actual):
                return False
        elif not _loose_equal(actual, expected):
            return False
    return True


def _coerce(name: str, value: str) -> Any:
    """A form-encoded value back into what the bot meant: JSON unless the parameter is a string."""
    if name in STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _as_int(value: Any, name: str) -> int:
    if isinstance(value, bool):
        raise _bad(f'field "{name}" must be of type Integer')
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _bad(f'field "{name}" must be of type Integer') from None


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.lower() in ("true", "1")
    return bool(value)


def _plain(value: Any) -> Any:
    """A Bot API object as its JSON dict: dicts pass through, PTB objects via ``to_dict()``."""
    if value is None or isinstance(value, (dict, int, str)):
        return value
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    raise TypeError(f"expected a Bot API dict or object, got {value!r}")


def _now() -> int:
    return int(time.time())


def _delivery_text(message: JsonDict) -> str | None:
    """What duplicates() compares by default: the text, or else the caption."""
    text = message.get("text")
    return text if text is not None else message.get("caption")


def png_bytes(width: int = 1280, height: int = 960) -> bytes:
    """A valid black-and-white PNG of that size (small however large: its rows compress to nothing)."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * height, 9))
            + chunk(b"IEND", b""))


def image_size(content: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, JPEG, GIF or WebP image; None for what is not one of those."""
    if content.startswith(b"\x89PNG\r\n\x1a\n") and content[12:16] == b"IHDR":
        return struct.unpack(">II", content[16:24])
    if content[:6] in (b"GIF87a", b"GIF89a") and len(content) >= 10:
        return struct.unpack("<HH", content[6:10])
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP" and len(content) >= 30:
        if content[12:16] == b"VP8X":
            return 1 + int.from_bytes(content[24:27], "little"), 1 + int.from_bytes(content[27:30], "little")
        if content[12:16] == b"VP8 ":
            w, h = struct.unpack("<HH", content[26:30])
            return w & 0x3FFF, h & 0x3FFF
        if content[12:16] == b"VP8L" and len(content) >= 25:
            bits = int.from_bytes(content[21:25], "little")
            return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
        return None
    if content[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(content):
            if content[i] != 0xFF:
                return None
            marker, length = content[i + 1], struct.unpack(">H", content[i + 2 : i + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                h, w = struct.unpack(">HH", content[i + 5 : i + 9])
                return w, h
            i += 2 + length
    return None


@cache
def client_ssl_context() -> ssl.SSLContext:
    """One TLS context for every test HTTP client (building one per client is slow)."""
    return ssl.create_default_context()


def _form_unescape(value: str) -> str:
    """Undo the HTML5 escaping of quoted multipart parameters (%22 for '"', %0A, doubled '\\')."""
    value = re.sub(r"%(22|[01][0-9A-Fa-f])", lambda m: chr(int(m.group(1), 16)), value)
    return value.replace("\\\\", "\\")


def _parse_multipart(body: bytes, boundary: bytes) -> tuple[dict[str, str], dict[str, Upload]]:
    """Split a multipart/form-data body into plain fields and uploaded files."""
    fields: dict[str, str] = {}
    files: dict[str, Upload] = {}
    for part in body.split(b"--" + boundary)[1:]:
        if part.startswith(b"--"):
            break
        part = part.removeprefix(b"\r\n").removesuffix(b"\r\n")
        head, _, data = part.partition(b"\r\n\r\n")
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        disposition = headers.get("content-disposition", "")
        name_match = re.search(r'(?:^|;)\s*name="([^"]*)"', disposition)
        if not name_match:
            continue
        name = _form_unescape(name_match.group(1))
        file_match = re.search(r'filename="([^"]*)"', disposition)
        if file_match is not None:
            files[name] = Upload(
                filename=_form_unescape(file_match.group(1)),
                content=data,
                content_type=headers.get("content-type", "application/octet-stream"),
            )
        else:
            fields[name] = data.decode("utf-8")
    return fields, files


# --------------------------------------------------------------------------------------------
# Telegram's HTML parse mode

_SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
    "pre": "pre",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACE = " \t\n\r\v\f"


def _cant_parse(description: str) -> ApiError:
    return _bad(f"can't parse entities: {description}")


def _decode_entity(source: str, i: int, strict: bool) -> tuple[str | None, int]:
    """Decode the character reference at ``source[i] == '&'``: (text, characters consumed)."""
    n = len(source)
    j = i + 1
    if j < n and source[j] == "#":
        j += 1
        digits = "0123456789"
        base = 10
        if j < n and source[j] in "xX":
            j += 1
            digits = "0123456789abcdefABCDEF"
            base = 16
        start = j
        while j < n and source[j] in digits:
            j += 1
        if j == start:
            return None, 1
        code = int(source[start:j], base)
        if j < n and source[j] == ";":
            j += 1
        if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None, 1
        return chr(code), j - i
    start = j
    while j < n and source[j].isascii() and source[j].isalpha():
        j += 1
    name = source[start:j]
    if name in _NAMED_ENTITIES:
        if j < n and source[j] == ";":
            j += 1
        return _NAMED_ENTITIES[name], j - i
    if strict and name and j < n and source[j] == ";":
        offset = len(source[:i].encode())
        raise _cant_parse(f'Unsupported HTML entity "&{name};" at byte offset {offset}')
    return None, 1


def parse_html(source: str, *, strict_entities: bool = True) -> tuple[str, list[JsonDict]]:
    """Parse Telegram's HTML subset into (plain text, MessageEntity dicts), as Telegram does.

    Raises ApiError 400 "Bad Request: can't parse entities: ..." with Telegram's wording for
    unsupported or unclosed tags, mismatched end tags and, with ``strict_entities``, named
    character references other than &lt; &gt; &amp; &quot; (Telegram itself shows those literally).
    """
    out: list[str] = []
    pos = 0  # UTF-16 offset in the plain text
    stack: list[JsonDict] = []
    entities: list[JsonDict] = []
    n = len(source)
    i = 0

    def byte_offset(k: int) -> int:
        return len(source[:k].encode())

    def emit(text: str) -> None:
        nonlocal pos
        out.append(text)
        pos += utf16_len(text)

    while i < n:
        char = source[i]
        if char == "&":
            decoded, consumed = _decode_entity(source, i, strict_entities)
            emit(decoded if decoded is not None else "&")
            i += consumed
            continue
        if char != "<":
            emit(char)
            i += 1
            continue

        begin = i
        i += 1
        if i >= n or source[i] != "/":
            # a start tag
            j = i
            while j < n and source[j] not in _SPACE and source[j] != ">":
                j += 1
            if j >= n:
                raise _cant_parse(f"Unclosed start tag at byte offset {byte_offset(begin)}")
            name = source[i:j].lower()
            i = j
            if name not in _SUPPORTED_TAGS:
                raise _cant_parse(f'Unsupported start tag "{name}" at byte offset {byte_offset(begin)}')
            argument = ""
            expandable = False
            while True:
                while i < n and source[i] in _SPACE:
                    i += 1
                if i >= n:
                    raise _cant_parse(f"Unclosed start tag at byte offset {byte_offset(begin)}")
                if source[i] == ">":
                    break
                attribute_begin = i
                while i < n and source[i] not in _SPACE and source[i] not in "=>":
                    i += 1
                attribute = source[attribute_begin:i].lower()
                if not attribute:
                    raise _cant_parse(f'Empty attribute name in the tag "{name}" at byte offset {byte_offset(begin)}')
                while i < n and source[i] in _SPACE:
                    i += 1
                if i >= n:
                    raise _cant_parse(f"Unclosed start tag at byte offset {byte_offset(begin)}")
                if source[i] != "=":
                    if name == "blockquote" and attribute == "expandable":
                        expandable = True
                    continue
                i += 1
                while i < n and source[i] in _SPACE:
                    i += 1
                if i >= n:
                    raise _cant_parse(f"Unclosed start tag at byte offset {byte_offset(begin)}")
                if source[i] not in "'\"":
                    token_begin = i
                    while i < n and (source[i].isascii() and source[i].isalnum() or source[i] in ".-"):
                        i += 1
                    value = source[token_begin:i].lower()
                    if i < n and source[i] not in _SPACE and source[i] != ">":
                        raise _cant_parse(f"Unexpected end of name token at byte offset {byte_offset(i)}")
                else:
                    quote = source[i]
                    i += 1
                    parts: list[str] = []
                    while i < n and source[i] != quote:
                        if source[i] == "&":
                            decoded, consumed = _decode_entity(source, i, strict_entities)
                            parts.append(decoded if decoded is not None else "&")
                            i += consumed
                        else:
                            parts.append(source[i])
                            i += 1
                    if i < n:
                        i += 1
                    value = "".join(parts)
                if i >= n:
                    raise _cant_parse(f"Unclosed start tag at byte offset {byte_offset(begin)}")
                if name == "a" and attribute == "href":
                    argument = value
                elif name == "code" and attribute == "class" and value.startswith("language-"):
                    argument = value[len("language-") :]
                elif name == "span" and attribute == "class" and value.startswith("tg-"):
                    argument = value[len("tg-") :]
                elif name == "tg-emoji" and attribute == "emoji-id":
                    argument = value
                elif name == "blockquote" and attribute == "expandable":
                    expandable = True
            if name == "span" and argument != "spoiler":
                raise _cant_parse(f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset(begin)}')
            stack.append({"name": name, "argument": argument, "offset": pos, "expandable": expandable})
            i += 1  # the '>'
            continue

        # an end tag
        if not stack:
            raise _cant_parse(f"Unexpected end tag at byte offset {byte_offset(begin)}")
        i += 1  # the '/'
        j = i
        while j < n and source[j] not in _SPACE and source[j] != ">":
            j += 1
        end_name = source[i:j].lower()
        i = j
        while i < n and source[i] in _SPACE:
            i += 1
        if i >= n or source[i] != ">":
            raise _cant_parse(f"Unclosed end tag at byte offset {byte_offset(begin)}")
        top = stack[-1]
        if end_name and end_name != top["name"]:
            raise _cant_parse(
                f"Unmatched end tag at byte offset {byte_offset(begin)}, "
                f'expected "</{top["name"]}>", found "</{end_name}>"'
            )
        stack.pop()
        i += 1
        length = pos - top["offset"]
        if length <= 0:
            continue
        entity: JsonDict = {"offset": top["offset"], "length": length}
        tag = top["name"]
        if tag == "a":
            if not top["argument"]:
                continue
            entity["type"] = "text_link"
            entity["url"] = top["argument"]
        elif tag == "tg-emoji":
            entity["type"] = "custom_emoji"
            entity["custom_emoji_id"] = top["argument"]
        elif tag == "blockquote":
            entity["type"] = "expandable_blockquote" if top["expandable"] else "blockquote"
        elif tag == "code" and stack and stack[-1]["name"] == "pre" and stack[-1]["offset"] == top["offset"]:
            # <pre><code class="language-x">…</code></pre> is one "pre" entity with a language
            if top["argument"]:
                stack[-1]["argument"] = top["argument"]
            continue
        else:
            entity["type"] = _ENTITY_TYPES[tag]
            if tag == "pre" and top["argument"]:
                entity["language"] = top["argument"]
        entities.append(entity)

    if stack:
        raise _cant_parse(f'Can\'t find end tag corresponding to start tag "{stack[-1]["name"]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _trim(text: str, entities: list[JsonDict]) -> tuple[str, list[JsonDict]]:
    """Telegram strips leading and trailing white space and moves the entities along."""
    stripped = text.strip(_SPACE)
    lead = utf16_len(text[: len(text) - len(text.lstrip(_SPACE))])
    total = utf16_len(stripped)
    kept = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return stripped, kept


def _check_reply_markup(markup: Any) -> JsonDict | None:
    """Validate reply_markup as Telegram does; the inline keyboard to echo, if any."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise _bad("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        if not any(key in markup for key in ("keyboard", "remove_keyboard", "force_reply")):
            raise _bad("can't parse reply keyboard markup JSON object")
        return None
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise _bad('can\'t parse inline keyboard button: Field "inline_keyboard" must be an Array of Arrays')
    count = 0
    for row in rows:
        for button in row:
            count += 1
            if not isinstance(button, dict):
                raise _bad("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
            if not isinstance(button.get("text"), str):
                raise _bad('can\'t parse inline keyboard button: Field "text" must be of type String')
            if not button["text"].strip():
                raise _bad("can't parse inline keyboard button: Text must be non-empty")
            kinds = [kind for kind in INLINE_BUTTON_KINDS if kind in button]
            if not kinds:
                raise _bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
            if "callback_data" in button:
                data = button["callback_data"]
                if not isinstance(data, str) or not 1 <= len(data.encode()) <= CALLBACK_DATA_LIMIT:
                    raise _bad("BUTTON_DATA_INVALID")
            if "url" in button:
                url = button["url"]
                if not isinstance(url, str) or not re.match(r"^(https?|tg)://[^\s]+$", url, re.IGNORECASE):
                    raise _bad("BUTTON_URL_INVALID")
    if count > BUTTONS_LIMIT:
        raise _bad("reply markup is too long")
    return {"inline_keyboard": copy.deepcopy(rows)}


# --------------------------------------------------------------------------------------------
# Serving an ASGI app on 127.0.0.1 inside the test's event loop


class LocalServer:
    """Serve an ASGI app with uvicorn on a random free port of 127.0.0.1, in the running loop.

    uvicorn's startup and a graceful shutdown run around an event rather than ``Server.serve``,
    so the process's signal handlers stay untouched and stopping takes milliseconds.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.port: int | None = None
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        # proto=IPPROTO_TCP lets asyncio set TCP_NODELAY on accepted connections; without it
        # every keep-alive response waits ~40 ms for a delayed ACK between its head and body
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            log_config=None,
            access_log=False,
            lifespan="off",
            ws="none",
            timeout_graceful_shutdown=2,
        )
        self._server = uvicorn.Server(config)
        self._stopping = asyncio.Event()
        self._task = asyncio.create_task(self._run(self._server, sock), name=f"uvicorn-{self.port}")
        while not self._server.started:
            if self._task.done():
                sock.close()
                self._task.result()
                raise RuntimeError("the local server did not start")
            await asyncio.sleep(0.005)

    async def _run(self, server: uvicorn.Server, sock: socket.socket) -> None:
        config = server.config
        if not config.loaded:
            config.load()
        server.lifespan = config.lifespan_class(config)
        await server.startup(sockets=[sock])
        try:
            await self._stopping.wait()
        finally:
            await self._shutdown(server, sock)

    @staticmethod
    async def _shutdown(server: uvicorn.Server, sock: socket.socket) -> None:
        """uvicorn's graceful shutdown, without its fixed 0.1 s pause."""
        for listener in server.servers:
            listener.close()
        sock.close()
        state = server.server_state
        for connection in list(state.connections):
            connection.shutdown()  # idle keep-alive connections close, busy ones finish first
        loop = asyncio.get_running_loop()
        deadline = loop.time() + server.config.timeout_graceful_shutdown
        while (state.connections or state.tasks) and loop.time() < deadline:
            await asyncio.sleep(0.002)
        for task in list(state.tasks):
            task.cancel()
        for listener in server.servers:
            await listener.wait_closed()

    async def stop(self) -> None:
        if self._server is None or self._task is None:
            return
        self._stopping.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), timeout=5)
        except TimeoutError:
            self._server.force_exit = True
            await self._task
        finally:
            self._server = None
            self._task = None


@contextlib.asynccontextmanager
async def serve_asgi(app: Any) -> AsyncIterator[str]:
    """``async with serve_asgi(app) as url:`` serves ``app`` at ``url`` (http://127.0.0.1:port)."""
    server = LocalServer(app)
    await server.start()
    try:
        yield server.url
    finally:
        await server.stop()


# --------------------------------------------------------------------------------------------
# The stand-in

_METHODS: dict[str, tuple[str, Callable[..., Any]]] = {}


def _method(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        _METHODS[name.lower()] = (name, function)
        return function

    return register


class BotApiStandIn:
    """The Telegram Bot API for one bot, on a random free port of 127.0.0.1.

    Use ``async with BotApiStandIn(...) as api:``; ``api.base_url`` goes to
    ``ApplicationBuilder().base_url(...)`` or ``telegram.Bot(token, base_url=...)``.
    """

    def __init__(
        self,
        token: str = "123456:TEST-token",
        username: str = "fjordby_bot",
        first_name: str | None = None,
        *,
        max_poll_seconds: float = 2.0,
        strict_entities: bool = True,
        limits: FloodLimits | None = None,
        record_calls: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``limits``: enforce Telegram's flood limits (see FloodLimits); None enforces none.

        ``record_calls=False`` is for big broadcasts: successful sends are not added to
        ``calls`` and the messages sent are not kept (so they cannot be edited, deleted, replied
        to or read back with ``messages_in``); ``delivered_count`` and ``duplicates`` still work,
        from per-chat counts and text digests. Failed calls and all other calls are recorded.
        ``clock`` is what the flood limiter reads, ``time.monotonic`` unless a test fakes time.
        """
        self.token = token
        self.max_poll_seconds = max_poll_seconds
        self.strict_entities = strict_entities
        self.limits = limits
        self.record_calls = record_calls
        self.flood_stats = FloodStats()
        self._clock = clock
        bot_id = int(token.split(":", 1)[0])
        self.me: JsonDict = {
            "id": bot_id,
            "is_bot": True,
            "first_name": first_name or username.removesuffix("_bot").removesuffix("bot").capitalize() or username,
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.calls: list[Call] = []
        self.users: dict[int, JsonDict] = {}
        self.chats: dict[int, JsonDict] = {}
        self.blocked: set[int] = set()
        self.migrated: dict[int, int] = {}  # a group upgraded to a supergroup: its old id -> the new one
        self.webhook: JsonDict | None = None  # url, secret_token, allowed_updates, max_connections
        self.callback_answers: dict[str, JsonDict] = {}
        self.uploads: dict[str, Upload] = {}  # file_id -> the uploaded file
        self._messages: dict[int, list[_Stored]] = {}
        self._next_message_id: dict[int, int] = {}
        self._members: dict[int, dict[int, str]] = {}
        self._join_requests: dict[int, dict[int, _Request]] = {}  # chat id -> user id -> pending request
        self._not_started: set[int] = set()  # people who never opened a private chat with the bot
        self._photos: dict[str, list[JsonDict]] = {}  # file_id of any size -> the photo's PhotoSize list
        self._invite_links: dict[int, list[JsonDict]] = {}
        self._commands: dict[tuple[str, str], list[JsonDict]] = {}
        self._queries: dict[str, bool] = {}  # issued callback query id -> answered
        self._failures: list[_Failure] = []
        self._queue: list[_Queued] = []
        self._next_update_id = 100_000_001
        self._allowed_updates: frozenset[str] = DEFAULT_UPDATE_TYPES
        self._file_paths: dict[str, str] = {}
        self._webhook_error: tuple[int, str] | None = None
        self._poll_generation = 0
        self._poll_event = asyncio.Event()
        self._recorded = asyncio.Event()
        self._closing = False
        self._server: LocalServer | None = None
        self._port: int | None = None
        # the flood limiter's windows, trimmed as time passes: counted calls of the last second
        # as (time, chat id), and of the last minute to groups; per chat only while non-empty
        self._last_second: deque[tuple[float, int]] = deque()
        self._last_second_by_chat: dict[int, deque[float]] = {}
        self._last_minute_to_groups: deque[tuple[float, int]] = deque()
        self._last_minute_by_group: dict[int, deque[float]] = {}
        # deliveries: per chat a count, and per (chat, text) digest a count
        self._delivered: dict[int, int] = {}
        self._delivered_texts: dict[bytes, int] = {}
        self._duplicate_texts: dict[int, list[str]] = {}
        self._sent: dict[int, list[JsonDict]] = {}  # as sent, when record_calls
        self._bulk: list[tuple[int, int, str | None]] = []  # (first id, count, language code)
        self._bulk_forgotten: set[int] = set()

    # -- life cycle ---------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def start(self) -> None:
        app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._endpoint, methods=["GET", "POST"]),
                Route("/file/bot{token}/{file_path:path}", self._file_endpoint, methods=["GET"]),
                Route("/{rest:path}", self._not_found, methods=["GET", "POST"]),
            ]
        )
        self._closing = False
        self._server = LocalServer(app)
        await self._server.start()
        self._port = self._server.port

    async def stop(self) -> None:
        if self._server is None:
            return
        self._closing = True
        self._wake_polls()  # pending long polls answer at once
        try:
            await self._server.stop()
        finally:
            self._server = None

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the stand-in is not running; use it in `async with`")
        return self._port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """For python-telegram-bot's ``base_url``: it requests ``{base_url}{token}/{method}``."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    # -- people and chats ---------------------------------------------------------------------

    def user(
        self,
        id: int,
        first_name: str,
        language_code: str | None = "en",
        username: str | None = None,
        *,
        started: bool = True,
        **extra: Any,
    ) -> JsonDict:
        """A person who has started the bot: their User dict; their private chat (id == user id) exists.

        With ``started=False`` they never opened a chat with the bot: it may not write to them
        ("bot can't initiate conversation with a user") until they write to it, except for a few
        minutes while a join request of theirs is pending.
        """
        last_name = extra.pop("last_name", None)
        user: JsonDict = {"id": id, "is_bot": False, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        user.update(extra)
        self.users[id] = user
        chat: JsonDict = {"id": id, "first_name": first_name}
        if user.get("last_name"):
            chat["last_name"] = user["last_name"]
        if username:
            chat["username"] = username
        chat["type"] = "private"
        self.chats[id] = chat
        self._bulk_forgotten.discard(id)
        if started:
            self._not_started.discard(id)
        else:
            self._not_started.add(id)
        return copy.deepcopy(user)

    def users_bulk(self, first_id: int, count: int, language_code: str | None = "en") -> range:
        """``count`` people with ids ``first_id .. first_id + count - 1`` who started the bot.

        As cheap for 100,000 as for one: their User and private Chat dicts ("User <id>") are
        made when asked for, not stored (they are not in ``users`` or ``chats``). ``user()``
        may still give one of them a name; ``block`` and ``forget_chat`` work as for anyone.
        """
        if first_id <= 0 or count < 0:
            raise ValueError("private chat ids are positive and count is not negative")
        self._bulk.append((int(first_id), int(count), language_code))
        return range(first_id, first_id + count)

    def _bulk_language(self, user_id: int) -> tuple[bool, str | None]:
        for first, count, language_code in self._bulk:
            if first <= user_id < first + count:
                return True, language_code
        return False, None

    def _user_by_id(self, user_id: int) -> JsonDict | None:
        user = self.users.get(user_id)
        if user is not None or not self._bulk:
            return user
        found, language_code = self._bulk_language(user_id)
        if not found:
            return None
        user = {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"}
        if language_code:
            user["language_code"] = language_code
        return user

    def _chat_by_id(self, chat_id: int) -> JsonDict | None:
        chat = self.chats.get(chat_id)
        if chat is not None or not self._bulk or chat_id in self._bulk_forgotten:
            return chat
        if not self._bulk_language(chat_id)[0]:
            return None
        return {"id": chat_id, "first_name": f"User {chat_id}", "type": "private"}

    def group(self, chat_id: int, title: str, username: str | None = None) -> JsonDict:
        """A supergroup the bot administers: its Chat dict."""
        return self._register_chat(chat_id, title, "supergroup", username)

    def channel(self, chat_id: int, title: str, username: str | None = None) -> JsonDict:
        """A channel the bot administers: its Chat dict."""
        return self._register_chat(chat_id, title, "channel", username)

    def _register_chat(self, chat_id: int, title: str, kind: str, username: str | None) -> JsonDict:
        if chat_id >= 0:
            raise ValueError("group and channel ids are negative, e.g. -1001234567890")
        chat: JsonDict = {"id": chat_id, "title": title}
        if username:
            chat["username"] = username
        chat["type"] = kind
        self.chats[chat_id] = chat
        self._members.setdefault(chat_id, {})[self.me["id"]] = "administrator"
        return copy.deepcopy(chat)

    def upgrade_group(self, old_id: int, new_id: int) -> JsonDict:
        """The group becomes a supergroup with a new id, as Telegram does it: the migration service message is
        posted in the old group, its members and title move, and sends or edits to the old id answer 400 with
        parameters.migrate_to_chat_id. The new chat's dict."""
        old = self._chat(old_id)
        new = self._register_chat(int(new_id), old["title"], "supergroup", old.get("username"))
        self._members[int(new_id)] = dict(self._members.get(int(old_id), {}))
        self.feed(message={"message_id": self._take_message_id(int(old_id)), "from": copy.deepcopy(self.me),
                           "chat": copy.deepcopy(old), "date": _now(), "migrate_to_chat_id": int(new_id)})
        self.migrated[int(old_id)] = int(new_id)
        return new

    def block(self, user_id: int) -> None:
        """The person blocks the bot: sends and edits to their private chat answer 403."""
        self.blocked.add(int(user_id))

    def unblock(self, user_id: int) -> None:
        self.blocked.discard(int(user_id))

    def forget_chat(self, chat_id: int) -> None:
        """The chat is gone (deleted, or the bot was removed): "Bad Request: chat not found"."""
        self.chats.pop(int(chat_id), None)
        if self._bulk_language(int(chat_id))[0]:
            self._bulk_forgotten.add(int(chat_id))

    def add_member(self, chat_id: int, user: Any, status: str = "member") -> None:
        """Set a person's status in a group or channel: creator, administrator, member, left, kicked."""
        self._members.setdefault(int(chat_id), {})[self._user(user)["id"]] = status

    def member_status(self, chat_id: int, user_id: int) -> str:
        return self._members.get(int(chat_id), {}).get(int(user_id), "left")

    def join_requests(self, chat_id: int) -> set[int]:
        """Ids of the people whose join requests to the chat are pending."""
        return set(self._join_requests.get(int(chat_id), {}))

    def invite_links(self, chat_id: int) -> list[JsonDict]:
        return copy.deepcopy(self._invite_links.get(int(chat_id), []))

    def commands(self, scope: JsonDict | None = None, language_code: str = "") -> list[JsonDict]:
        """The commands set with setMyCommands for this scope and language."""
        return copy.deepcopy(self._commands.get(self._commands_key(scope, language_code), []))

    # -- failures -----------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        status: int = 429,
        retry_after: int | None = 2,
        times: int = 1,
        chat_id: int | str | None = None,
        description: str | None = None,
    ) -> None:
        """The next ``times`` calls of ``method`` (to ``chat_id`` if given) answer with ``status``.

        429 answers "Too Many Requests: retry after N" with ``parameters.retry_after``; other
        statuses carry Telegram's description for them unless ``description`` is given.
        """
        self._failures.append(
            _Failure(method.lower(), status, retry_after if status == 429 else None, times, chat_id, description)
        )

    def _take_failure(self, method: str, params: JsonDict) -> ApiError | None:
        for failure in self._failures:
            if failure.method != method.lower():
                continue
            if failure.chat_id is not None and not _same_id(params.get("chat_id"), failure.chat_id):
                continue
            failure.times -= 1
            if failure.times <= 0:
                self._failures.remove(failure)
            description = failure.description or description_for(failure.status, failure.retry_after)
            parameters = {"retry_after": failure.retry_after} if failure.status == 429 else None
            return ApiError(failure.status, description, parameters)
        return None

    # -- reading what the bot did -------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        wanted = method.lower()
        return [call for call in self.calls if call.method.lower() == wanted]

    def clear_calls(self) -> None:
        self.calls.clear()

    async def wait_for(self, method: str, count: int = 1, timeout: float = 5, **match: Any) -> list[Call]:
        """Wait until ``count`` calls of ``method`` whose params match ``match`` were recorded.

        Values compare loosely (123 == "123"); a callable value is a predicate on the param.
        Returns all matching calls; raises TimeoutError listing the recorded calls otherwise.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            found = [call for call in self.calls_to(method) if _matches(call.params, match)]
            if len(found) >= count:
                return found
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(self._describe_wait(method, count, match, found))
            event = self._recorded
            try:
                await asyncio.wait_for(event.wait(), timeout=remaining)
            except TimeoutError:
                pass

    def _describe_wait(self, method: str, count: int, match: JsonDict, found: list[Call]) -> str:
        polling = method.lower() == "getupdates"
        shown = [call for call in self.calls if polling or call.method != "getUpdates"]
        hidden = len(self.calls) - len(shown)
        lines = [f"expected {count} {method} call(s) matching {match!r}, got {len(found)}; recorded calls:"]
        lines += [f"  {call}" for call in shown] or ["  (none)"]
        if hidden:
            lines.append(f"  (and {hidden} getUpdates calls)")
        return "\n".join(lines)

    def messages_in(self, chat_id: int, *, everyone: bool = False) -> list[JsonDict]:
        """The bot's messages in the chat as they are now (after edits and deletions).

        With ``everyone=True`` the people's messages fed with send_text are included too.
        """
        return [copy.deepcopy(s.message) for s in self._messages.get(int(chat_id), []) if everyone or s.by_bot]

    def last_message(self, chat_id: int) -> JsonDict | None:
        messages = self.messages_in(chat_id)
        return messages[-1] if messages else None

    def message(self, chat_id: int, message_id: int) -> JsonDict | None:
        stored = self._find(int(chat_id), int(message_id))
        return copy.deepcopy(stored.message) if stored else None

    @staticmethod
    def buttons(message: Any) -> list[list[tuple[str, str | None]]]:
        """The message's inline keyboard as rows of (text, callback_data or url or other value)."""
        message = _plain(message)
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

    def file_bytes(self, file_id: str) -> bytes:
        return self.uploads[file_id].content

    def photo_sizes(self, file_id: str) -> list[JsonDict]:
        """The PhotoSize dicts of the photo one of whose sizes has this file_id (smallest first)."""
        return copy.deepcopy(self._photos[file_id])

    def max_rate(self, window_seconds: float, chat_id: int | None = None) -> int:
        """The most sends and edits accepted (to ``chat_id``, or in all) inside any window of that length.

        Windows are half-open, ``(s, s + window_seconds]``, as the limiter's; see FloodStats.max_rate.
        """
        return self.flood_stats.max_rate(window_seconds, chat_id)

    def delivered_count(self, chat_id: int) -> int:
        """How many messages the bot sent to the chat successfully (edits and deletions aside)."""
        return self._delivered.get(int(chat_id), 0)

    def duplicates(self, key: Callable[[JsonDict], Any] | None = None) -> dict[int, list[Any]]:
        """Chat id -> the texts the bot delivered to that chat more than once, each listed once.

        By default a message's text is its ``text`` (or ``caption``; messages with neither are
        left out), counted from digests kept for every send, also with ``record_calls=False``.
        ``key`` (message as sent -> hashable, None to leave it out) compares other things and
        lists the keys; it needs the sent messages, so ``record_calls=True``.
        """
        if key is None:
            return {chat_id: list(texts) for chat_id, texts in self._duplicate_texts.items()}
        if not self.record_calls:
            raise RuntimeError("duplicates(key=...) needs the sent messages: use record_calls=True")
        found: dict[int, list[Any]] = {}
        for chat_id, sent in self._sent.items():
            seen: dict[Any, int] = {}
            for message in sent:
                value = key(message)
                if value is None:
                    continue
                seen[value] = seen.get(value, 0) + 1
                if seen[value] == 2:
                    found.setdefault(chat_id, []).append(value)
        return found

    # -- feeding updates ----------------------------------------------------------------------

    def feed(self, **fields: Any) -> JsonDict:
        """Queue an arbitrary update, e.g. ``api.feed(my_chat_member={...})``; returns it."""
        update = {"update_id": self._next_update_id, **copy.deepcopy(fields)}
        self._next_update_id += 1
        self._queue.append(_Queued(update))
        self._wake_polls()
        return copy.deepcopy(update)

    def send_text(
        self,
        user: Any,
        text: str,
        chat: Any = None,
        reply_to: Any = None,
    ) -> JsonDict:
        """A person writes ``text`` in their private chat (or in a group): the queued Update."""
        message = self._persons_message(user, chat, reply_to)
        message["text"] = text
        command = re.match(r"/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,})?", text)
        if command:
            message["entities"] = [{"offset": 0, "length": utf16_len(command.group(0)), "type": "bot_command"}]
        self._messages.setdefault(message["chat"]["id"], []).append(_Stored(copy.deepcopy(message), by_bot=False))
        return self.feed(message=message)

    def channel_post(self, chat: Any, text: str) -> JsonDict:
        """Someone posts ``text`` in a channel: the queued Update. As in Telegram, a channel post names the
        channel as its sender (``sender_chat``) and carries no ``from``: who wrote it is not told."""
        chat = _plain(chat)
        chat_id = chat["id"] if isinstance(chat, dict) else int(chat)
        target = self._chat_by_id(chat_id)
        if target is None or target["type"] != "channel":
            raise ValueError(f"chat {chat_id} is not a registered channel (api.channel)")
        message: JsonDict = {
            "message_id": self._take_message_id(chat_id),
            "sender_chat": copy.deepcopy(target),
            "chat": copy.deepcopy(target),
            "date": _now(),
            "text": text,
        }
        command = re.match(r"/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,})?", text)
        if command:
            message["entities"] = [{"offset": 0, "length": utf16_len(command.group(0)), "type": "bot_command"}]
        self._messages.setdefault(chat_id, []).append(_Stored(copy.deepcopy(message), by_bot=False))
        return self.feed(channel_post=message)

    def send_photo(
        self,
        user: Any,
        caption: str | None = None,
        chat: Any = None,
        *,
        width: int = 1280,
        height: int = 960,
        content: bytes | None = None,
    ) -> JsonDict:
        """A person sends a photo (with ``caption``) in their private chat or a group: the queued Update.

        The photo is kept in its sizes as Telegram does, the largest last, so the bot may download
        it or send it again by any size's file_id; ``content`` defaults to a PNG of that size.
        """
        message = self._persons_message(user, chat, None)
        content = png_bytes(width, height) if content is None else content
        message["photo"] = self._new_photo(Upload("photo.png", content, "image/png"), (width, height))
        if caption:
            message["caption"] = caption
            command = re.match(r"/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,})?", caption)
            if command:
                length = utf16_len(command.group(0))
                message["caption_entities"] = [{"offset": 0, "length": length, "type": "bot_command"}]
        self._messages.setdefault(message["chat"]["id"], []).append(_Stored(copy.deepcopy(message), by_bot=False))
        return self.feed(message=message)

    def _persons_message(self, user: Any, chat: Any, reply_to: Any) -> JsonDict:
        """The head of a message a person writes: id, sender, chat, date; writing privately starts the bot."""
        sender = self._user(user)
        chat, reply_to = _plain(chat), _plain(reply_to)
        chat_id = sender["id"] if chat is None else (chat["id"] if isinstance(chat, dict) else int(chat))
        target = self._chat_by_id(chat_id)
        if target is None:
            raise ValueError(f"chat {chat_id} is not registered (api.user / api.group)")
        if target["type"] == "channel":
            raise ValueError("people do not write in channels")
        if target["type"] == "private":
            self._not_started.discard(chat_id)
        else:
            if self.member_status(chat_id, sender["id"]) == "kicked":
                raise ValueError(f"user {sender['id']} is banned from chat {chat_id}")
            members = self._members.setdefault(chat_id, {})
            if members.get(sender["id"], "left") == "left":
                members[sender["id"]] = "member"
        message: JsonDict = {
            "message_id": self._take_message_id(chat_id),
            "from": copy.deepcopy(sender),
            "chat": copy.deepcopy(target),
            "date": _now(),
        }
        if reply_to is not None:
            message["reply_to_message"] = self._quoted(reply_to)
        return message

    def press(self, user: Any, message: Any, data: str, *, strict: bool = True) -> JsonDict:
        """A person presses the inline button with ``data`` under the bot's ``message``: the Update.

        The callback query carries the message as it is now; with ``strict`` the message must
        still exist and still carry a button with that callback_data.
        """
        presser = self._user(user)
        message = _plain(message)
        chat_id = message["chat"]["id"]
        stored = self._find(chat_id, message["message_id"])
        if stored is None and strict:
            raise ValueError(f"message {message['message_id']} is not in chat {chat_id}")
        current = copy.deepcopy(stored.message if stored else message)
        if strict:
            data_values = [value for row in self.buttons(current) for (_, value) in row]
            if data not in data_values:
                raise ValueError(
                    f"message {message['message_id']} has no button with data {data!r}: {self.buttons(current)}"
                )
        query_id = str(secrets.randbits(63))
        self._queries[query_id] = False
        return self.feed(
            callback_query={
                "id": query_id,
                "from": copy.deepcopy(presser),
                "message": current,
                "chat_instance": str(-(abs(chat_id) * 7919 % 10**18) - 1),
                "data": data,
            }
        )

    def press_button(self, user: Any, message: Any, text: str) -> JsonDict:
        """Press the inline button labelled ``text`` under the message."""
        message = _plain(message)
        stored = self._find(message["chat"]["id"], message["message_id"])
        current = stored.message if stored else message
        for row in self.buttons(current):
            for label, value in row:
                if label == text:
                    return self.press(user, message, value)
        raise ValueError(f"no button {text!r} under message {message['message_id']}: {self.buttons(current)}")

    def join_request(
        self,
        user: Any,
        chat_id: int,
        invite_link: Any = None,
        bio: str | None = None,
    ) -> JsonDict:
        """A person asks to join the chat (through ``invite_link`` if given): the queued Update.

        Until the request is approved or declined, and for at most five minutes, the bot may write
        to them privately even if they never started it.
        """
        requester = self._user(user)
        invite_link = _plain(invite_link)
        chat_id = int(chat_id)
        target = self._chat_by_id(chat_id)
        if target is None:
            raise ValueError(f"chat {chat_id} is not registered (api.group / api.channel)")
        if target["type"] == "private":
            raise ValueError("nobody asks to join a private chat")
        status = self.member_status(chat_id, requester["id"])
        if status == "kicked":
            raise ValueError(f"user {requester['id']} is banned from chat {chat_id}")
        if status not in ("left", "restricted"):
            raise ValueError(f"user {requester['id']} is in chat {chat_id} already")
        if requester["id"] in self._join_requests.get(chat_id, {}):
            raise ValueError(f"user {requester['id']} has asked to join chat {chat_id} already")
        request: JsonDict = {
            "chat": copy.deepcopy(target),
            "from": copy.deepcopy(requester),
            "user_chat_id": requester["id"],
            "date": _now(),
        }
        if bio is not None:
            request["bio"] = bio
        if invite_link is not None:
            url = invite_link["invite_link"] if isinstance(invite_link, dict) else invite_link
            link = next((lk for lk in self._invite_links.get(chat_id, []) if lk["invite_link"] == url), None)
            if link is None:
                link = (
                    invite_link
                    if isinstance(invite_link, dict)
                    else {
                        "invite_link": url,
                        "creator": self._bot_user(),
                        "creates_join_request": True,
                        "is_primary": False,
                        "is_revoked": False,
                    }
                )
            elif link.get("creates_join_request"):
                link["pending_join_request_count"] = link.get("pending_join_request_count", 0) + 1
            request["invite_link"] = copy.deepcopy(link)
        self._join_requests.setdefault(chat_id, {})[requester["id"]] = _Request(
            self._clock(), request["invite_link"]["invite_link"] if "invite_link" in request else None
        )
        return self.feed(chat_join_request=request)

    def resend(self, update: Any) -> JsonDict:
        """Queue the very same update (same update_id) again, as an at-least-once redelivery.

        The next getUpdates hands it out even if the bot already confirmed that update_id.
        """
        update = _plain(update)
        self._queue.append(_Queued(copy.deepcopy(update), forced=True))
        self._wake_polls()
        return copy.deepcopy(update)

    def pending_updates(self) -> list[JsonDict]:
        return [copy.deepcopy(q.update) for q in self._queue]

    def updates_for_webhook(self) -> list[JsonDict]:
        """Take the queued updates out of the queue, to be POSTed to a webhook by the test."""
        taken = [q.update for q in self._queue]
        self._queue.clear()
        return taken

    async def post_update(self, url: str, update: Any, secret_token: str | None = None) -> int:
        """POST one update to a webhook URL as Telegram does; the HTTP status code."""
        update = _plain(update)
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret_token} if secret_token is not None else {}
        async with httpx.AsyncClient(timeout=10, verify=client_ssl_context()) as client:
            response = await client.post(url, json=update, headers=headers)
        return response.status_code

    async def deliver_webhook_updates(self) -> list[int]:
        """POST every queued update to the webhook set with setWebhook; their status codes.

        Updates the webhook did not accept with a 2xx stay queued, as Telegram retries them.
        """
        if not self.webhook:
            raise RuntimeError("no webhook is set")
        statuses = []
        kept = []
        for queued in list(self._queue):
            status = await self.post_update(self.webhook["url"], queued.update, self.webhook.get("secret_token"))
            statuses.append(status)
            if not 200 <= status < 300:
                kept.append(queued)
                self._webhook_error = (_now(), f"Wrong response from the webhook: {status} {description_for(status)}")
        self._queue = kept
        return statuses

    # -- internals ----------------------------------------------------------------------------

    def _user(self, user: Any) -> JsonDict:
        user = _plain(user)
        user_id = user["id"] if isinstance(user, dict) else int(user)
        found = self._user_by_id(user_id)
        if found is None:
            raise ValueError(f"user {user_id} is not registered (api.user)")
        return found

    def _wake_polls(self) -> None:
        event, self._poll_event = self._poll_event, asyncio.Event()
        event.set()

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        event, self._recorded = self._recorded, asyncio.Event()
        event.set()

    def _take_message_id(self, chat_id: int) -> int:
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        return message_id

    def _find(self, chat_id: int, message_id: int) -> _Stored | None:
        for stored in self._messages.get(chat_id, []):
            if stored.message["message_id"] == message_id:
                return stored
        return None

    @staticmethod
    def _quoted(message: JsonDict) -> JsonDict:
        quoted = copy.deepcopy(message)
        quoted.pop("reply_to_message", None)
        return quoted

    def _chat(self, chat_id: Any) -> JsonDict:
        if chat_id is None or chat_id == "":
            raise _bad("chat_id is empty")
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            for chat in self.chats.values():
                if chat.get("username", "").lower() == chat_id[1:].lower():
                    return chat
            raise ApiError(400, CHAT_NOT_FOUND)
        try:
            key = int(chat_id)
        except (TypeError, ValueError):
            raise ApiError(400, CHAT_NOT_FOUND) from None
        chat = self._chat_by_id(key)
        if chat is None:
            raise ApiError(400, CHAT_NOT_FOUND)
        return chat

    def _writable_chat(self, chat_id: Any) -> JsonDict:
        chat = self._chat(chat_id)
        if chat["id"] in self.migrated:
            raise ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat",
                           {"migrate_to_chat_id": self.migrated[chat["id"]]})
        if chat["type"] == "private" and chat["id"] in self.blocked:
            raise ApiError(403, BLOCKED)
        if chat["type"] == "private" and chat["id"] in self._not_started and not self._asks_to_join(chat["id"]):
            raise ApiError(403, CANT_INITIATE)
        return chat

    def _asks_to_join(self, user_id: int) -> bool:
        """Whether a join request of theirs is pending and young enough that the bot may write to them."""
        now = self._clock()
        return any(
            user_id in pending and now - pending[user_id].at <= JOIN_REQUEST_CHAT_SECONDS
            for pending in self._join_requests.values()
        )

    def _group_chat(self, chat_id: Any) -> JsonDict:
        chat = self._chat(chat_id)
        if chat["type"] == "private":
            raise _bad("method is available for supergroup and channel chats only")
        return chat

    def _formatted(self, text: Any, parse_mode: Any, entities: Any) -> tuple[str, list[JsonDict]]:
        text = "" if text is None else str(text)
        mode = (parse_mode or "").lower()
        if mode == "html":
            plain, found = parse_html(text, strict_entities=self.strict_entities)
        elif not mode:
            plain, found = text, list(entities or [])
        elif mode in ("markdown", "markdownv2"):
            plain, found = text, []  # Markdown is taken literally here: not interpreted, not validated
        else:
            raise _bad("unsupported parse_mode")
        return _trim(plain, found)

    def _message_text(self, req: _Req) -> tuple[str, list[JsonDict]]:
        text, entities = self._formatted(req.get("text"), req.get("parse_mode"), req.get("entities"))
        if not text:
            raise _bad("message text is empty")
        if len(text) > MESSAGE_TEXT_LIMIT:
            raise _bad("message is too long")
        return text, entities

    def _caption(self, req: _Req) -> tuple[str, list[JsonDict]]:
        caption, entities = self._formatted(req.get("caption"), req.get("parse_mode"), req.get("caption_entities"))
        if len(caption) > CAPTION_LIMIT:
            raise _bad("message caption is too long")
        return caption, entities

    def _bot_user(self) -> JsonDict:
        """The bot as a User inside messages and links (getMe alone tells the can_* fields)."""
        return {key: self.me[key] for key in ("id", "is_bot", "first_name", "username")}

    def _new_bot_message(self, chat: JsonDict, req: _Req) -> JsonDict:
        message: JsonDict = {"message_id": self._take_message_id(chat["id"])}
        if chat["type"] == "channel":
            message["sender_chat"] = copy.deepcopy(chat)
        else:
            message["from"] = self._bot_user()
        message["chat"] = copy.deepcopy(chat)
        message["date"] = _now()
        reply = req.get("reply_parameters")
        reply_to_id = reply.get("message_id") if isinstance(reply, dict) else req.get("reply_to_message_id")
        if reply_to_id is not None:
            target = self._find(chat["id"], _as_int(reply_to_id, "message_id"))
            allow = (isinstance(reply, dict) and _as_bool(reply.get("allow_sending_without_reply"))) or _as_bool(
                req.get("allow_sending_without_reply")
            )
            if target is not None:
                message["reply_to_message"] = self._quoted(target.message)
            elif not allow:
                raise _bad("message to be replied not found")
        return message

    def _store_bot_message(self, chat: JsonDict, message: JsonDict) -> JsonDict:
        chat_id = chat["id"]
        self._count_delivery(chat_id, message)
        if not self.record_calls:
            return message
        self._messages.setdefault(chat_id, []).append(_Stored(copy.deepcopy(message), by_bot=True))
        self._sent.setdefault(chat_id, []).append(message)  # nothing else holds it: stays as sent
        return copy.deepcopy(message)

    def _count_delivery(self, chat_id: int, message: JsonDict) -> None:
        self._delivered[chat_id] = self._delivered.get(chat_id, 0) + 1
        text = _delivery_text(message)
        if text is None:
            return
        digest = hashlib.blake2b(f"{chat_id}\x00{text}".encode("utf-8", "surrogatepass"), digest_size=16).digest()
        times = self._delivered_texts.get(digest, 0) + 1
        self._delivered_texts[digest] = times
        if times == 2:
            self._duplicate_texts.setdefault(chat_id, []).append(text)

    # -- the flood limiter --------------------------------------------------------------------

    def _admit(self, method: str, params: JsonDict) -> None:
        """Count a send or edit, or refuse it with 429 if it would exceed ``self.limits``."""
        if method.lower() not in FLOOD_COUNTED_METHODS:
            return
        try:
            chat_id = self._chat(params.get("chat_id"))["id"]
        except ApiError:
            return  # the method answers with its own error
        now = self._clock()
        limits = self.limits
        if limits is not None:
            self._trim_windows(now)
            wait = 0.0
            # `over` calls must leave a full window first, the oldest first (one, unless the
            # limits were lowered meanwhile): the call waits for the last of them
            second = self._last_second
            over = len(second) + 1 - limits.bot_capacity
            if over > 0:
                wait = max(wait, second[over - 1][0] + SECOND - now)
            if chat_id > 0:
                mine = self._last_second_by_chat.get(chat_id, ())
                over = len(mine) + 1 - limits.chat_capacity
                if over > 0:
                    wait = max(wait, mine[over - 1] + SECOND - now)
            else:
                mine = self._last_minute_by_group.get(chat_id, ())
                over = len(mine) + 1 - limits.group_capacity
                if over > 0:
                    wait = max(wait, mine[over - 1] + MINUTE - now)
            if wait > 0:
                self.flood_stats.rejected_429 += 1
                retry_after = max(1, math.ceil(wait - _EPSILON))
                raise ApiError(429, description_for(429, retry_after), {"retry_after": retry_after})
            second.append((now, chat_id))
            if chat_id > 0:
                self._last_second_by_chat.setdefault(chat_id, deque()).append(now)
            else:
                self._last_minute_to_groups.append((now, chat_id))
                self._last_minute_by_group.setdefault(chat_id, deque()).append(now)
        self.flood_stats._accept(now, chat_id)

    def _trim_windows(self, now: float) -> None:
        """Drop the calls that left their windows; O(1) amortised, as each leaves once."""
        for calls, by_chat, horizon in (
            (self._last_second, self._last_second_by_chat, now - SECOND),
            (self._last_minute_to_groups, self._last_minute_by_group, now - MINUTE),
        ):
            while calls and calls[0][0] <= horizon:
                _, chat_id = calls.popleft()
                mine = by_chat.get(chat_id)
                if mine is not None:  # a group's call also sits in the last second, not by chat
                    mine.popleft()
                    if not mine:
                        del by_chat[chat_id]

    def _bot_message(self, req: _Req, what: str = "edit") -> tuple[JsonDict, _Stored]:
        if req.get("inline_message_id") is not None:
            raise _bad("MESSAGE_ID_INVALID")
        chat = self._writable_chat(req.get("chat_id"))
        if req.get("message_id") is None:
            raise _bad("message identifier is not specified")
        stored = self._find(chat["id"], _as_int(req.get("message_id"), "message_id"))
        if stored is None or not stored.by_bot:
            raise _bad(f"message to {what} not found")
        return chat, stored

    @staticmethod
    def _commands_key(scope: Any, language_code: Any) -> tuple[str, str]:
        scope = scope or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(language_code or "")

    def _chat_member(self, user: JsonDict, status: str) -> JsonDict:
        member: JsonDict = {"status": status, "user": copy.deepcopy(user)}
        if status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            member.update(
                {
                    "can_be_edited": False,
                    "is_anonymous": False,
                    "can_manage_chat": True,
                    "can_delete_messages": True,
                    "can_manage_video_chats": True,
                    "can_restrict_members": True,
                    "can_promote_members": False,
                    "can_change_info": True,
                    "can_invite_users": True,
                    "can_post_stories": False,
                    "can_edit_stories": False,
                    "can_delete_stories": False,
                }
            )
        elif status == "kicked":
            member["until_date"] = 0
        return member

    # -- HTTP ---------------------------------------------------------------------------------

    async def _not_found(self, request: Request) -> Response:
        return JSONResponse({"ok": False, "error_code": 404, "description": "Not Found"}, status_code=404)

    async def _read_params(self, request: Request) -> tuple[JsonDict, dict[str, Upload]]:
        raw: dict[str, str] = dict(request.query_params.multi_items())
        typed: JsonDict = {}
        files: dict[str, Upload] = {}
        body = await request.body()
        content_type = request.headers.get("content-type", "")
        kind = content_type.split(";", 1)[0].strip().lower()
        if body:
            if kind == "application/json":
                try:
                    data = json.loads(body)
                except ValueError:
                    raise _bad("can't parse JSON object") from None
                if not isinstance(data, dict):
                    raise _bad("can't parse JSON object")
                for key, value in data.items():
                    if isinstance(value, str):
                        raw[key] = value
                    else:
                        typed[key] = value
            elif kind == "application/x-www-form-urlencoded":
                raw.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
            elif kind == "multipart/form-data":
                boundary = re.search(r'boundary="?([^";]+)"?', content_type)
                if not boundary:
                    raise _bad("can't parse multipart form")
                fields, files = _parse_multipart(body, boundary.group(1).encode())
                raw.update(fields)
        params = {key: _coerce(key, value) for key, value in raw.items()}
        params.update(typed)
        # attach://name references point at uploaded parts
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://") and value[9:] in files:
                params[key] = files[value[9:]]
        for key, upload in files.items():
            params.setdefault(key, upload)
        return params, files

    async def _endpoint(self, request: Request) -> Response:
        name = request.path_params["method"]
        entry = _METHODS.get(name.lower())
        call = Call(entry[0] if entry else name, {}, http_method=request.method)
        try:
            call.params, files = await self._read_params(request)
            if request.path_params["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            if entry is None:
                raise ApiError(404, "Not Found")
            injected = self._take_failure(call.method, call.params)
            if injected is not None:
                raise injected
            self._admit(call.method, call.params)
            result = entry[1](self, _Req(call.params, request, files))
            if asyncio.iscoroutine(result):
                result = await result
        except ApiError as error:
            call.error_code = error.code
            call.description = error.description
            call.params = copy.deepcopy(call.params)
            self._record(call)
            return JSONResponse(error.body(), status_code=error.code)
        except Exception as crash:  # noqa: BLE001 - a stand-in fault shows in the calls, not as a hang
            call.error_code = 500
            call.description = f"Internal Server Error: stand-in fault {crash!r}"
            self._record(call)
            return JSONResponse({"ok": False, "error_code": 500, "description": call.description}, status_code=500)
        if not self.record_calls and call.method.lower() in SENDING_METHODS:
            return JSONResponse({"ok": True, "result": result})
        call.params = copy.deepcopy(call.params)
        call.result = copy.deepcopy(result)
        self._record(call)
        return JSONResponse({"ok": True, "result": result})

    async def _file_endpoint(self, request: Request) -> Response:
        if request.path_params["token"] != self.token:
            return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, status_code=401)
        file_id = self._file_paths.get(request.path_params["file_path"])
        if file_id is None:
            return JSONResponse({"ok": False, "error_code": 404, "description": "Not Found"}, status_code=404)
        upload = self.uploads[file_id]
        return Response(upload.content, media_type=upload.content_type)

    # -- methods ------------------------------------------------------------------------------

    @_method("getMe")
    def _get_me(self, req: _Req) -> JsonDict:
        return copy.deepcopy(self.me)

    @_method("logOut")
    def _log_out(self, req: _Req) -> bool:
        return True

    @_method("close")
    def _close(self, req: _Req) -> bool:
        return True

    @_method("getUpdates")
    async def _get_updates(self, req: _Req) -> list[JsonDict]:
        if self.webhook:
            raise ApiError(409, WEBHOOK_CONFLICT)
        offset = _as_int(req.get("offset") or 0, "offset")
        limit = min(max(_as_int(req.get("limit") or 100, "limit"), 1), 100)
        try:
            timeout = min(max(float(req.get("timeout") or 0), 0.0), self.max_poll_seconds)
        except (TypeError, ValueError):
            raise _bad('field "timeout" must be of type Integer') from None
        allowed = req.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = frozenset(allowed) if allowed else DEFAULT_UPDATE_TYPES
        self._poll_generation += 1
        generation = self._poll_generation
        self._wake_polls()  # an older long poll ends with 409
        self._confirm(offset)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if await req.request.is_disconnected():
                return []  # the poller went away (cancelled); nothing is handed out
            if generation != self._poll_generation:
                raise ApiError(409, POLL_CONFLICT)
            if self.webhook:
                raise ApiError(409, WEBHOOK_CONFLICT)
            batch = self._batch(limit)
            remaining = deadline - loop.time()
            if batch or self._closing or remaining <= 0:
                break
            event = self._poll_event
            try:
                await asyncio.wait_for(event.wait(), timeout=min(remaining, 0.25))
            except TimeoutError:
                pass
        for queued in batch:
            queued.forced = False
        return [copy.deepcopy(queued.update) for queued in batch]

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self._queue = [q for q in self._queue if q.forced or q.update["update_id"] >= offset]
        elif offset < 0:
            self._queue = self._queue[offset:]

    def _batch(self, limit: int) -> list[_Queued]:
        def kind(update: JsonDict) -> str:
            return next(key for key in update if key != "update_id")

        self._queue = [q for q in self._queue if kind(q.update) in self._allowed_updates]
        return self._queue[:limit]

    @_method("setWebhook")
    def _set_webhook(self, req: _Req) -> bool:
        url = req.get("url") or ""
        secret = req.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise _bad("secret token contains unallowed characters")
        if _as_bool(req.get("drop_pending_updates")):
            self._queue.clear()
        if not url:
            self.webhook = None
            return True
        if not re.match(r"^https?://[^\s/]+", url):
            raise _bad("bad webhook: Failed to resolve host: Name or service not known")
        allowed = req.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = frozenset(allowed) if allowed else DEFAULT_UPDATE_TYPES
        self.webhook = {
            "url": url,
            "secret_token": secret,
            "max_connections": _as_int(req.get("max_connections") or 40, "max_connections"),
            "ip_address": req.get("ip_address"),
            "allowed_updates": allowed,
        }
        self._webhook_error = None
        self._wake_polls()
        return True

    @_method("deleteWebhook")
    def _delete_webhook(self, req: _Req) -> bool:
        self.webhook = None
        if _as_bool(req.get("drop_pending_updates")):
            self._queue.clear()
        return True

    @_method("getWebhookInfo")
    def _get_webhook_info(self, req: _Req) -> JsonDict:
        info: JsonDict = {
            "url": self.webhook["url"] if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._queue),
        }
        if self.webhook:
            info["max_connections"] = self.webhook["max_connections"]
            info["ip_address"] = self.webhook.get("ip_address") or "127.0.0.1"
            if self.webhook.get("allowed_updates"):
                info["allowed_updates"] = list(self.webhook["allowed_updates"])
            if self._webhook_error:
                info["last_error_date"], info["last_error_message"] = self._webhook_error
        return info

    @_method("setMyCommands")
    def _set_my_commands(self, req: _Req) -> bool:
        commands = req.get("commands")
        if not isinstance(commands, list):
            raise _bad("can't parse commands JSON object")
        if len(commands) > 100:
            raise _bad("too many commands")
        stored = []
        for command in commands:
            if not isinstance(command, dict):
                raise _bad("can't parse BotCommand JSON object")
            name = command.get("command")
            description = command.get("description")
            if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise _bad("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
            stored.append({"command": name, "description": description})
        self._commands[self._commands_key(req.get("scope"), req.get("language_code"))] = stored
        return True

    @_method("getMyCommands")
    def _get_my_commands(self, req: _Req) -> list[JsonDict]:
        return copy.deepcopy(self._commands.get(self._commands_key(req.get("scope"), req.get("language_code")), []))

    @_method("deleteMyCommands")
    def _delete_my_commands(self, req: _Req) -> bool:
        self._commands.pop(self._commands_key(req.get("scope"), req.get("language_code")), None)
        return True

    @_method("setMyDescription")
    def _set_my_description(self, req: _Req) -> bool:
        return True

    @_method("setMyShortDescription")
    def _set_my_short_description(self, req: _Req) -> bool:
        return True

    @_method("setMyName")
    def _set_my_name(self, req: _Req) -> bool:
        return True

    @_method("setChatMenuButton")
    def _set_chat_menu_button(self, req: _Req) -> bool:
        return True

    @_method("sendChatAction")
    def _send_chat_action(self, req: _Req) -> bool:
        self._writable_chat(req.get("chat_id"))
        return True

    @_method("sendMessage")
    def _send_message(self, req: _Req) -> JsonDict:
        chat = self._writable_chat(req.get("chat_id"))
        text, entities = self._message_text(req)
        keyboard = _check_reply_markup(req.get("reply_markup"))
        message = self._new_bot_message(chat, req)
        message["text"] = text
        if entities:
            message["entities"] = entities
        if keyboard:
            message["reply_markup"] = keyboard
        return self._store_bot_message(chat, message)

    @_method("sendDocument")
    def _send_document(self, req: _Req) -> JsonDict:
        chat = self._writable_chat(req.get("chat_id"))
        document = req.get("document")
        if document is None or document == "":
            raise _bad("there is no document in the request")
        if isinstance(document, Upload):
            upload = document
        elif isinstance(document, str) and document in self._photos:
            raise _bad("type of file mismatch")
        elif isinstance(document, str) and document in self.uploads:
            upload = self.uploads[document]
        elif isinstance(document, str) and re.match(r"^https?://", document):
            upload = Upload(document.rstrip("/").rsplit("/", 1)[-1] or "file", b"")
        else:
            raise _bad("wrong file identifier/HTTP URL specified")
        caption, caption_entities = self._caption(req)
        keyboard = _check_reply_markup(req.get("reply_markup"))
        message = self._new_bot_message(chat, req)
        file_id = next((fid for fid, known in self.uploads.items() if known is upload), None)
        if file_id is None:
            file_id = "BQACAgIAAxkDAAI" + secrets.token_urlsafe(24)
            self.uploads[file_id] = upload
        message["document"] = {
            "file_name": upload.filename,
            "mime_type": upload.content_type,
            "file_id": file_id,
            "file_unique_id": "AgAD" + file_id[-12:],
            "file_size": len(upload.content),
        }
        if caption:
            message["caption"] = caption
            if caption_entities:
                message["caption_entities"] = caption_entities
        if keyboard:
            message["reply_markup"] = keyboard
        return self._store_bot_message(chat, message)

    @_method("sendPhoto")
    def _send_photo(self, req: _Req) -> JsonDict:
        chat = self._writable_chat(req.get("chat_id"))
        photo = req.get("photo")
        if photo is None or photo == "":
            raise _bad("there is no photo in the request")
        if isinstance(photo, Upload):
            sizes = self._uploaded_photo(photo)
        elif isinstance(photo, str) and photo in self._photos:
            sizes = copy.deepcopy(self._photos[photo])  # sent again: all its sizes, the same files
        elif isinstance(photo, str) and photo in self.uploads:
            raise _bad("type of file mismatch")
        elif isinstance(photo, str) and re.match(r"^https?://[^\s/]+", photo):
            # Telegram would fetch the URL; the stand-in takes it on trust, as a landscape picture
            name = photo.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or "photo.jpg"
            sizes = self._new_photo(Upload(name, b"", "image/jpeg"), (1280, 960), url=photo)
        else:
            raise _bad("wrong file identifier/HTTP URL specified")
        caption, caption_entities = self._caption(req)
        keyboard = _check_reply_markup(req.get("reply_markup"))
        message = self._new_bot_message(chat, req)
        message["photo"] = sizes
        if caption:
            message["caption"] = caption
            if caption_entities:
                message["caption_entities"] = caption_entities
        if _as_bool(req.get("show_caption_above_media")):
            message["show_caption_above_media"] = True
        if _as_bool(req.get("has_spoiler")):
            message["has_media_spoiler"] = True
        if keyboard:
            message["reply_markup"] = keyboard
        return self._store_bot_message(chat, message)

    def _uploaded_photo(self, upload: Upload) -> list[JsonDict]:
        """Telegram's checks of an uploaded photo: an image, at most 10 MB, sides at most 10000 together, 1:20."""
        if len(upload.content) > PHOTO_MAX_BYTES:
            raise _bad("PHOTO_SAVE_FILE_INVALID")
        size = image_size(upload.content)
        if size is None or min(size) < 1:
            raise _bad("IMAGE_PROCESS_FAILED")
        width, height = size
        if width + height > 10000 or max(width, height) > 20 * min(width, height):
            raise _bad("PHOTO_INVALID_DIMENSIONS")
        return self._new_photo(upload, size)

    def _new_photo(self, upload: Upload, size: tuple[int, int], url: str | None = None) -> list[JsonDict]:
        """Keep a photo in Telegram's sizes (each side scaled into 90, 320, 800 and 1280), the largest last."""
        if url is not None:
            for sizes in self._photos.values():
                if self.uploads[sizes[-1]["file_id"]].filename == url:
                    return copy.deepcopy(sizes)  # Telegram keeps what it fetched from a URL
        width, height = size
        longest = max(width, height)
        boxes = [box for box in PHOTO_SIDES[:-1] if box < longest] + [min(longest, PHOTO_SIDES[-1])]
        sizes = []
        for box in boxes:
            scale = box / longest
            file_id = "AgACAgIAAxkBAAI" + secrets.token_urlsafe(24)
            sizes.append(
                {
                    "file_id": file_id,
                    "file_unique_id": "AQAD" + file_id[-12:],
                    "width": max(1, round(width * scale)),
                    "height": max(1, round(height * scale)),
                    "file_size": max(1, round(len(upload.content) * scale * scale)) if upload.content else 0,
                }
            )
            self.uploads[file_id] = Upload(url or upload.filename, upload.content, upload.content_type)
        for entry in sizes:
            if not entry["file_size"]:
                del entry["file_size"]
            self._photos[entry["file_id"]] = sizes
        return copy.deepcopy(sizes)

    @_method("getFile")
    def _get_file(self, req: _Req) -> JsonDict:
        file_id = req.get("file_id")
        if file_id not in self.uploads:
            raise _bad("invalid file_id")
        upload = self.uploads[file_id]
        path = next((p for p, fid in self._file_paths.items() if fid == file_id), None)
        if path is None:
            suffix = upload.filename.rsplit(".", 1)[-1] if "." in upload.filename else "bin"
            folder = "photos" if file_id in self._photos else "documents"
            path = f"{folder}/file_{len(self._file_paths)}.{suffix}"
            self._file_paths[path] = file_id
        return {
            "file_id": file_id,
            "file_unique_id": "AgAD" + file_id[-12:],
            "file_size": len(upload.content),
            "file_path": path,
        }

    @_method("editMessageText")
    def _edit_message_text(self, req: _Req) -> JsonDict:
        _, stored = self._bot_message(req)
        if "text" not in stored.message:
            raise _bad("there is no text in the message to edit")
        text, entities = self._message_text(req)
        keyboard = _check_reply_markup(req.get("reply_markup"))
        current = stored.message
        if (
            current["text"] == text
            and current.get("entities", []) == entities
            and current.get("reply_markup") == keyboard
        ):
            raise _bad(NOT_MODIFIED.removeprefix("Bad Request: "))
        current["text"] = text
        current.pop("entities", None)
        if entities:
            current["entities"] = entities
        self._set_keyboard(current, keyboard)
        current["edit_date"] = _now()
        return copy.deepcopy(current)

    @_method("editMessageCaption")
    def _edit_message_caption(self, req: _Req) -> JsonDict:
        _, stored = self._bot_message(req)
        current = stored.message
        if "text" in current:
            raise _bad("there is no caption in the message to edit")
        caption, entities = self._caption(req)
        keyboard = _check_reply_markup(req.get("reply_markup"))
        if (
            current.get("caption", "") == caption
            and current.get("caption_entities", []) == entities
            and current.get("reply_markup") == keyboard
        ):
            raise _bad(NOT_MODIFIED.removeprefix("Bad Request: "))
        current.pop("caption", None)
        current.pop("caption_entities", None)
        if caption:
            current["caption"] = caption
            if entities:
                current["caption_entities"] = entities
        self._set_keyboard(current, keyboard)
        current["edit_date"] = _now()
        return copy.deepcopy(current)

    @_method("editMessageReplyMarkup")
    def _edit_message_reply_markup(self, req: _Req) -> JsonDict:
        _, stored = self._bot_message(req)
        keyboard = _check_reply_markup(req.get("reply_markup"))
        current = stored.message
        if current.get("reply_markup") == keyboard:
            raise _bad(NOT_MODIFIED.removeprefix("Bad Request: "))
        self._set_keyboard(current, keyboard)
        current["edit_date"] = _now()
        return copy.deepcopy(current)

    @staticmethod
    def _set_keyboard(message: JsonDict, keyboard: JsonDict | None) -> None:
        message.pop("reply_markup", None)
        if keyboard:
            message["reply_markup"] = keyboard

    @_method("deleteMessage")
    def _delete_message(self, req: _Req) -> bool:
        chat = self._chat(req.get("chat_id"))
        if req.get("message_id") is None:
            raise _bad("message identifier is not specified")
        stored = self._find(chat["id"], _as_int(req.get("message_id"), "message_id"))
        if stored is None:
            raise _bad("message to delete not found")
        self._messages[chat["id"]].remove(stored)
        return True

    @_method("answerCallbackQuery")
    def _answer_callback_query(self, req: _Req) -> bool:
        query_id = str(req.get("callback_query_id") or "")
        if self._queries.get(query_id, True):
            raise ApiError(400, QUERY_INVALID)
        if len(str(req.get("text") or "")) > 200:
            raise _bad("MESSAGE_TOO_LONG")
        self._queries[query_id] = True
        self.callback_answers[query_id] = {
            key: req.get(key) for key in ("text", "show_alert", "url", "cache_time") if req.get(key) is not None
        }
        return True

    @_method("getChat")
    def _get_chat(self, req: _Req) -> JsonDict:
        chat = copy.deepcopy(self._chat(req.get("chat_id")))
        chat.update(
            {
                "accent_color_id": 0,
                "max_reaction_count": 11,
                "accepted_gift_types": {
                    "unlimited_gifts": False,
                    "limited_gifts": False,
                    "unique_gifts": False,
                    "premium_subscription": False,
                    "gifts_from_channels": False,
                },
            }
        )
        return chat

    @_method("getChatMember")
    def _get_chat_member(self, req: _Req) -> JsonDict:
        chat = self._chat(req.get("chat_id"))
        user_id = _as_int(req.get("user_id"), "user_id")
        if user_id == self.me["id"]:
            user = self._bot_user()
        elif (known := self._user_by_id(user_id)) is not None:
            user = known
        else:
            raise _bad("user not found")
        if chat["type"] == "private":
            status = "member" if user_id in (chat["id"], self.me["id"]) else "left"
        else:
            status = self.member_status(chat["id"], user_id)
        return self._chat_member(user, status)

    @_method("createChatInviteLink")
    def _create_chat_invite_link(self, req: _Req) -> JsonDict:
        chat = self._group_chat(req.get("chat_id"))
        name = req.get("name")
        if name is not None and len(str(name)) > 32:
            raise _bad("INVITE_LINK_NAME_INVALID")
        link: JsonDict = {
            "invite_link": "https://t.me/+" + secrets.token_urlsafe(12)[:16],
            "creator": self._bot_user(),
            "creates_join_request": _as_bool(req.get("creates_join_request")),
            "is_primary": False,
            "is_revoked": False,
        }
        if name:
            link["name"] = str(name)
        if req.get("expire_date") is not None:
            link["expire_date"] = _as_int(req.get("expire_date"), "expire_date")
        if req.get("member_limit") is not None:
            limit = _as_int(req.get("member_limit"), "member_limit")
            if not 1 <= limit <= 99999:
                raise _bad("USAGE_LIMIT_INVALID")
            link["member_limit"] = limit
        if link["creates_join_request"] and "member_limit" in link:
            raise _bad("member limit can't be specified for links requiring administrator approval")
        self._invite_links.setdefault(chat["id"], []).append(link)
        return copy.deepcopy(link)

    @_method("revokeChatInviteLink")
    def _revoke_chat_invite_link(self, req: _Req) -> JsonDict:
        chat = self._group_chat(req.get("chat_id"))
        for link in self._invite_links.get(chat["id"], []):
            if link["invite_link"] == req.get("invite_link"):
                link["is_revoked"] = True
                return copy.deepcopy(link)
        raise _bad("INVITE_HASH_EXPIRED")

    @_method("approveChatJoinRequest")
    def _approve_chat_join_request(self, req: _Req) -> bool:
        chat, user_id = self._pending_request(req)
        self._members.setdefault(chat["id"], {})[user_id] = "member"
        return True

    @_method("declineChatJoinRequest")
    def _decline_chat_join_request(self, req: _Req) -> bool:
        self._pending_request(req)
        return True

    def _pending_request(self, req: _Req) -> tuple[JsonDict, int]:
        chat = self._group_chat(req.get("chat_id"))
        user_id = _as_int(req.get("user_id"), "user_id")
        if self.member_status(chat["id"], user_id) in ("member", "administrator", "creator"):
            raise _bad("USER_ALREADY_PARTICIPANT")
        if user_id not in self._join_requests.get(chat["id"], {}):
            raise _bad("HIDE_REQUESTER_MISSING")
        self._drop_request(chat["id"], user_id)
        return chat, user_id

    def _drop_request(self, chat_id: int, user_id: int) -> None:
        """The request is settled: it leaves the pending ones, and its link counts one fewer."""
        request = self._join_requests.get(chat_id, {}).pop(user_id, None)
        if request is None or request.link is None:
            return
        for link in self._invite_links.get(chat_id, []):
            if link["invite_link"] == request.link and link.get("pending_join_request_count"):
                link["pending_join_request_count"] -= 1
                if not link["pending_join_request_count"]:
                    del link["pending_join_request_count"]
                return

    def _person_in(self, req: _Req) -> int:
        """The user_id of a ban or unban: a person Telegram knows, or the bot itself."""
        user_id = _as_int(req.get("user_id"), "user_id")
        if user_id <= 0:
            raise _bad("invalid user_id specified")
        if user_id != self.me["id"] and self._user_by_id(user_id) is None:
            raise _bad("PARTICIPANT_ID_INVALID")
        return user_id

    @_method("banChatMember")
    def _ban_chat_member(self, req: _Req) -> bool:
        chat = self._group_chat(req.get("chat_id"))
        user_id = self._person_in(req)
        status = self.member_status(chat["id"], user_id)
        if user_id == self.me["id"] or status == "creator":
            raise _bad("can't remove chat owner")
        if status == "administrator":
            raise _bad("user is an administrator of the chat")
        self._members.setdefault(chat["id"], {})[user_id] = "kicked"
        self._drop_request(chat["id"], user_id)
        return True

    @_method("unbanChatMember")
    def _unban_chat_member(self, req: _Req) -> bool:
        chat = self._group_chat(req.get("chat_id"))
        user_id = self._person_in(req)
        status = self.member_status(chat["id"], user_id)
        if status == "kicked" or (status in ("member", "restricted") and not _as_bool(req.get("only_if_banned"))):
            self._members.setdefault(chat["id"], {})[user_id] = "left"
        return True
