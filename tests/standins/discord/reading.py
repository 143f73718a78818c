"""What a test reads back: messages, DMs, forum posts and threads, roles, scheduled events, commands."""

from __future__ import annotations

import copy

from tests.standins.discord.messaging import EPHEMERAL, Messaging
from tests.standins.discord.records import JsonDict
from tests.standins.discord.world import THREADS


class Reading(Messaging):
    """Read-only views of the stand-in's state (mixed into DiscordStandIn); all are copies."""

    def messages(self, channel_id: int, *, ephemeral: bool = False) -> list[JsonDict]:
        """A channel's messages in order, edits applied (ephemeral ones only when asked)."""
        return [
            copy.deepcopy(message)
            for message in self.store.get(int(channel_id), {}).values()
            if ephemeral or not message["flags"] & EPHEMERAL
        ]

    def dms(self, user_id: int, *, ephemeral: bool = False) -> list[JsonDict]:
        """The messages in the DM channel between the bot and a person."""
        channel_id = self.dm_channels.get(int(user_id))
        return [] if channel_id is None else self.messages(channel_id, ephemeral=ephemeral)

    def threads(self, channel_id: int) -> list[JsonDict]:
        """Threads (forum posts) under a channel, each with its ``applied_tags`` and its ``messages``."""
        found = []
        for thread_id, channel in self.channels.items():
            if channel["type"] in THREADS and channel.get("parent_id") == str(int(channel_id)):
                found.append({**copy.deepcopy(channel), "messages": self.messages(thread_id)})
        return sorted(found, key=lambda thread: int(thread["id"]))

    def channel(self, channel_id: int) -> JsonDict:
        return copy.deepcopy(self.channels[channel_id])

    def message(self, message_id: int) -> JsonDict:
        return copy.deepcopy(self.message_by_id(message_id))

    def scheduled_events(self, guild_id: int) -> list[JsonDict]:
        return [
            {k: copy.deepcopy(v) for k, v in event.items() if k != "_interested"}
            for event in self.events[int(guild_id)].values()
        ]

    @property
    def commands(self) -> list[JsonDict]:
        """Registered application commands, global ones first, then each guild's (with ``guild_id``)."""
        found = copy.deepcopy(self.global_commands)
        for commands in self.guild_commands.values():
            found.extend(copy.deepcopy(commands))
        return found
