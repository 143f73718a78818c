"""What a person writes to the bot in its DMs goes to core as typed text, as on Telegram; the answer is written
back in the DM. Messages in servers are not read (the bot has no access to their content, and needs none)."""

from __future__ import annotations

import logging
import time

import discord

from core.chat.conversation import Conversation, Incoming
from core.chat.turn import ChatPlace

from .interactions import PLATFORM, Observe, identity_of
from .render import LinkSource, render

log = logging.getLogger(__name__)


class DirectMessageHandler:
    def __init__(self, conversation: Conversation, links: LinkSource | None = None,
                 observe: Observe | None = None) -> None:
        """`links` gives the portal's pages that cards link their titles to; `observe` is told how each message
        went."""
        self._conversation, self._links = conversation, links
        self._observe = observe

    async def on_message(self, message: discord.Message) -> None:
        if message.guild is not None or message.author.bot or not message.content.strip():
            return
        started, outcome = time.perf_counter(), "handled"
        try:
            reply = await self._conversation.handle(Incoming(
                identity_of(message.author), message.author.display_name, text=message.content,
                place=ChatPlace(str(message.channel.id), True, ""), update_key=f"{PLATFORM}:{message.id}"))
            for part in (p for m in reply.messages for p in render(m, reply.language, links=self._links)):
                await message.channel.send(**part.kwargs())
        except discord.HTTPException as trouble:
            log.warning("could not answer a direct message (%s %s)", trouble.status, trouble.text)
        except Exception:
            outcome = "failed"
            log.exception("while handling direct message %s", message.id,
                          extra={"platform": PLATFORM, "update_key": f"{PLATFORM}:{message.id}"})
        finally:
            if self._observe is not None:
                self._observe(PLATFORM, outcome, time.perf_counter() - started)
