"""Discord as a delivery channel: notices to members by direct message, to a branch's channels in Discord's idiom.

Every request waits for the engine's pace first, and a 429 or a server error comes back at once as
the engine's RetryLater or Transient (discord.py would otherwise sleep on it inside a worker).
What a refusal means is said here: DMs closed (50007) make the member unreachable on Discord, so
core sends the notice elsewhere; a branch's channel that is gone or shut to the bot is unreachable
too (core unlinks it and tells the admins); any other 4xx refuses that one notice for good.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import aiohttp
import discord
from jinja2 import Environment

from core.chat.buttons import ButtonCodec
from core.chat.notices import compose
from core.chat.replies import Message
from core.clock import Clock
from core.links import Links
from core.model.notices import Audience, Delivery, Notice, NoticeKind
from core.ports import UnitOfWorkFactory
from digests.delivery.channels import Limits, Rejected, RetryLater, Transient, Unreachable
from digests.rendering.discord import DISCORD_KINDS, render_discord

from .limits import ServerTrouble, TooManyInvalidRequests, delivering, discord_limits, guard_of
from .places import Places
from .posting import PLATFORM, Pace, Poster
from .render import COLOURS, DEFAULT_COLOUR, Outgoing, render

log = logging.getLogger(__name__)

#: Discord's codes for a chat that is not there for the bot: unknown channel, missing access, unknown user
GONE = frozenset({10003, 50001, 10013})
#: the bot lacks a permission: to post in a branch's channel it is shut out (to manage a role, it is no chat's loss)
MISSING_PERMISSIONS = 50013
#: the person does not take direct messages from the bot (DMs closed, or no server in common)
DMS_CLOSED = 50007
#: the colour of a templated notice's embed
_COLOURED = {NoticeKind.NEWSLETTER: "newsletter", NoticeKind.CALL_POSTED: "call", NoticeKind.EVENT_REMINDER: "event"}
#: notices about an event that come as its card: an embed with the answers' buttons
_EVENT_CARDS = frozenset({NoticeKind.EVENT_INVITATION, NoticeKind.EVENT_CHANGED, NoticeKind.EVENT_PROMOTED,
                          NoticeKind.EVENT_CANCELLED})
#: a branch's notices that change a member's role rather than post: a missing permission refuses that one only
_ROLE_CHANGES = frozenset({NoticeKind.CIRCLE_ADMISSION, NoticeKind.CIRCLE_REMOVAL})
#: how many people's DM channels are remembered (an id each: a few MB for a country)
DM_CACHE_MOST = 200_000


class DiscordChannel:
    platform = PLATFORM

    def __init__(self, client: discord.Client, db: UnitOfWorkFactory, codec: ButtonCodec, clock: Clock,
                 templates: Environment, limits: Limits | None = None, links: Links = Links()) -> None:
        """`links` gives the portal's pages that the titles of dreams, projects and events link to."""
        self._client, self._db, self._codec, self._clock = client, db, codec, clock
        self._templates, self._links = templates, links
        self.limits = limits or discord_limits()
        self.guard = guard_of(client)
        self._dms: dict[int, int] = {}  # user id -> their DM channel's id
        self._poster = Poster(client, db)
        self.places = Places(client, db, codec, clock, self._poster, self.parts, self._links)
        self._branch_chats: set[str] = set()

    def is_group(self, chat_id: str) -> bool:
        """A branch's channel rather than a person (snowflakes do not say; both are paced one a second anyway)."""
        return chat_id in self._branch_chats

    async def send(self, delivery: Delivery, pace: Callable[..., Awaitable[None]]) -> str | None:
        member = delivery.notice.audience is Audience.MEMBER
        if not member:
            self._branch_chats.add(delivery.chat_id)
        try:
            with delivering():
                if member:
                    return await self._to_member(delivery, pace)
                return await self.places.send(delivery, pace)
        except discord.RateLimited as slow_down:
            raise RetryLater(slow_down.retry_after) from slow_down
        except TooManyInvalidRequests as stop:
            raise RetryLater(max(stop.seconds, 1.0)) from stop
        except discord.Forbidden as refused:
            if refused.code == DMS_CLOSED or refused.code in GONE or (
                    refused.code == MISSING_PERMISSIONS and not member
                    and delivery.notice.kind not in _ROLE_CHANGES):  # may not post there
                raise Unreachable(f"{refused.code}: {refused.text}") from refused
            raise Rejected(f"{refused.status} {refused.code}: {refused.text}") from refused
        except discord.NotFound as missing:
            if missing.code in GONE:
                raise Unreachable(f"{missing.code}: {missing.text}") from missing
            raise Rejected(f"{missing.status} {missing.code}: {missing.text}") from missing
        except ServerTrouble as trouble:
            raise Transient(str(trouble)) from trouble
        except discord.HTTPException as failed:
            if failed.status >= 500 or failed.status == 401:  # a token refused stays a fault to fix, not a verdict
                raise Transient(f"{failed.status} {failed.code}: {failed.text}") from failed
            raise Rejected(f"{failed.status} {failed.code}: {failed.text}") from failed
        except (aiohttp.ClientError, OSError, asyncio.TimeoutError) as trouble:
            raise Transient(f"{type(trouble).__name__}: {trouble}") from trouble

    # -- to one member ------------------------------------------------------------------------------

    async def _to_member(self, delivery: Delivery, pace: Pace) -> str | None:
        if not delivery.chat_id.isdigit():
            raise Rejected(f"{delivery.chat_id!r} is not a Discord user id")
        notice = delivery.notice  # with its live state read by the engine
        message = compose(self._codec, notice)
        parts = self.parts(notice, message, delivery.language)
        user_id = int(delivery.chat_id)
        channel_id = await self._dm_channel(user_id, pace)
        return await self._poster.post(channel_id, delivery.chat_id, notice.topic, parts, pace)

    def parts(self, notice: Notice, message: Message, language: str) -> list[Outgoing]:
        """The messages for a notice: a digest, newsletter, call or reminder from its Discord template, as
        embeds with core's buttons on the last; an event's invitation or change as its card; anything else as
        core's lines."""
        if notice.kind in _EVENT_CARDS and message.attachment is None:
            opens = f"e{notice.params['event_id']}" if "event_id" in notice.params else ""
            # with the answers' buttons coloured
            return [self.places.card(message, language, COLOURS["event"], opens=opens)]
        drawn = render(message, language, links=self._links)
        if notice.kind not in DISCORD_KINDS:
            return drawn
        params = {**notice.params, "branch_id": notice.branch_id}
        written = render_discord(self._templates, notice.kind, params, language, self._links)
        colour = COLOURS.get(_COLOURED.get(notice.kind, ""), DEFAULT_COLOUR)
        embeds = [discord.Embed(title=written.title if i == 0 else None, description=part or None, colour=colour)
                  for i, part in enumerate(written.parts)]
        image = (message.image or {}).get("url")
        if image and image.startswith(("https://", "http://")):
            embeds[0].set_image(url=image)
        return [Outgoing("", (e,)) for e in embeds[:-1]] + [Outgoing("", (embeds[-1],), drawn[-1].view)]

    async def _dm_channel(self, user_id: int, pace: Pace) -> int:
        """The DM channel with the person, opened once and remembered (the engine sends to one person at a time,
        so it is never opened twice at once)."""
        found = self._dms.get(user_id)
        if found is None:
            await pace(chat=False)  # a request, but no message to the person yet
            found = (await self._client.create_dm(discord.Object(user_id))).id
            if len(self._dms) >= DM_CACHE_MOST:
                self._dms.pop(next(iter(self._dms)))
            self._dms[user_id] = found
        return found
