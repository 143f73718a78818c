"""The bot itself: who it is, its commands, descriptions and menu button."""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING

from tests.standins.telegram.endpoints import Req, method
from tests.standins.telegram.lengths import COMMAND_DESCRIPTION_LIMIT, utf16_len
from tests.standins.telegram.records import JsonDict, bad
from tests.standins.telegram.state import commands_key

if TYPE_CHECKING:
    from tests.standins.telegram.standin import BotApiStandIn


@method("getMe")
def get_me(api: BotApiStandIn, req: Req) -> JsonDict:
    return copy.deepcopy(api.me)


@method("logOut")
def log_out(api: BotApiStandIn, req: Req) -> bool:
    return True


@method("close")
def close(api: BotApiStandIn, req: Req) -> bool:
    return True


@method("setMyCommands")
def set_my_commands(api: BotApiStandIn, req: Req) -> bool:
    commands = req.get("commands")
    if not isinstance(commands, list):
        raise bad("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad("too many commands")
    stored = []
    for command in commands:
        if not isinstance(command, dict):
            raise bad("can't parse BotCommand JSON object")
        name = command.get("command")
        description = command.get("description")
        if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_]{1,32}", name):
            raise bad("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= utf16_len(description.strip()) <= COMMAND_DESCRIPTION_LIMIT:
            raise bad("BOT_COMMAND_DESCRIPTION_INVALID")
        stored.append({"command": name, "description": description})
    api._commands[commands_key(req.get("scope"), req.get("language_code"))] = stored
    return True


@method("getMyCommands")
def get_my_commands(api: BotApiStandIn, req: Req) -> list[JsonDict]:
    return copy.deepcopy(api._commands.get(commands_key(req.get("scope"), req.get("language_code")), []))


@method("deleteMyCommands")
def delete_my_commands(api: BotApiStandIn, req: Req) -> bool:
    api._commands.pop(commands_key(req.get("scope"), req.get("language_code")), None)
    return True


@method("setMyDescription")
def set_my_description(api: BotApiStandIn, req: Req) -> bool:
    return True


@method("setMyShortDescription")
def set_my_short_description(api: BotApiStandIn, req: Req) -> bool:
    return True


@method("setMyName")
def set_my_name(api: BotApiStandIn, req: Req) -> bool:
    return True


@method("setChatMenuButton")
def set_chat_menu_button(api: BotApiStandIn, req: Req) -> bool:
    return True
