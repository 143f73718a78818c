"""The REST routes the stand-in serves, registered by the ``endpoints_*`` modules with ``@route``."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tests.standins.discord.records import JsonDict, Upload

if TYPE_CHECKING:
    from tests.standins.discord.standin import DiscordStandIn

MAJOR_PARAMETERS = ("channel_id", "guild_id", "webhook_id", "interaction_id")


@dataclass
class Req:
    """A decoded request: path parameters, query, JSON body (or multipart ``payload_json``) and files."""

    method: str
    path: str
    params: dict[str, str]
    query: dict[str, str]
    json: Any
    files: list[Upload] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def id(self, name: str) -> int:
        """A path parameter as a snowflake; a malformed one is unknown, as on Discord (404)."""
        from tests.standins.discord.records import not_found

        value = self.params[name]
        if not value.isdigit():
            raise not_found()
        return int(value)

    @property
    def body(self) -> JsonDict:
        return self.json if isinstance(self.json, dict) else {}


Handler = Callable[["DiscordStandIn", Req], Any]


@dataclass(frozen=True)
class Endpoint:
    method: str
    template: str
    pattern: re.Pattern[str]
    handler: Handler
    authorized: bool  # needs "Authorization: Bot <token>" (interaction webhooks use their token instead)
    global_limit: bool  # counts against the global limit (interaction callbacks do not)

    def major(self, params: dict[str, str]) -> str:
        if "webhook_id" in params:
            return f"{params['webhook_id']}:{params.get('webhook_token', '')}"
        if "interaction_id" in params:
            return f"{params['interaction_id']}:{params.get('interaction_token', '')}"
        for name in MAJOR_PARAMETERS:
            if name in params:
                return params[name]
        return ""


ENDPOINTS: list[Endpoint] = []


def route(
    method: str, template: str, *, authorized: bool = True, global_limit: bool = True
) -> Callable[[Handler], Handler]:
    """Registers a handler for ``METHOD /path/{param}`` (under /api/v10); earlier registrations win."""
    pattern = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template) + "$")

    def register(handler: Handler) -> Handler:
        ENDPOINTS.append(Endpoint(method, template, pattern, handler, authorized, global_limit))
        return handler

    return register


def resolve(method: str, path: str) -> tuple[Endpoint | None, dict[str, str], bool]:
    """The endpoint for a request, its path parameters, and whether the path exists for another method."""
    other_method = False
    for endpoint in ENDPOINTS:
        match = endpoint.pattern.match(path)
        if match is None:
            continue
        if endpoint.method != method:
            other_method = True
            continue
        return endpoint, match.groupdict(), False
    return None, {}, other_method
