"""Application commands: bulk overwrite, list, create one, global and per guild."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from tests.standins.discord.endpoints import Req, route
from tests.standins.discord.records import DiscordError, JsonDict, invalid_form, unknown_command, unknown_guild
from tests.standins.discord.snowflakes import snowflake
from tests.standins.discord.validation import check_commands

if TYPE_CHECKING:
    from tests.standins.discord.standin import DiscordStandIn


def own_application(standin: DiscordStandIn, req: Req) -> None:
    if req.params["application_id"] != str(standin.application_id):
        raise DiscordError(403, 20012, "You are not authorized to perform this action on this application")


def stored(standin: DiscordStandIn, payload: JsonDict, guild_id: int | None, old: list[JsonDict]) -> JsonDict:
    """A command as Discord returns it; one that keeps its name and type keeps its id."""
    kind = payload.get("type", 1)
    previous = next((c for c in old if c["name"] == payload["name"] and c.get("type", 1) == kind), None)
    command: JsonDict = {
        "id": previous["id"] if previous else str(snowflake()),
        "application_id": str(standin.application_id),
        "version": str(snowflake()),
        "default_member_permissions": None,
        "type": kind,
        "nsfw": False,
        "name": payload["name"],
        "name_localizations": None,
        "description": payload.get("description", ""),
        "description_localizations": None,
        "dm_permission": True,
        "contexts": None,
        "integration_types": [0],
        **copy.deepcopy(payload),
    }
    if guild_id is not None:
        command["guild_id"] = str(guild_id)
        command.pop("dm_permission", None)
    return command


def overwrite(standin: DiscordStandIn, req: Req, guild_id: int | None) -> list[JsonDict]:
    commands = req.json if isinstance(req.json, list) else None
    if commands is None:
        raise invalid_form({"_errors": [{"code": "BASE_TYPE_ARRAY", "message": "Must be an array."}]})
    check_commands(commands)
    old = standin.global_commands if guild_id is None else standin.guild_commands.get(guild_id, [])
    new = [stored(standin, payload, guild_id, old) for payload in commands]
    if guild_id is None:
        standin.global_commands = new
    else:
        standin.guild_commands[guild_id] = new
    standin._changed()
    return copy.deepcopy(new)


def guild_of(standin: DiscordStandIn, req: Req) -> int:
    guild_id = req.id("guild_id")
    if guild_id not in standin.guilds:
        raise unknown_guild()
    return guild_id


@route("PUT", "/applications/{application_id}/commands")
def put_global(standin: DiscordStandIn, req: Req) -> Any:
    own_application(standin, req)
    return overwrite(standin, req, None)


@route("GET", "/applications/{application_id}/commands")
def get_global(standin: DiscordStandIn, req: Req) -> Any:
    own_application(standin, req)
    return copy.deepcopy(standin.global_commands)


@route("POST", "/applications/{application_id}/commands")
def post_global(standin: DiscordStandIn, req: Req) -> Any:
    own_application(standin, req)
    check_commands([req.body])
    command = stored(standin, req.body, None, standin.global_commands)
    standin.global_commands = [c for c in standin.global_commands if c["id"] != command["id"]] + [command]
    standin._changed()
    return copy.deepcopy(command)


@route("DELETE", "/applications/{application_id}/commands/{command_id}")
def delete_global(standin: DiscordStandIn, req: Req) -> Any:
    own_application(standin, req)
    kept = [c for c in standin.global_commands if c["id"] != req.params["command_id"]]
    if len(kept) == len(standin.global_commands):
        raise unknown_command()
    standin.global_commands = kept
    return None


@route("PUT", "/applications/{application_id}/guilds/{guild_id}/commands")
def put_guild(standin: DiscordStandIn, req: Req) -> Any:
    own_application(standin, req)
    return overwrite(standin, req, guild_of(standin, req))


@route("GET", "/applications/{application_id}/guilds/{guild_id}/commands")
def get_guild(standin: DiscordStandIn, req: Req) -> Any:
    own_application(standin, req)
    return copy.deepcopy(standin.guild_commands.get(guild_of(standin, req), []))
