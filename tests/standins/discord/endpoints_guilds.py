"""Guilds: their channels, roles and members, giving and taking roles, and scheduled events."""

from __future__ import annotations

import copy
import datetime as dt
from typing import TYPE_CHECKING, Any

from tests.standins.discord.endpoints import Req, route
from tests.standins.discord.records import (
    DiscordError,
    JsonDict,
    missing_permissions,
    unknown_guild,
    unknown_member,
    unknown_role,
    unknown_scheduled_event,
)
from tests.standins.discord.snowflakes import snowflake
from tests.standins.discord.validation import FormErrors

if TYPE_CHECKING:
    from tests.standins.discord.standin import DiscordStandIn

SCHEDULED, ACTIVE, COMPLETED, CANCELED = 1, 2, 3, 4
STAGE, VOICE, EXTERNAL = 1, 2, 3
GUILD_ONLY = 2
MOVES = {SCHEDULED: {ACTIVE, CANCELED}, ACTIVE: {COMPLETED}}


def guild_of(standin: DiscordStandIn, req: Req) -> int:
    guild_id = req.id("guild_id")
    if guild_id not in standin.guilds:
        raise unknown_guild()
    return guild_id


def member_of(standin: DiscordStandIn, guild_id: int, req: Req) -> int:
    user_id = req.id("user_id")
    if user_id not in standin.members[guild_id]:
        raise unknown_member()
    return user_id


def bot_top_position(standin: DiscordStandIn, guild_id: int) -> int:
    roles = standin.roles[guild_id]
    return max((roles[int(r)]["position"] for r in standin.members[guild_id][standin.bot_user_id]["roles"]), default=0)


def assignable_role(standin: DiscordStandIn, guild_id: int, req: Req) -> int:
    role_id = req.id("role_id")
    role = standin.roles[guild_id].get(role_id)
    if role is None or role_id == guild_id:
        raise unknown_role()
    if role["managed"] or role["position"] >= bot_top_position(standin, guild_id):
        raise missing_permissions()  # a bot manages only roles below its own highest
    return role_id


def member_updated(standin: DiscordStandIn, guild_id: int, user_id: int) -> None:
    standin._dispatch("GUILD_MEMBER_UPDATE", {"guild_id": str(guild_id), **standin.member_payload(guild_id, user_id)})
    standin._changed()


@route("GET", "/guilds/{guild_id}")
def get_guild(standin: DiscordStandIn, req: Req) -> Any:
    payload = standin.guild_payload(guild_of(standin, req))
    for key in ("channels", "threads", "members", "presences", "voice_states", "guild_scheduled_events"):
        payload.pop(key, None)
    return payload


@route("GET", "/guilds/{guild_id}/channels")
def get_channels(standin: DiscordStandIn, req: Req) -> Any:
    return standin.guild_payload(guild_of(standin, req))["channels"]


@route("GET", "/guilds/{guild_id}/roles")
def get_roles(standin: DiscordStandIn, req: Req) -> Any:
    return copy.deepcopy(list(standin.roles[guild_of(standin, req)].values()))


@route("POST", "/guilds/{guild_id}/roles")
def create_role(standin: DiscordStandIn, req: Req) -> Any:
    guild_id = guild_of(standin, req)
    form = FormErrors()
    form.text(("name",), req.body.get("name"), 100)
    form.raise_if_any()
    role_id = standin.role(
        guild_id, req.body.get("name") or "new role", permissions=int(req.body.get("permissions") or 0)
    )
    return copy.deepcopy(standin.roles[guild_id][role_id])


@route("GET", "/guilds/{guild_id}/members/{user_id}")
def get_member(standin: DiscordStandIn, req: Req) -> Any:
    guild_id = guild_of(standin, req)
    return standin.member_payload(guild_id, member_of(standin, guild_id, req))


@route("PATCH", "/guilds/{guild_id}/members/{user_id}")
def edit_member(standin: DiscordStandIn, req: Req) -> Any:
    guild_id = guild_of(standin, req)
    user_id = member_of(standin, guild_id, req)
    member = standin.members[guild_id][user_id]
    if "roles" in req.body:
        wanted = [int(r) for r in req.body["roles"] or []]
        for role_id in set(wanted) ^ {int(r) for r in member["roles"]}:
            role = standin.roles[guild_id].get(role_id)
            if role is None:
                raise unknown_role()
            if role["position"] >= bot_top_position(standin, guild_id):
                raise missing_permissions()
        member["roles"] = [str(r) for r in dict.fromkeys(wanted)]
    if "nick" in req.body:
        member["nick"] = req.body["nick"]
    member_updated(standin, guild_id, user_id)
    return standin.member_payload(guild_id, user_id)


@route("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}")
def add_role(standin: DiscordStandIn, req: Req) -> Any:
    guild_id = guild_of(standin, req)
    user_id = member_of(standin, guild_id, req)
    role_id = assignable_role(standin, guild_id, req)
    roles = standin.members[guild_id][user_id]["roles"]
    if str(role_id) not in roles:
        roles.append(str(role_id))
        member_updated(standin, guild_id, user_id)
    return None


@route("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}")
def remove_role(standin: DiscordStandIn, req: Req) -> Any:
    guild_id = guild_of(standin, req)
    user_id = member_of(standin, guild_id, req)
    role_id = assignable_role(standin, guild_id, req)
    roles = standin.members[guild_id][user_id]["roles"]
    if str(role_id) in roles:
        roles.remove(str(role_id))
        member_updated(standin, guild_id, user_id)
    return None


# --- scheduled events -----------------------------------------------------------------------------


def parse_time(form: FormErrors, field: str, value: Any) -> dt.datetime | None:
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        form.add((field,), "DATE_TIME_TYPE_PARSE", f"Could not parse {value}. Should be ISO8601.")
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment


def check_event(standin: DiscordStandIn, guild_id: int, event: JsonDict, *, creating: bool) -> None:
    form = FormErrors()
    form.text(("name",), event.get("name"), 100, required=True)
    form.text(("description",), event.get("description"), 1000)
    if event.get("privacy_level") != GUILD_ONLY:
        form.add(("privacy_level",), "BASE_TYPE_CHOICES", "Value must be one of {2}.")
    start = parse_time(form, "scheduled_start_time", event.get("scheduled_start_time"))
    end = parse_time(form, "scheduled_end_time", event.get("scheduled_end_time"))
    if event.get("scheduled_start_time") is None:
        form.required(("scheduled_start_time",))
    elif creating and start is not None and start <= dt.datetime.now(dt.UTC):
        form.add(("scheduled_start_time",), "GUILD_SCHEDULED_EVENT_SCHEDULE_PAST", "Cannot schedule event in the past.")
    if start is not None and end is not None and end <= start:
        form.add(
            ("scheduled_end_time",),
            "GUILD_SCHEDULED_EVENT_END_BEFORE_START",
            "Cannot schedule event to end before starting.",
        )
    kind = event.get("entity_type")
    if kind == EXTERNAL:
        location = (event.get("entity_metadata") or {}).get("location")
        form.text(("entity_metadata", "location"), location, 100, required=True)
        if event.get("scheduled_end_time") is None:
            form.required(("scheduled_end_time",))
    elif kind in (STAGE, VOICE):
        channel = event.get("channel_id")
        if channel is None or int(channel) not in standin.channels:
            form.required(("channel_id",))
    else:
        form.add(("entity_type",), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3}.")
    form.raise_if_any()


def event_of(standin: DiscordStandIn, guild_id: int, req: Req) -> JsonDict:
    event = standin.events[guild_id].get(req.id("event_id"))
    if event is None:
        raise unknown_scheduled_event()
    return event


def shown(event: JsonDict, req: Req) -> JsonDict:
    payload = copy.deepcopy(event)
    if req.query.get("with_user_count", "").lower() not in ("1", "true"):
        payload.pop("user_count", None)
    payload.pop("_interested", None)
    return payload


@route("POST", "/guilds/{guild_id}/scheduled-events")
def create_event(standin: DiscordStandIn, req: Req) -> Any:
    guild_id = guild_of(standin, req)
    body = req.body
    check_event(standin, guild_id, body, creating=True)
    event_id = snowflake()
    event: JsonDict = {
        "id": str(event_id),
        "guild_id": str(guild_id),
        "channel_id": str(body["channel_id"]) if body.get("channel_id") else None,
        "creator_id": str(standin.bot_user_id),
        "creator": copy.deepcopy(standin.bot),
        "name": body["name"],
        "description": body.get("description"),
        "scheduled_start_time": body["scheduled_start_time"],
        "scheduled_end_time": body.get("scheduled_end_time"),
        "privacy_level": GUILD_ONLY,
        "status": SCHEDULED,
        "entity_type": body["entity_type"],
        "entity_id": None,
        "entity_metadata": copy.deepcopy(body.get("entity_metadata")),
        "image": None,
        "recurrence_rule": None,
        "user_count": 0,
        "_interested": [],
    }
    standin.events[guild_id][event_id] = event
    standin._dispatch("GUILD_SCHEDULED_EVENT_CREATE", shown(event, req))
    return shown(event, req)


@route("GET", "/guilds/{guild_id}/scheduled-events")
def list_events(standin: DiscordStandIn, req: Req) -> Any:
    guild_id = guild_of(standin, req)
    return [shown(event, req) for event in standin.events[guild_id].values()]


@route("GET", "/guilds/{guild_id}/scheduled-events/{event_id}")
def get_event(standin: DiscordStandIn, req: Req) -> Any:
    guild_id = guild_of(standin, req)
    return shown(event_of(standin, guild_id, req), req)


@route("PATCH", "/guilds/{guild_id}/scheduled-events/{event_id}")
def edit_event(standin: DiscordStandIn, req: Req) -> Any:
    guild_id = guild_of(standin, req)
    event = event_of(standin, guild_id, req)
    body = req.body
    status = body.get("status")
    if status is not None and status != event["status"] and status not in MOVES.get(event["status"], set()):
        raise DiscordError(400, 180000, "Cannot update event status")  # e.g. reopening a completed event
    changed = {**event, **{k: copy.deepcopy(v) for k, v in body.items() if k != "status"}}
    if event["status"] == SCHEDULED:
        check_event(standin, guild_id, changed, creating="scheduled_start_time" in body)
    event.update({k: v for k, v in changed.items() if k in body})
    if status is not None:
        event["status"] = status
    standin._dispatch("GUILD_SCHEDULED_EVENT_UPDATE", shown(event, req))
    return shown(event, req)


@route("DELETE", "/guilds/{guild_id}/scheduled-events/{event_id}")
def delete_event(standin: DiscordStandIn, req: Req) -> Any:
    guild_id = guild_of(standin, req)
    event = event_of(standin, guild_id, req)
    del standin.events[guild_id][int(event["id"])]
    standin._dispatch("GUILD_SCHEDULED_EVENT_DELETE", shown(event, req))
    return None


@route("GET", "/guilds/{guild_id}/scheduled-events/{event_id}/users")
def event_users(standin: DiscordStandIn, req: Req) -> Any:
    guild_id = guild_of(standin, req)
    event = event_of(standin, guild_id, req)
    return [
        {"guild_scheduled_event_id": event["id"], "user": copy.deepcopy(standin.users[user_id])}
        for user_id in event["_interested"]
    ]
