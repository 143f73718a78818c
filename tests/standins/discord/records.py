"""What the stand-in records of each request, and refusals in Discord's shape with its codes and wording."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JsonDict = dict[str, Any]


@dataclass
class Upload:
    """A file the bot uploaded in a multipart request (``files[n]``)."""

    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


@dataclass
class Call:
    """One REST request the bot made, as Discord saw it.

    ``route`` is the route template (``/channels/{channel_id}/messages``), ``path`` the real path
    under the API base, ``json`` the decoded JSON body (or ``payload_json`` of a multipart request),
    ``status`` the HTTP status answered (0: the connection was dropped on purpose), ``at`` the
    stand-in's clock when it arrived, ``response`` the JSON answered.
    """

    method: str
    path: str
    route: str
    json: Any
    status: int
    at: float
    headers: dict[str, str]
    query: dict[str, str] = field(default_factory=dict)
    files: list[Upload] = field(default_factory=list)
    response: Any = None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def __str__(self) -> str:
        shown = repr(self.json)
        if len(shown) > 300:
            shown = shown[:300] + "…"
        return f"{self.method} {self.path} {shown} -> {self.status}"


class DiscordError(Exception):
    """A refusal as Discord sends it: ``{"message": ..., "code": ...}`` (with ``errors`` for 50035)."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        errors: JsonDict | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors
        self.headers = headers or {}
        self.extra: JsonDict = {}

    def with_body(self, *, retry_after: float, is_global: bool) -> DiscordError:
        """A 429's body: ``retry_after`` in seconds and whether the global limit was hit."""
        self.extra = {"retry_after": retry_after, "global": is_global}
        return self

    def body(self) -> JsonDict:
        payload: JsonDict = {"message": self.message}
        payload.update(self.extra)
        payload["code"] = self.code
        if self.errors:
            payload["errors"] = self.errors
        return payload


def unauthorized() -> DiscordError:
    return DiscordError(401, 0, "401: Unauthorized")


def not_found() -> DiscordError:
    return DiscordError(404, 0, "404: Not Found")


def method_not_allowed() -> DiscordError:
    return DiscordError(405, 0, "405: Method Not Allowed")


def unknown(what: str, code: int) -> DiscordError:
    return DiscordError(404, code, f"Unknown {what}")


def unknown_channel() -> DiscordError:
    return unknown("Channel", 10003)


def unknown_guild() -> DiscordError:
    return unknown("Guild", 10004)


def unknown_member() -> DiscordError:
    return unknown("Member", 10007)


def unknown_message() -> DiscordError:
    return unknown("Message", 10008)


def unknown_role() -> DiscordError:
    return unknown("Role", 10011)


def unknown_user() -> DiscordError:
    return unknown("User", 10013)


def unknown_webhook() -> DiscordError:
    return unknown("Webhook", 10015)


def unknown_interaction() -> DiscordError:
    return DiscordError(404, 10062, "Unknown interaction")


def unknown_scheduled_event() -> DiscordError:
    return unknown("Guild Scheduled Event", 10070)


def unknown_command() -> DiscordError:
    return unknown("application command", 10063)


def missing_access() -> DiscordError:
    return DiscordError(403, 50001, "Missing Access")


def missing_permissions() -> DiscordError:
    return DiscordError(403, 50013, "Missing Permissions")


def cannot_dm() -> DiscordError:
    return DiscordError(403, 50007, "Cannot send messages to this user")


def not_author() -> DiscordError:
    return DiscordError(403, 50005, "Cannot edit a message authored by another user")


def empty_message() -> DiscordError:
    return DiscordError(400, 50006, "Cannot send an empty message")


def already_acknowledged() -> DiscordError:
    return DiscordError(400, 40060, "Interaction has already been acknowledged.")


def archived_thread() -> DiscordError:
    return DiscordError(400, 50083, "Thread is archived")


def invalid_form(errors: JsonDict) -> DiscordError:
    return DiscordError(400, 50035, "Invalid Form Body", errors=errors)


@dataclass
class Crash:
    """A fault inside the stand-in itself while it served a request (the bot got HTTP 500)."""

    method: str
    path: str
    error: BaseException
    traceback: str

    def __str__(self) -> str:
        return f"{self.method} {self.path}: {self.error!r}\n{self.traceback}"


class StandInCrashed(AssertionError):
    """The stand-in failed while serving the bot: a bug in the stand-in or a request it cannot handle.

    Raised when the stand-in stops with crashes recorded; a test that provokes one on purpose clears
    ``standin.crashes`` first.
    """

    def __init__(self, crashes: list[Crash]) -> None:
        shown = "\n".join(str(crash) for crash in crashes)
        super().__init__(f"the Discord stand-in crashed {len(crashes)} time(s) serving the bot:\n{shown}")
        self.crashes = list(crashes)
