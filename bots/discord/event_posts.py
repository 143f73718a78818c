"""An event on Discord: its post with the answers' buttons and the live places, a thread for reminders and talk,
and a Discord scheduled event mirroring it (dreambank's answers are the truth; Discord's "Interested" list is
only a signal).

An event open to everyone is a post in the bank's forum (its thread is the post's own); one for pådrivere is a
message in the circle's first text channel, with a thread started under it. Only an event open to everyone is
mirrored: a scheduled event is seen by the whole server.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from collections.abc import Callable
from typing import Any, Protocol

import discord

from core.chat.buttons import ButtonCodec
from core.chat.notices import compose
from core.chat.replies import Message
from core.clock import Clock
from core.model.events import Event, EventAudience
from core.model.notices import Delivery, Notice
from core.ports import UnitOfWorkFactory

from .posting import Pace, Poster
from .render import COLOURS, Outgoing

#: how a notice is drawn for a person (the channel's templates, or core's lines)
Draw = Callable[[Notice, Message, str], list[Outgoing]]


class Channels(Protocol):
    """What an event's post needs of the branch's channels (places.Places has it)."""

    async def channel(self, channel_id: int, pace: Pace) -> discord.abc.GuildChannel: ...

    async def text_channel(self, channel: discord.abc.GuildChannel, pace: Pace) -> int: ...

    async def forum_post(self, forum: discord.ForumChannel, chat: str, topic: str, name: str,
                         tags: tuple[str, ...], card: Outgoing, language: str, pace: Pace) -> str: ...

    def card(self, message: Message, language: str, colour: int, when: datetime | None = None) -> Outgoing: ...

log = logging.getLogger(__name__)

#: a thread's and a scheduled event's name, a scheduled event's place and description
NAME_MOST, PLACE_MOST, ABOUT_MOST = 100, 100, 1000
#: Discord's scheduled events: outside any channel, visible to the server's members, cancelled
EXTERNAL, GUILD_ONLY, CANCELED = 3, 2, 4
#: a thread stays open a week without messages (Discord's longest)
WEEK_MINUTES = 10080
#: side effects whose failure leaves the post itself to go on (a 429 or a network fault still stops it)
_SIDE_EFFECT_REFUSED = (discord.Forbidden, discord.NotFound)


class EventPosts:
    def __init__(self, places: Channels, client: discord.Client, db: UnitOfWorkFactory, codec: ButtonCodec,
                 clock: Clock, poster: Poster, draw: Draw) -> None:
        self._places, self._client, self._db, self._codec, self._clock = places, client, db, codec, clock
        self._poster, self._draw = poster, draw
        self._mirrored: dict[int, tuple[Any, ...]] = {}  # event id -> what its scheduled event shows

    async def post(self, d: Delivery, notice: Notice, channel: discord.abc.GuildChannel, message: Message,
                   pace: Pace) -> str | None:
        """The event's post, made or edited, with its thread; then its scheduled event kept in step."""
        event_id = int(notice.params["event_id"])
        async with self._db() as uow:
            event = await uow.events.get(event_id)
        starts = event.starts_at if event is not None else None
        card = self._places.card(message, d.language, COLOURS["event"], starts, opens=f"e{event_id}")
        title = str(notice.params["title"])
        if isinstance(channel, discord.ForumChannel):
            posted = await self._places.forum_post(channel, d.chat_id, notice.topic, title, ("event",), card,
                                                   d.language, pace)
        else:
            where = await self._places.text_channel(channel, pace)
            posted = await self._poster.post(where, d.chat_id, notice.topic, [card], pace)
            if posted is not None:
                await self._event_thread(d.chat_id, where, int(posted), event_id, title, pace)
        if event is not None and event.audience is EventAudience.EVERYONE:
            await self._mirror(d.chat_id, channel.guild.id, event, pace)
        return posted

    async def _event_thread(self, chat: str, channel_id: int, message_id: int, event_id: int, title: str,
                            pace: Pace) -> None:
        """A thread under the event's message, for reminders and talk (a forum post is a thread already)."""
        topic = f"event-thread:{event_id}"
        if await self._poster.find(chat, topic) is not None:
            return
        try:
            await pace(chat=False)
            thread = await self._client.http.start_thread_with_message(
                channel_id, message_id, name=title[:NAME_MOST] or "…", auto_archive_duration=WEEK_MINUTES)
        except _SIDE_EFFECT_REFUSED as refused:
            log.warning("no thread for event %s in channel %s: %s", event_id, channel_id, refused)
            return
        await self._poster.remember(chat, topic, str(thread["id"]))

    async def _mirror(self, chat: str, guild_id: int, event: Event, pace: Pace) -> None:
        """The event as a Discord scheduled event: made once, changed when the event changes, cancelled with it."""
        if event.id is None:
            return
        shown = (event.title, event.description, event.place, event.starts_at, event.ends_at, event.cancelled)
        if self._mirrored.get(event.id) == shown:
            return
        topic = f"scheduled-event:{event.id}"
        existing = await self._poster.find(chat, topic)
        payload: dict[str, Any] = dict(
            name=event.title[:NAME_MOST], description=event.description[:ABOUT_MOST], entity_type=EXTERNAL,
            privacy_level=GUILD_ONLY, entity_metadata={"location": (event.place or "…")[:PLACE_MOST]},
            scheduled_start_time=_iso(event.starts_at), scheduled_end_time=_iso(event.ends_at))
        try:
            if existing is None:
                if event.cancelled or event.starts_at <= self._clock.now():
                    return  # Discord takes no event in the past, and one called off needs no mirror
                await pace(chat=False)
                made = await self._client.http.create_guild_scheduled_event(
                    guild_id, reason="dreambank event", **payload)
                await self._poster.remember(chat, topic, str(made["id"]))
            elif event.cancelled or event.starts_at > self._clock.now():  # a begun event is Discord's to run
                await pace(chat=False)
                change = {"status": CANCELED} if event.cancelled else payload
                await self._client.http.edit_scheduled_event(guild_id, int(existing), **change)
        except _SIDE_EFFECT_REFUSED as refused:  # the post is what counts; the mirror is a courtesy
            log.warning("the scheduled event for event %s could not be kept in step: %s", event.id, refused)
        except discord.HTTPException as refused:
            if refused.status >= 500:
                raise
            log.warning("the scheduled event for event %s could not be kept in step: %s", event.id, refused)
        self._mirrored[event.id] = shown

    async def remind(self, d: Delivery, notice: Notice, channel: discord.abc.GuildChannel, pace: Pace
                     ) -> str | None:
        """The event's reminder in its thread (the forum post's own, or the one under the event's message), once
        for each reminder the schedule sends, whoever is going. Nothing when the event has no thread here."""
        event_id = int(notice.params["event_id"])
        thread = await self._poster.find(d.chat_id, f"event-thread:{event_id}")
        if thread is None and isinstance(channel, discord.ForumChannel):
            thread = await self._poster.find(d.chat_id, f"event:{event_id}")
        if thread is None:
            log.info("event %s has no thread in channel %s for its reminder", event_id, d.chat_id)
            return None
        parts = self._draw(notice, compose(self._codec, notice), d.language)
        return await self._poster.post(int(thread), d.chat_id, notice.topic, parts, pace)


def _iso(at: datetime) -> str:
    return (at if at.tzinfo else at.replace(tzinfo=timezone.utc)).astimezone(timezone.utc).isoformat()
