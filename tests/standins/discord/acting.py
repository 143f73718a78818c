"""A person acting in Discord: a slash command, a button press, a select choice, a modal sent.

Each becomes an INTERACTION_CREATE with the payload Discord builds and reaches the bot through the
gateway; what a person cannot do in Discord's client (a command that is not registered, a button that
is not on the message, a required input left empty) raises here instead of reaching the bot.
"""

from __future__ import annotations

import copy
import secrets
from collections.abc import Iterator, Mapping
from typing import Any

from tests.standins.discord.interaction import (
    APPLICATION_COMMAND,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    InteractionHandle,
)
from tests.standins.discord.messaging import EPHEMERAL, Messaging
from tests.standins.discord.records import DiscordError, JsonDict
from tests.standins.discord.snowflakes import iso_now, snowflake
from tests.standins.discord.world import CATEGORY, FORUM, THREADS

ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024
SUBCOMMAND, SUBCOMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER = 3, 4, 5, 6, 7, 8, 9, 10


def walk_components(components: list[JsonDict]) -> Iterator[JsonDict]:
    """Every component of a message or modal, inside rows, sections, containers and labels."""
    for component in components:
        yield component
        yield from walk_components(component.get("components") or [])
        for key in ("accessory", "component"):
            if component.get(key):
                yield from walk_components([component[key]])


class Acting(Messaging):
    """What people do (mixed into DiscordStandIn)."""

    interactions: dict[int, InteractionHandle]
    interaction_response_seconds: float

    def _clock(self) -> float:
        raise NotImplementedError

    async def _deliver(self, event: str, data: JsonDict) -> None:
        raise NotImplementedError

    # --- slash commands ---------------------------------------------------------------------------

    async def slash(
        self, user_id: int, command: str, options: Mapping[str, Any] | None = None, channel: int | None = None
    ) -> InteractionHandle:
        """``user_id`` runs ``/command`` ("dream deposit": a command with its subcommand) with ``options``.

        ``channel`` None is the person's DM with the bot. The command must be registered (globally or in
        the channel's guild) and the options must fit it, as Discord's client ensures.
        """
        user_id = int(user_id)
        channel_id = self.dm_channel(user_id) if channel is None else int(channel)
        guild_id = self._acting_in(user_id, channel_id)
        words = command.strip().lstrip("/").split()
        registered = self._command_named(words[0], guild_id)
        data: JsonDict = {"id": registered["id"], "name": registered["name"], "type": registered.get("type", 1)}
        if registered.get("guild_id"):
            data["guild_id"] = registered["guild_id"]
        resolved: JsonDict = {}
        level: list[JsonDict] = registered.get("options") or []
        holder = data
        for word in words[1:]:
            nested = next((o for o in level if o["name"] == word and o["type"] in (SUBCOMMAND, SUBCOMMAND_GROUP)), None)
            if nested is None:
                raise LookupError(
                    f"/{command}: {word!r} is not a subcommand of /{' '.join(words[: words.index(word)])}"
                )
            entry: JsonDict = {"name": word, "type": nested["type"], "options": []}
            holder.setdefault("options", []).append(entry)
            holder = entry
            level = nested.get("options") or []
        if any(o["type"] in (SUBCOMMAND, SUBCOMMAND_GROUP) for o in level):
            raise LookupError(f"/{command} needs a subcommand: {[o['name'] for o in level]}")
        holder.setdefault("options", [])
        holder["options"].extend(self._option_values(command, level, dict(options or {}), guild_id, resolved))
        if not holder["options"] and holder is data:
            del data["options"]
        if resolved:
            data["resolved"] = resolved
        return await self._interact(APPLICATION_COMMAND, user_id, channel_id, guild_id, data)

    def _command_named(self, name: str, guild_id: int | None) -> JsonDict:
        candidates = list(self.guild_commands.get(guild_id, [])) if guild_id else []
        for item in self.global_commands:
            contexts = item.get("contexts")
            if guild_id is None and (
                item.get("dm_permission") is False or (contexts is not None and 1 not in contexts)
            ):
                continue
            candidates.append(item)
        for item in candidates:
            if item["name"] == name and item.get("type", 1) == 1:
                return item
        known = sorted({c["name"] for c in candidates})
        raise LookupError(f"/{name} is not a registered command here; registered: {known}")

    def _option_values(
        self, command: str, schema: list[JsonDict], given: dict[str, Any], guild_id: int | None, resolved: JsonDict
    ) -> list[JsonDict]:
        by_name = {o["name"]: o for o in schema}
        unknown = set(given) - set(by_name)
        if unknown:
            raise LookupError(f"/{command} has no option {sorted(unknown)}; it has {sorted(by_name)}")
        missing = [o["name"] for o in schema if o.get("required") and o["name"] not in given]
        if missing:
            raise ValueError(f"/{command} needs {missing}")
        values = []
        for name, value in given.items():
            option = by_name[name]
            kind = option["type"]
            if kind == STRING:
                value = str(value)
            elif kind == INTEGER:
                value = int(value)
            elif kind == NUMBER:
                value = float(value)
            elif kind == BOOLEAN:
                value = bool(value)
            elif kind in (USER, MENTIONABLE) and int(value) in self.users:
                value = str(value)
                resolved.setdefault("users", {})[value] = copy.deepcopy(self.users[int(value)])
                if guild_id and int(value) in self.members[guild_id]:
                    member = self.member_payload(guild_id, int(value), with_permissions=True)
                    member.pop("user")
                    resolved.setdefault("members", {})[value] = member
            elif kind in (ROLE, MENTIONABLE) and guild_id and int(value) in self.roles[guild_id]:
                value = str(value)
                resolved.setdefault("roles", {})[value] = copy.deepcopy(self.roles[guild_id][int(value)])
            elif kind == CHANNEL and int(value) in self.channels:
                value = str(value)
                shown = copy.deepcopy(self.channels[int(value)])
                shown["permissions"] = str(self.permissions(guild_id, self.bot_user_id)) if guild_id else "0"
                resolved.setdefault("channels", {})[value] = shown
            choices = option.get("choices")
            if choices and value not in [choice["value"] for choice in choices]:
                raise ValueError(f"/{command}: {value!r} is not one of the choices of {name}")
            values.append({"name": name, "type": kind, "value": value})
        return values

    # --- components -------------------------------------------------------------------------------

    async def press(self, user_id: int, message_id: int, custom_id: str, *, forged: bool = False) -> InteractionHandle:
        """``user_id`` presses the button ``custom_id`` on a message (``forged``: one that is not there)."""
        user_id, message = int(user_id), self.message_by_id(int(message_id))
        component = self._component(message, custom_id, forged=forged)
        if component is not None:
            if component.get("type") != 2:
                raise LookupError(f"{custom_id!r} on message {message_id} is not a button")
            if component.get("disabled"):
                raise ValueError(f"the button {custom_id!r} is disabled")
        data: JsonDict = {"custom_id": custom_id, "component_type": 2}
        if component is not None and "id" in component:
            data["id"] = component["id"]
        return await self._component_interaction(user_id, message, data)

    async def choose(
        self, user_id: int, message_id: int, custom_id: str, values: list[str], *, forged: bool = False
    ) -> InteractionHandle:
        """``user_id`` picks ``values`` in the select menu ``custom_id`` on a message."""
        user_id, message = int(user_id), self.message_by_id(int(message_id))
        component = self._component(message, custom_id, forged=forged)
        kind = 3
        if component is not None:
            kind = component.get("type")
            if kind not in (3, 5, 6, 7, 8):
                raise LookupError(f"{custom_id!r} on message {message_id} is not a select menu")
            if component.get("disabled"):
                raise ValueError(f"the select menu {custom_id!r} is disabled")
            low, high = component.get("min_values", 1), component.get("max_values", 1)
            if not low <= len(values) <= high:
                raise ValueError(f"{custom_id!r} takes {low} to {high} values, not {len(values)}")
            if kind == 3:
                offered = [option["value"] for option in component.get("options") or []]
                strange = [value for value in values if value not in offered]
                if strange:
                    raise ValueError(f"{strange} are not options of {custom_id!r}: {offered}")
        data: JsonDict = {"custom_id": custom_id, "component_type": kind, "values": [str(v) for v in values]}
        return await self._component_interaction(user_id, message, data)

    def _component(self, message: JsonDict, custom_id: str, *, forged: bool) -> JsonDict | None:
        for component in walk_components(message.get("components") or []):
            if component.get("custom_id") == custom_id:
                return component
        if forged:
            return None
        shown = [c.get("custom_id") for c in walk_components(message.get("components") or []) if c.get("custom_id")]
        raise LookupError(f"no component {custom_id!r} on message {message['id']}; it has {shown}")

    async def _component_interaction(self, user_id: int, message: JsonDict, data: JsonDict) -> InteractionHandle:
        channel_id = int(message["channel_id"])
        guild_id = self._acting_in(user_id, channel_id)
        if message["flags"] & EPHEMERAL:
            owner = message.get("interaction_metadata", {}).get("user", {}).get("id")
            if owner is not None and int(owner) != user_id:
                raise LookupError("an ephemeral message shows only to the person it answered")
        return await self._interact(MESSAGE_COMPONENT, user_id, channel_id, guild_id, data, message=message)

    # --- modals -----------------------------------------------------------------------------------

    async def submit(
        self, user_id: int, modal: JsonDict | InteractionHandle, answers: Mapping[str, str | list[str]]
    ) -> InteractionHandle:
        """``user_id`` fills in and sends a modal the bot showed them (``modal``: ``handle.modal`` or the handle).

        ``answers`` by input custom_id: a text, or a list of values for a select inside a Label. Inputs
        not answered keep the value the bot prefilled.
        """
        user_id = int(user_id)
        origin = modal if isinstance(modal, InteractionHandle) else self._modal_origin(user_id, modal)
        if origin.modal is None:
            raise LookupError("that interaction did not open a modal")
        if origin.user_id != user_id:
            raise LookupError("a modal is shown only to the person who opened it")
        shown = origin.modal
        rows = []
        inputs: set[str] = set()
        for component in shown.get("components") or []:
            if component["type"] == 1:
                text_input = component["components"][0]
                inputs.add(text_input["custom_id"])
                rows.append({"type": 1, "components": [self._answer_text(text_input, answers)]})
            elif component["type"] == 18:
                inner = component["component"]
                inputs.add(inner["custom_id"])
                if inner["type"] == 4:
                    answered = self._answer_text(inner, answers)
                else:
                    answered = self._answer_select(inner, answers)
                entry: JsonDict = {"type": 18, "component": answered}
                if "id" in component:
                    entry["id"] = component["id"]
                rows.append(entry)
            elif component["type"] == 10:
                rows.append({"type": 10, "id": component.get("id")})
        strange = set(answers) - inputs
        if strange:
            raise LookupError(f"the modal has no inputs {sorted(strange)}; it has {sorted(inputs)}")
        data = {"custom_id": shown["custom_id"], "components": rows}
        source = None
        if origin.source_message_id is not None:
            try:
                source = self.message_by_id(origin.source_message_id)
            except DiscordError:
                source = None
        handle = await self._interact(
            MODAL_SUBMIT, user_id, origin.channel_id, origin.guild_id, data, message=source, origin=origin
        )
        return handle

    def _modal_origin(self, user_id: int, modal: JsonDict) -> InteractionHandle:
        for handle in reversed(list(self.interactions.values())):
            if handle.modal is not None and handle.user_id == user_id and handle.modal == modal:
                return handle
        raise LookupError(f"no modal {modal.get('custom_id')!r} was shown to {user_id}")

    @staticmethod
    def _answer_text(text_input: JsonDict, answers: Mapping[str, str | list[str]]) -> JsonDict:
        custom_id = text_input["custom_id"]
        value = answers.get(custom_id, text_input.get("value") or "")
        if not isinstance(value, str):
            raise ValueError(f"{custom_id!r} is a text input: answer it with a text")
        if text_input.get("required", True) and not value:
            raise ValueError(f"{custom_id!r} is required: Discord does not send the modal without it")
        if value:
            low, high = text_input.get("min_length", 0), text_input.get("max_length", 4000)
            if not low <= len(value) <= high:
                raise ValueError(f"{custom_id!r} takes {low} to {high} characters, not {len(value)}")
        if text_input.get("style") == 1 and "\n" in value:
            raise ValueError(f"{custom_id!r} is a one-line input")
        return {
            "type": 4,
            "custom_id": custom_id,
            "value": value,
            **({"id": text_input["id"]} if "id" in text_input else {}),
        }

    @staticmethod
    def _answer_select(select: JsonDict, answers: Mapping[str, str | list[str]]) -> JsonDict:
        custom_id = select["custom_id"]
        values = answers.get(custom_id, [])
        values = [values] if isinstance(values, str) else list(values)
        low, high = select.get("min_values", 1), select.get("max_values", 1)
        if select.get("required", True) and not low <= len(values) <= high:
            raise ValueError(f"{custom_id!r} takes {low} to {high} values, not {len(values)}")
        offered = [option["value"] for option in select.get("options") or []]
        if select["type"] == 3 and any(value not in offered for value in values):
            raise ValueError(f"{values} are not all options of {custom_id!r}: {offered}")
        answered: JsonDict = {"type": select["type"], "custom_id": custom_id, "values": values}
        if "id" in select:
            answered["id"] = select["id"]
        return answered

    # --- plain messages ---------------------------------------------------------------------------

    async def say(
        self, user_id: int, text: str, channel: int | None = None, *, reply_to: int | None = None
    ) -> JsonDict:
        """``user_id`` writes ``text`` in a channel (None: their DM with the bot), or in a thread (a forum post's
        too), replying to message ``reply_to`` there if given; the bot gets MESSAGE_CREATE as Discord sends it:
        ``channel_id`` the thread's, a reply with its ``message_reference`` and ``referenced_message``, and in a
        server ``guild_id`` and ``member`` (the text only when the bot has the message content intent)."""
        user_id = int(user_id)
        channel_id = self.dm_channel(user_id) if channel is None else int(channel)
        guild_id = self._acting_in(user_id, channel_id)
        place = self.channels[channel_id]
        if place["type"] in (CATEGORY, FORUM):
            raise ValueError("nobody writes in a forum or a category itself: a forum takes posts, each a thread")
        if place["type"] in THREADS and place["thread_metadata"].get("locked"):
            raise DiscordError(400, 50083, "Thread is archived")
        message_id = snowflake()
        message: JsonDict = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "author": copy.deepcopy(self.users[user_id]),
            "content": text,
            "timestamp": iso_now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
        }
        if reply_to is not None:
            self._reply_to(message, {"message_id": str(reply_to), "channel_id": str(channel_id)}, channel_id)
        self._mentions(message, {})
        if guild_id is not None:
            message["guild_id"] = str(guild_id)
        self.store[channel_id][message_id] = message
        self.message_channel[message_id] = channel_id
        place["last_message_id"] = str(message_id)
        if place["type"] in THREADS:
            place["message_count"] = place.get("message_count", 0) + 1
            place["total_message_sent"] = place.get("total_message_sent", 0) + 1
            if place["thread_metadata"].get("archived"):  # writing in an archived thread opens it again
                place["thread_metadata"]["archived"] = False
                self._dispatch("THREAD_UPDATE", copy.deepcopy(place))
        dispatched = copy.deepcopy(message)
        if guild_id is not None:
            member = self.member_payload(guild_id, user_id)
            member.pop("user")
            dispatched["member"] = member
        await self._deliver("MESSAGE_CREATE", dispatched)
        self._changed()
        return copy.deepcopy(message)

    async def say_again(self, message_id: int) -> None:
        """The MESSAGE_CREATE of a person's message sent once more, as Discord's gateway may (it delivers at least
        once, not exactly once)."""
        message = copy.deepcopy(self.message_by_id(int(message_id)))
        guild_id = message.get("guild_id")
        if guild_id is not None:
            member = self.member_payload(int(guild_id), int(message["author"]["id"]))
            member.pop("user")
            message["member"] = member
        await self._deliver("MESSAGE_CREATE", message)

    # --- the interaction itself -------------------------------------------------------------------

    def _acting_in(self, user_id: int, channel_id: int) -> int | None:
        if user_id not in self.users:
            raise LookupError(f"no person {user_id}")
        if channel_id not in self.channels:
            raise LookupError(f"no channel {channel_id}")
        guild_id = self.guild_of(channel_id)
        if guild_id is not None and not self.can_see(user_id, channel_id):
            raise LookupError(f"{self.users[user_id]['username']} cannot see channel {channel_id}")
        return guild_id

    async def _interact(
        self,
        kind: int,
        user_id: int,
        channel_id: int,
        guild_id: int | None,
        data: JsonDict,
        *,
        message: JsonDict | None = None,
        origin: InteractionHandle | None = None,
    ) -> InteractionHandle:
        interaction_id = snowflake()
        token = "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(96)
        channel = copy.deepcopy(self.channels[channel_id])
        payload: JsonDict = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": kind,
            "data": data,
            "channel_id": str(channel_id),
            "token": token,
            "version": 1,
            "locale": self.locales.get(user_id, "en-US"),
            "entitlements": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        }
        if guild_id is not None:
            guild = self.guilds[guild_id]
            channel["permissions"] = str(self.channel_permissions(user_id, channel_id))
            payload.update(
                guild_id=str(guild_id),
                guild_locale=guild["preferred_locale"],
                guild={"id": str(guild_id), "locale": guild["preferred_locale"], "features": []},
                member={**self.member_payload(guild_id, user_id), "permissions": channel["permissions"]},
                app_permissions=str(self.channel_permissions(self.bot_user_id, channel_id)),
                authorizing_integration_owners={"0": str(guild_id)},
                context=0,
            )
        else:
            payload.update(
                user=copy.deepcopy(self.users[user_id]),
                app_permissions=str((1 << 51) - 1),
                authorizing_integration_owners={"0": "0"},
                context=1,
            )
        if channel["type"] in THREADS and channel.get("parent_id"):
            parent = self.channels.get(int(channel["parent_id"]))
            if parent is not None and parent["type"] == FORUM:
                channel["parent_type"] = FORUM
        payload["channel"] = channel
        if message is not None:
            payload["message"] = copy.deepcopy(message)
        handle = InteractionHandle(
            standin=self,  # type: ignore[arg-type]
            id=interaction_id,
            token=token,
            type=kind,
            user_id=user_id,
            channel_id=channel_id,
            guild_id=guild_id,
            payload=payload,
            created=self._clock(),
            source_message_id=int(message["id"]) if message is not None else None,
            origin=origin,
        )
        self.interactions[interaction_id] = handle
        await self._deliver("INTERACTION_CREATE", copy.deepcopy(payload))
        handle.created = self._clock()
        return handle
