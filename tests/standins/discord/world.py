"""What a test sets up on the stand-in: guilds, channels, forums, categories, roles, people and members.

Everything is kept in Discord's own JSON shapes; set-up made while the bot is connected reaches it as the
dispatch Discord would send (GUILD_CREATE, CHANNEL_CREATE, GUILD_ROLE_CREATE, GUILD_MEMBER_ADD…).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from typing import Any

from tests.standins.discord.records import JsonDict
from tests.standins.discord.snowflakes import iso_now, snowflake
from tests.standins.discord.validation import LOCALES

VIEW_CHANNEL = 1 << 10
ADMINISTRATOR = 1 << 3
EVERYONE_PERMISSIONS = 1071698660929  # what a new server gives @everyone
ALL_PERMISSIONS = (1 << 51) - 1

TEXT, DM, CATEGORY, NEWS, PUBLIC_THREAD, PRIVATE_THREAD, FORUM = 0, 1, 4, 5, 11, 12, 15
THREADS = frozenset({10, PUBLIC_THREAD, PRIVATE_THREAD})
LOCALE_ALIASES = {"nb": "no", "nn": "no", "en": "en-US"}


def user_payload(user_id: int, name: str, *, bot: bool = False) -> JsonDict:
    payload: JsonDict = {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": name.capitalize(),
        "avatar": None,
        "public_flags": 0,
        "flags": 0,
        "banner": None,
        "accent_color": None,
        "avatar_decoration_data": None,
    }
    if bot:
        payload["bot"] = True
    return payload


class World:
    """The stand-in's guilds, channels, roles, people and messages (mixed into DiscordStandIn)."""

    application_id: int
    bot_user_id: int

    def _init_world(self, bot_name: str) -> None:
        self.application_id = snowflake()
        self.bot_user_id = self.application_id  # a bot's user id is its application's id
        self.bot: JsonDict = user_payload(self.bot_user_id, bot_name, bot=True)
        self.owner_id = snowflake()
        self.users: dict[int, JsonDict] = {self.bot_user_id: self.bot}
        self.locales: dict[int, str] = {}
        self.guilds: dict[int, JsonDict] = {}
        self.channels: dict[int, JsonDict] = {}
        self.roles: dict[int, dict[int, JsonDict]] = {}
        self.members: dict[int, dict[int, JsonDict]] = {}
        self.store: dict[int, dict[int, JsonDict]] = {}  # channel id -> message id -> message
        self.message_channel: dict[int, int] = {}
        self.dm_channels: dict[int, int] = {}  # user id -> the DM channel between them and the bot
        self.closed_dms: set[int] = set()
        self.hidden_channels: set[int] = set()  # channels the bot may not see (403 50001)
        self.events: dict[int, dict[int, JsonDict]] = {}  # guild id -> scheduled event id -> event
        self.global_commands: list[JsonDict] = []
        self.guild_commands: dict[int, list[JsonDict]] = {}
        self.users[self.owner_id] = user_payload(self.owner_id, "owner")

    # --- what a test sets up ---------------------------------------------------------------------

    def guild(self, name: str, *, locale: str = "no") -> int:
        """A server the bot is a member of (with the bot's own role, high in the list); returns its id."""
        locale = LOCALE_ALIASES.get(locale, locale)
        guild_id = snowflake()
        self.guilds[guild_id] = {
            "id": str(guild_id),
            "name": name,
            "owner_id": str(self.owner_id),
            "preferred_locale": locale,
            "joined_at": iso_now(),
        }
        self.roles[guild_id] = {guild_id: self._role_payload(guild_id, "@everyone", EVERYONE_PERMISSIONS, position=0)}
        bot_role = snowflake()
        self.roles[guild_id][bot_role] = self._role_payload(
            bot_role, self.bot["username"], ADMINISTRATOR, position=100, tags={"bot_id": str(self.bot_user_id)}
        )
        self.roles[guild_id][bot_role]["managed"] = True
        self.members[guild_id] = {}
        self.events[guild_id] = {}
        self.members[guild_id][self.bot_user_id] = self._member_payload(self.bot_user_id, [bot_role])
        self.members[guild_id][self.owner_id] = self._member_payload(self.owner_id, [])
        self._dispatch("GUILD_CREATE", self.guild_payload(guild_id))
        return guild_id

    def text_channel(self, guild_id: int, name: str, parent: int | None = None, *, topic: str | None = None) -> int:
        """A text channel (type 0), inside category ``parent`` when given; returns its id."""
        return self._channel(guild_id, TEXT, name, parent, topic=topic)

    def forum_channel(
        self,
        guild_id: int,
        name: str,
        parent: int | None = None,
        *,
        tags: Sequence[str] = (),
        require_tag: bool = False,
    ) -> int:
        """A forum (type 15) with ``available_tags`` named ``tags``; returns its id."""
        return self._channel(
            guild_id,
            FORUM,
            name,
            parent,
            available_tags=[self._tag(tag) for tag in tags],
            flags=(1 << 4) if require_tag else 0,
            default_reaction_emoji=None,
            default_sort_order=None,
            default_forum_layout=0,
            default_thread_rate_limit_per_user=0,
        )

    def category(self, guild_id: int, name: str, *, role: int | None = None) -> int:
        """A category (type 4); with ``role``, only that role (and admins) can see it and what it holds."""
        overwrites: list[JsonDict] = []
        if role is not None:
            overwrites = [
                {"id": str(guild_id), "type": 0, "allow": "0", "deny": str(VIEW_CHANNEL)},
                {"id": str(role), "type": 0, "allow": str(VIEW_CHANNEL), "deny": "0"},
            ]
        return self._channel(guild_id, CATEGORY, name, None, permission_overwrites=overwrites)

    def role(self, guild_id: int, name: str, *, permissions: int = 0, position: int | None = None) -> int:
        """A role (below the bot's own unless ``position`` says otherwise); returns its id."""
        role_id = snowflake()
        if position is None:
            position = len(self.roles[guild_id])
        self.roles[guild_id][role_id] = self._role_payload(role_id, name, permissions, position=position)
        self._dispatch("GUILD_ROLE_CREATE", {"guild_id": str(guild_id), "role": self.roles[guild_id][role_id]})
        return role_id

    def user(self, name: str, *, locale: str = "en-US") -> int:
        """A person on Discord whose client speaks ``locale``; returns their id.

        ``locale`` is one of Discord's ("no", "da", "nl", "en-US"…); "nb" is taken as "no", which is what
        Discord calls Norwegian and what the bot then receives.
        """
        locale = LOCALE_ALIASES.get(locale, locale)
        if locale not in LOCALES:
            raise ValueError(f"{locale!r} is not a Discord locale: {sorted(LOCALES)}")
        user_id = snowflake()
        self.users[user_id] = user_payload(user_id, name)
        self.locales[user_id] = locale
        return user_id

    def join(self, guild_id: int, user_id: int, roles: Iterable[int] = (), *, admin: bool = False) -> None:
        """``user_id`` becomes a member of the guild with ``roles`` (and the Administrator permission)."""
        guild_id, user_id = int(guild_id), int(user_id)
        role_ids = [int(role) for role in roles]
        if admin:
            role_ids.append(self._admin_role(guild_id))
        self.members[guild_id][user_id] = self._member_payload(user_id, role_ids)
        payload = {"guild_id": str(guild_id), **self.members[guild_id][user_id]}
        self._dispatch("GUILD_MEMBER_ADD", payload)

    def close_dms(self, user_id: int) -> None:
        """The person no longer takes DMs from the bot: sends get 403 code 50007."""
        self.closed_dms.add(int(user_id))

    def open_dms(self, user_id: int) -> None:
        self.closed_dms.discard(user_id)

    def hide_from_bot(self, channel_id: int) -> None:
        """The bot loses access to a channel: requests about it get 403 code 50001 Missing Access."""
        self.hidden_channels.add(channel_id)

    def interested(self, guild_id: int, event_id: int, user_id: int) -> None:
        """A person marks a scheduled event "Interested" (a soft signal only)."""
        event = self.events[guild_id][event_id]
        if user_id not in event["_interested"]:
            event["_interested"].append(user_id)
            event["user_count"] = len(event["_interested"])
            self._dispatch(
                "GUILD_SCHEDULED_EVENT_USER_ADD",
                {"guild_scheduled_event_id": str(event_id), "user_id": str(user_id), "guild_id": str(guild_id)},
            )

    def forum_tags(self, forum_id: int) -> dict[str, int]:
        """A forum's tags by name -> id."""
        return {tag["name"]: int(tag["id"]) for tag in self.channels[forum_id].get("available_tags", [])}

    # --- reading the world ------------------------------------------------------------------------

    def member_roles(self, guild_id: int, user_id: int) -> set[int]:
        return {int(role) for role in self.members[int(guild_id)][int(user_id)]["roles"]}

    def permissions(self, guild_id: int, user_id: int) -> int:
        """The guild-wide permissions of a member: @everyone's and their roles', all of them for admins."""
        if user_id == self.owner_id:
            return ALL_PERMISSIONS
        roles = self.roles[guild_id]
        value = int(roles[guild_id]["permissions"])
        for role_id in self.members[guild_id][user_id]["roles"]:
            value |= int(roles[int(role_id)]["permissions"])
        return ALL_PERMISSIONS if value & ADMINISTRATOR else value

    def channel_permissions(self, user_id: int, channel_id: int) -> int:
        """A member's permissions in a channel: the guild's, then the channel's overwrites as Discord applies
        them (@everyone, then all the member's roles together, then the member); threads follow their parent."""
        channel = self.channels[channel_id]
        if channel["type"] == DM:
            return ALL_PERMISSIONS if user_id in {int(u["id"]) for u in channel["recipients"]} else 0
        guild_id = int(channel["guild_id"])
        if user_id not in self.members[guild_id]:
            return 0
        permissions = self.permissions(guild_id, user_id)
        if permissions & ADMINISTRATOR:
            return ALL_PERMISSIONS
        while channel["type"] in THREADS:
            channel = self.channels[int(channel["parent_id"])]
        overwrites = {(o["type"], int(o["id"])): o for o in channel.get("permission_overwrites") or []}
        layers = [[overwrites.get((0, guild_id))]]
        layers.append([overwrites.get((0, role)) for role in self.member_roles(guild_id, user_id)])
        layers.append([overwrites.get((1, user_id))])
        for layer in layers:
            allow = deny = 0
            for overwrite in filter(None, layer):
                allow |= int(overwrite["allow"])
                deny |= int(overwrite["deny"])
            permissions = (permissions & ~deny) | allow
        return permissions

    def can_see(self, user_id: int, channel_id: int) -> bool:
        """Whether a member sees a channel (VIEW_CHANNEL there)."""
        return bool(self.channel_permissions(user_id, channel_id) & VIEW_CHANNEL)

    def guild_of(self, channel_id: int) -> int | None:
        guild = self.channels[channel_id].get("guild_id")
        return int(guild) if guild else None

    # --- payloads ---------------------------------------------------------------------------------

    def guild_payload(self, guild_id: int) -> JsonDict:
        """The GUILD_CREATE payload: the guild with its channels, threads, roles and members."""
        meta = self.guilds[guild_id]
        channels = [c for c in self.channels.values() if c.get("guild_id") == str(guild_id)]
        return copy.deepcopy(
            {
                **meta,
                "icon": None,
                "splash": None,
                "discovery_splash": None,
                "banner": None,
                "description": None,
                "features": [],
                "verification_level": 0,
                "default_message_notifications": 1,
                "explicit_content_filter": 0,
                "mfa_level": 0,
                "nsfw_level": 0,
                "premium_tier": 0,
                "premium_subscription_count": 0,
                "system_channel_id": None,
                "system_channel_flags": 0,
                "rules_channel_id": None,
                "public_updates_channel_id": None,
                "afk_channel_id": None,
                "afk_timeout": 300,
                "vanity_url_code": None,
                "max_members": 500000,
                "max_video_channel_users": 25,
                "application_id": None,
                "roles": list(self.roles[guild_id].values()),
                "emojis": [],
                "stickers": [],
                "channels": [c for c in channels if c["type"] not in THREADS],
                "threads": [c for c in channels if c["type"] in THREADS and not c["thread_metadata"]["archived"]],
                "members": list(self.members[guild_id].values()),
                "member_count": len(self.members[guild_id]),
                "presences": [],
                "voice_states": [],
                "stage_instances": [],
                "guild_scheduled_events": [
                    {k: v for k, v in event.items() if k != "_interested"} for event in self.events[guild_id].values()
                ],
                "soundboard_sounds": [],
                "large": False,
                "unavailable": False,
                "lazy": True,
            }
        )

    def member_payload(self, guild_id: int, user_id: int, *, with_permissions: bool = False) -> JsonDict:
        member = copy.deepcopy(self.members[guild_id][user_id])
        if with_permissions:
            member["permissions"] = str(self.permissions(guild_id, user_id))
        return member

    def dm_channel(self, user_id: int) -> int:
        """The DM channel between the bot and a person (made on first use, the same one after)."""
        channel_id = self.dm_channels.get(user_id)
        if channel_id is None:
            channel_id = snowflake()
            self.dm_channels[user_id] = channel_id
            self.channels[channel_id] = {
                "id": str(channel_id),
                "type": DM,
                "last_message_id": None,
                "flags": 0,
                "recipients": [copy.deepcopy(self.users[user_id])],
            }
            self.store[channel_id] = {}
        return channel_id

    def dm_recipient(self, channel_id: int) -> int | None:
        channel = self.channels[channel_id]
        if channel["type"] != DM:
            return None
        return int(channel["recipients"][0]["id"])

    def _channel(self, guild_id: int, kind: int, name: str, parent: int | None, **extra: Any) -> int:
        channel_id = snowflake()
        if parent and "permission_overwrites" not in extra:
            # a channel made inside a category starts with the category's overwrites (synced)
            extra["permission_overwrites"] = copy.deepcopy(self.channels[parent].get("permission_overwrites") or [])
        position = sum(1 for c in self.channels.values() if c.get("guild_id") == str(guild_id))
        self.channels[channel_id] = {
            "id": str(channel_id),
            "type": kind,
            "guild_id": str(guild_id),
            "name": name,
            "position": position,
            "parent_id": str(parent) if parent else None,
            "nsfw": False,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
            "permission_overwrites": [],
            **extra,
        }
        self.store[channel_id] = {}
        self._dispatch("CHANNEL_CREATE", self.channels[channel_id])
        return channel_id

    @staticmethod
    def _tag(name: str, *, moderated: bool = False) -> JsonDict:
        return {"id": str(snowflake()), "name": name, "moderated": moderated, "emoji_id": None, "emoji_name": None}

    @staticmethod
    def _role_payload(
        role_id: int, name: str, permissions: int, *, position: int, tags: JsonDict | None = None
    ) -> JsonDict:
        payload: JsonDict = {
            "id": str(role_id),
            "name": name,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": position,
            "permissions": str(permissions),
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        if tags is not None:
            payload["tags"] = tags
        return payload

    def _member_payload(self, user_id: int, roles: list[int]) -> JsonDict:
        return {
            "user": copy.deepcopy(self.users[user_id]),
            "nick": None,
            "avatar": None,
            "banner": None,
            "roles": [str(role) for role in roles],
            "joined_at": iso_now(),
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }

    def _admin_role(self, guild_id: int) -> int:
        for role_id, role in self.roles[guild_id].items():
            if role["name"] == "Admin" and int(role["permissions"]) & ADMINISTRATOR and not role["managed"]:
                return role_id
        return self.role(guild_id, "Admin", permissions=ADMINISTRATOR)

    def _dispatch(self, event: str, data: JsonDict) -> None:  # the gateway's; a no-op without one
        raise NotImplementedError
