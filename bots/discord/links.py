"""Which Discord channel `/link` names: the board is the text channel it is written in, the bank the forum
whose post it is written in, the pådrivere's circle the category of the channel it is written in."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

import discord

from core.chat.turn import ChatPlace
from core.i18n import Text, _

log = logging.getLogger(__name__)


class LinkPlaceMissing(Exception):
    """`/link` was written where the channel it names is not: why, to show the person."""

    def __init__(self, reason: Text) -> None:
        super().__init__(reason.msgid)
        self.reason = reason


@dataclass(frozen=True)
class LinkPlace:
    """The channel `/link` links, and for the circle the role that opens its category ("" when none is sure)."""

    place: ChatPlace
    role_id: str = ""


async def link_place(interaction: discord.Interaction, purpose: str, place: ChatPlace) -> LinkPlace:
    """The place `/link <purpose>` links: for the bank the forum (written in one of its posts), for the circle
    the category (written in one of its channels) with the one role its permissions let in; the channel
    itself for anything else."""
    channel = interaction.channel
    if purpose == "bank":
        parent_id = getattr(channel, "parent_id", None) if isinstance(channel, discord.Thread) else None
        parent = await _channel(interaction, parent_id)
        if not isinstance(parent, discord.ForumChannel):
            raise LinkPlaceMissing(_("Write /link bank inside a post of the forum channel that should show the "
                                     "bank."))
        return LinkPlace(replace(place, chat_id=str(parent.id), title=parent.name))
    if purpose == "circle":
        category_id = getattr(channel, "category_id", None)
        if isinstance(channel, discord.Thread):
            parent = await _channel(interaction, channel.parent_id)
            category_id = getattr(parent, "category_id", None)
        category = await _channel(interaction, category_id)
        if not isinstance(category, discord.CategoryChannel):
            raise LinkPlaceMissing(_("Write /link circle in a channel of the category that the pådrivere's role "
                                     "opens."))
        return LinkPlace(replace(place, chat_id=str(category.id), title=category.name), opening_role(category))
    return LinkPlace(place)


def opening_role(category: discord.CategoryChannel) -> str:
    """The role a category's permissions let see it, when it is one (besides the server's administrators);
    "" when no role or several do, so that core asks for it."""
    opening = [target for target, overwrite in category.overwrites.items()
               if isinstance(target, discord.Role) and not target.is_default() and overwrite.view_channel]
    return str(opening[0].id) if len(opening) == 1 else ""


async def _channel(interaction: discord.Interaction, channel_id: int | None
                   ) -> discord.abc.GuildChannel | discord.Thread | None:
    """A channel of the interaction's server, as cached from the gateway or else asked of Discord."""
    if channel_id is None:
        return None
    guild = interaction.guild
    found = guild.get_channel_or_thread(channel_id) if guild is not None else None
    if found is not None:
        return found
    try:
        fetched = await interaction.client.fetch_channel(channel_id)
    except discord.HTTPException as trouble:
        log.info("could not look up channel %s: %s", channel_id, trouble)
        return None
    return fetched if not isinstance(fetched, discord.abc.PrivateChannel) else None
