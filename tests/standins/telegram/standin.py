"""The Bot API stand-in itself: its state, its life cycle, and the HTTP front that dispatches to the methods."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import hashlib
import json
import secrets
import time
import traceback
import weakref
from collections.abc import Callable
from urllib.parse import parse_qsl
from typing import ClassVar, Self

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.standins.telegram.endpoints import METHODS, Req
from tests.standins.telegram.feeding import Feeding
from tests.standins.telegram.flood import FLOOD_COUNTED_METHODS, SENDING_METHODS, FloodLimiter, FloodLimits, FloodStats
from tests.standins.telegram.images import PHOTO_SIDES
from tests.standins.telegram.multipart import coerce, read_params
from tests.standins.telegram.people import People
from tests.standins.telegram.reading import Reading
from tests.standins.telegram.records import (ApiError, Call, Crash, JsonDict, StandInCrashed, Upload, bad,
                                            description_for)
from tests.standins.telegram.server import LocalServer
from tests.standins.telegram.state import DEFAULT_UPDATE_TYPES, Failure, JoinRequest, Query, Queued, Stored
from tests.standins.telegram.values import as_bool, as_int, same_id, unix_now


def delivery_text(message: JsonDict) -> str | None:
    """What duplicates() compares by default: the text, or else the caption."""
    text = message.get("text")
    return text if text is not None else message.get("caption")


class BotApiStandIn(People, Feeding, Reading):
    """The Telegram Bot API for one bot, on a random free port of 127.0.0.1.

    Use ``async with BotApiStandIn(...) as api:``; ``api.base_url`` goes to
    ``ApplicationBuilder().base_url(...)`` or ``telegram.Bot(token, base_url=...)``.

    A fault inside the stand-in answers HTTP 500, is recorded in ``crashes`` and fails the test when
    the stand-in stops (StandInCrashed); a test that provokes one on purpose clears ``crashes``.
    """

    _running: ClassVar[weakref.WeakSet[BotApiStandIn]] = weakref.WeakSet()

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
        answer_seconds: float = 0.0,
    ) -> None:
        """``limits``: enforce Telegram's flood limits (see FloodLimits); None enforces none.

        ``record_calls=False`` is for big broadcasts: successful sends are not added to
        ``calls`` and the messages sent are not kept (so they cannot be edited, deleted, replied
        to or read back with ``messages_in``); ``delivered_count`` and ``duplicates`` still work,
        from per-chat counts and text digests. Failed calls and all other calls are recorded.
        ``clock`` (``time.monotonic`` unless a test fakes time) is what the flood limiter reads, and
        what tells how old a button press or a join request is.
        ``answer_seconds`` holds each answer to a send back that long after the message is delivered, as
        Telegram's round trip does; ``unanswered`` counts the sends delivered and not yet answered (in flight:
        a sender killed now never learns they went), and ``answered_at`` tells, for each chat, when the answer
        to its last send left (``clock``'s seconds).
        """
        self.token = token
        self.max_poll_seconds = max_poll_seconds
        self.strict_entities = strict_entities
        self.record_calls = record_calls
        self.answer_seconds = answer_seconds
        self.unanswered = 0
        self.answered_at: dict[int, float] = {}
        self.flood_stats = FloodStats()
        self._limiter = FloodLimiter(limits, self.flood_stats)
        self.crashes: list[Crash] = []  # faults inside the stand-in; stopping with any left fails the test
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
        self._messages: dict[int, list[Stored]] = {}
        self._next_message_id: dict[int, int] = {}
        self._members: dict[int, dict[int, str]] = {}
        #: a channel's id -> the id of its linked discussion group
        self._discussions: dict[int, int] = {}
        self._join_requests: dict[int, dict[int, JoinRequest]] = {}  # chat id -> user id -> pending request
        self._not_started: set[int] = set()  # people who never opened a private chat with the bot
        self._photos: dict[str, list[JsonDict]] = {}  # file_id of any size -> the photo's PhotoSize list
        self._invite_links: dict[int, list[JsonDict]] = {}
        self._commands: dict[tuple[str, str], list[JsonDict]] = {}
        self._queries: dict[str, Query] = {}  # issued callback query id -> when pressed, whether answered
        self._failures: list[Failure] = []
        self._queue: list[Queued] = []
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
        # deliveries: per chat a count, and per (chat, text) digest a count
        self._delivered: dict[int, int] = {}
        self._delivered_texts: dict[bytes, int] = {}
        self._duplicate_texts: dict[int, list[str]] = {}
        self._sent: dict[int, list[JsonDict]] = {}  # as sent, when record_calls
        self._bulk: list[tuple[int, int, str | None]] = []  # (first id, count, language code)
        self._bulk_forgotten: set[int] = set()

    @property
    def limits(self) -> FloodLimits | None:
        """The flood limits enforced now; a test may change them (None: no limits)."""
        return self._limiter.limits

    @limits.setter
    def limits(self, limits: FloodLimits | None) -> None:
        self._limiter.limits = limits

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, kind: object, error: BaseException | None, trace: object) -> None:
        try:
            await self.stop()
        except StandInCrashed as crashed:
            if error is None:
                raise
            error.add_note(str(crashed))  # the test failed already; say what the stand-in saw

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
        BotApiStandIn._running.add(self)

    async def stop(self) -> None:
        """Stop serving. Raises StandInCrashed if the stand-in crashed serving the bot meanwhile."""
        if self._server is None:
            return
        self._closing = True
        self._wake_polls()  # pending long polls answer at once
        try:
            await self._server.stop()
        finally:
            self._server = None
            BotApiStandIn._running.discard(self)
        self.check_crashes()

    @classmethod
    def running(cls) -> list[BotApiStandIn]:
        """The stand-ins started and not stopped yet (a test's finaliser checks them for crashes)."""
        return list(cls._running)

    def check_crashes(self) -> None:
        """Raise StandInCrashed for the crashes recorded so far (and forget them, so each is told once)."""
        if self.crashes:
            crashes, self.crashes = self.crashes, []
            raise StandInCrashed(crashes)

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
            Failure(method.lower(), status, retry_after if status == 429 else None, times, chat_id, description)
        )

    def _take_failure(self, method: str, params: JsonDict) -> ApiError | None:
        for failure in self._failures:
            if failure.method != method.lower():
                continue
            if failure.chat_id is not None and not same_id(params.get("chat_id"), failure.chat_id):
                continue
            failure.times -= 1
            if failure.times <= 0:
                self._failures.remove(failure)
            description = failure.description or description_for(failure.status, failure.retry_after)
            parameters = {"retry_after": failure.retry_after} if failure.status == 429 else None
            return ApiError(failure.status, description, parameters)
        return None

    def _take_message_id(self, chat_id: int) -> int:
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        return message_id

    def _find(self, chat_id: int, message_id: int) -> Stored | None:
        for stored in self._messages.get(chat_id, []):
            if stored.message["message_id"] == message_id:
                return stored
        return None

    @staticmethod
    def _quoted(message: JsonDict) -> JsonDict:
        quoted = copy.deepcopy(message)
        quoted.pop("reply_to_message", None)
        return quoted

    def _new_bot_message(self, chat: JsonDict, req: Req) -> JsonDict:
        message: JsonDict = {"message_id": self._take_message_id(chat["id"])}
        if chat["type"] == "channel":
            message["sender_chat"] = copy.deepcopy(chat)
        else:
            message["from"] = self._bot_user()
        message["chat"] = copy.deepcopy(chat)
        message["date"] = unix_now()
        reply = req.get("reply_parameters")
        reply_to_id = reply.get("message_id") if isinstance(reply, dict) else req.get("reply_to_message_id")
        if reply_to_id is not None:
            target = self._find(chat["id"], as_int(reply_to_id, "message_id"))
            allow = (isinstance(reply, dict) and as_bool(reply.get("allow_sending_without_reply"))) or as_bool(
                req.get("allow_sending_without_reply")
            )
            if target is not None:
                message["reply_to_message"] = self._quoted(target.message)
            elif not allow:
                raise bad("message to be replied not found")
        return message

    def _store_bot_message(self, chat: JsonDict, message: JsonDict) -> JsonDict:
        chat_id = chat["id"]
        self._count_delivery(chat_id, message)
        if not self.record_calls:
            return message
        self._messages.setdefault(chat_id, []).append(Stored(copy.deepcopy(message), by_bot=True))
        self._sent.setdefault(chat_id, []).append(message)  # nothing else holds it: stays as sent
        if chat["type"] == "channel" and chat_id in self._discussions:
            self._forward_automatically(chat, message)
        return copy.deepcopy(message)

    def _forward_automatically(self, channel: JsonDict, post: JsonDict) -> None:
        """As Telegram does for a channel with a linked discussion group: the post appears in the group as an
        automatic forward, sent on behalf of the channel by the service account 777000, naming the post it
        came from (``forward_origin`` of type "channel"). Replies to it are the post's comments. It is kept in
        the group but not fed to the bot, as a bot in privacy mode does not receive it."""
        group = self._chat_by_id(self._discussions[channel["id"]])
        if group is None:
            return
        forward: JsonDict = {
            "message_id": self._take_message_id(group["id"]),
            "from": {"id": 777000, "is_bot": False, "first_name": "Telegram"},
            "sender_chat": copy.deepcopy(channel),
            "chat": copy.deepcopy(group),
            "date": unix_now(),
            "forward_origin": {"type": "channel", "chat": copy.deepcopy(channel), "message_id": post["message_id"],
                               "date": post["date"]},
            "is_automatic_forward": True,
        }
        for key in ("text", "entities", "caption", "caption_entities", "photo"):
            if key in post:
                forward[key] = copy.deepcopy(post[key])
        self._messages.setdefault(group["id"], []).append(Stored(forward, by_bot=False))

    def _count_delivery(self, chat_id: int, message: JsonDict) -> None:
        self._delivered[chat_id] = self._delivered.get(chat_id, 0) + 1
        text = delivery_text(message)
        if text is None:
            return
        digest = hashlib.blake2b(f"{chat_id}\x00{text}".encode("utf-8", "surrogatepass"), digest_size=16).digest()
        times = self._delivered_texts.get(digest, 0) + 1
        self._delivered_texts[digest] = times
        if times == 2:
            self._duplicate_texts.setdefault(chat_id, []).append(text)

    def _keep_photo(self, upload: Upload, size: tuple[int, int], url: str | None = None) -> list[JsonDict]:
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

    def _admit(self, method: str, params: JsonDict) -> None:
        """Count a send or edit, or refuse it with 429 if it would exceed ``self.limits``."""
        if method.lower() not in FLOOD_COUNTED_METHODS:
            return
        try:
            chat_id = self._chat(params.get("chat_id"))["id"]
        except ApiError:
            return  # the method answers with its own error
        self._limiter.admit(chat_id, self._clock())

    def _bot_message(self, req: Req, what: str = "edit") -> tuple[JsonDict, Stored]:
        if req.get("inline_message_id") is not None:
            raise bad("MESSAGE_ID_INVALID")
        chat = self._writable_chat(req.get("chat_id"))
        if req.get("message_id") is None:
            raise bad("message identifier is not specified")
        stored = self._find(chat["id"], as_int(req.get("message_id"), "message_id"))
        if stored is None or not stored.by_bot:
            raise bad(f"message to {what} not found")
        return chat, stored

    async def _not_found(self, request: Request) -> Response:
        return JSONResponse({"ok": False, "error_code": 404, "description": "Not Found"}, status_code=404)

    async def carry_out_response(self, status: int, body: bytes, content_type: str) -> Call | None:
        """What Telegram does with the webhook's response to an update: a 2xx response whose body (JSON or form
        encoded) names a Bot API method in ``method`` has that one method carried out with the body's other
        fields as its parameters. Its result, or its refusal, is told to nobody; it is recorded here with
        ``in_response`` set. None when the response named no method."""
        kind = content_type.split(";", 1)[0].strip().lower()
        if not 200 <= status < 300 or not body:
            return None
        if kind == "application/json":
            try:
                data = json.loads(body)
            except ValueError:
                return None
            if not isinstance(data, dict):
                return None
            params = {key: coerce(key, value) if isinstance(value, str) else value for key, value in data.items()}
        elif kind == "application/x-www-form-urlencoded":
            params = {key: coerce(key, value)
                      for key, value in parse_qsl(body.decode("utf-8"), keep_blank_values=True)}
        else:
            return None
        name = params.pop("method", None)
        if not isinstance(name, str) or not name:
            return None
        entry = METHODS.get(name.lower())
        call = Call(entry[0] if entry else name, params, in_response=True)
        try:
            if entry is None:
                raise ApiError(404, "Not Found")
            self._admit(call.method, call.params)
            result = entry[1](self, Req(call.params, None, {}))  # type: ignore[arg-type]  # no request of the bot's
            if asyncio.iscoroutine(result):
                result = await result
        except ApiError as error:
            call.error_code, call.description = error.code, error.description
        except Exception as crash:  # noqa: BLE001 - a stand-in fault fails the test when the stand-in stops
            self.crashes.append(Crash(call.method, crash, traceback.format_exc()))
            call.error_code, call.description = 500, f"Internal Server Error: stand-in fault {crash!r}"
        else:
            call.result = copy.deepcopy(result)
            if not self.record_calls and call.method.lower() in SENDING_METHODS:
                return call
        call.params = copy.deepcopy(call.params)
        self._record(call)
        return call

    async def _endpoint(self, request: Request) -> Response:
        name = request.path_params["method"]
        entry = METHODS.get(name.lower())
        call = Call(entry[0] if entry else name, {}, http_method=request.method)
        try:
            call.params, files = await read_params(request)
            if request.path_params["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            if entry is None:
                raise ApiError(404, "Not Found")
            injected = self._take_failure(call.method, call.params)
            if injected is not None:
                raise injected
            self._admit(call.method, call.params)
            result = entry[1](self, Req(call.params, request, files))
            if asyncio.iscoroutine(result):
                result = await result
        except ApiError as error:
            call.error_code = error.code
            call.description = error.description
            call.params = copy.deepcopy(call.params)
            self._record(call)
            return JSONResponse(error.body(), status_code=error.code)
        except ClientDisconnect:
            return Response(status_code=400)  # the bot went away mid-request (killed): nobody reads this
        except Exception as crash:  # noqa: BLE001 - a stand-in fault fails the test when the stand-in stops
            self.crashes.append(Crash(call.method, crash, traceback.format_exc()))
            call.error_code = 500
            call.description = f"Internal Server Error: stand-in fault {crash!r}"
            self._record(call)
            return JSONResponse({"ok": False, "error_code": 500, "description": call.description}, status_code=500)
        if self.answer_seconds and call.method.lower() in SENDING_METHODS:
            self.unanswered += 1
            try:
                await asyncio.sleep(self.answer_seconds)
            finally:
                self.unanswered -= 1
            with contextlib.suppress(KeyError, TypeError, ValueError):
                self.answered_at[int(call.params["chat_id"])] = self._clock()
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
