"""What the stand-in records of each request, and refusals in Telegram's shape with its wording."""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

JsonDict = dict[str, Any]

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
CHAT_NOT_FOUND = "Bad Request: chat not found"
BLOCKED = "Forbidden: bot was blocked by the user"
CANT_INITIATE = "Forbidden: bot can't initiate conversation with a user"
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)
POLL_CONFLICT = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"


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
    #: made by Telegram from the body of the webhook's response to an update, not requested by the bot
    in_response: bool = False

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


def bad(description: str) -> ApiError:
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
class Crash:
    """A fault inside the stand-in itself while it served a request (the bot got HTTP 500)."""

    method: str
    error: BaseException
    traceback: str

    def __str__(self) -> str:
        return f"{self.method}: {self.error!r}\n{self.traceback}"


class StandInCrashed(AssertionError):
    """The stand-in failed while serving the test's bot: a bug in the stand-in or a request it cannot handle.

    Raised when the stand-in stops with crashes recorded; a test that provokes one on purpose reads and
    clears ``api.crashes`` before the stand-in stops.
    """

    def __init__(self, crashes: list[Crash]) -> None:
        shown = "\n".join(str(crash) for crash in crashes)
        super().__init__(f"the Bot API stand-in crashed {len(crashes)} time(s) serving the bot:\n{shown}")
        self.crashes = list(crashes)
