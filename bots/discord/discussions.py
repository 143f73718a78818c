"""What members write in a dream's thread in the bank's forum goes to core as a comment on the dream (see
core.usecases.discussions), a reply there as a reply to the comment it answers. Nothing is said in the thread:
a refusal is told to the writer alone, in their DMs. Other messages in servers are none of the bot's business.

Reading them needs the message content intent, which Discord grants only when it is switched on for the bot in
the developer portal; without it the bot sees no text in servers, and everything else works as before."""

from __future__ import annotations

import logging
import time

import discord

from core.chat.conversation import Conversation, Incoming
from core.chat.replies import Reply
from core.chat.turn import ChatPlace
from core.model.talk import DISCORD_FORUM
from core.usecases.discussions import Said

from .interactions import PLATFORM, Observe, identity_of
from .render import LinkSource, render

log = logging.getLogger(__name__)
#: what people write: a message, or a reply to one (not the system's joins, pins and thread starters)
WRITTEN = (discord.MessageType.default, discord.MessageType.reply)


def written_by_a_person(message: discord.Message) -> bool:
    """A member's own words: not the bot's, another bot's or a webhook's, nor a system message, nor empty."""
    return (message.guild is not None and not message.author.bot and message.webhook_id is None
            and message.type in WRITTEN and bool(message.content.strip()))


def said_in(thread: discord.Thread, message: discord.Message) -> Said:
    """The message under the forum post whose thread it is in; a reply names the message in the thread it
    answers (a forum post's thread has its starter message's id)."""
    reference = message.reference
    replies_to = reference.message_id if reference is not None and reference.channel_id == thread.id else None
    return Said(PLATFORM, str(thread.parent_id), str(thread.id), str(thread.id), str(message.id),
                str(replies_to or ""))


class DiscussionHandler:
    def __init__(self, conversation: Conversation, client: discord.Client, links: LinkSource | None = None,
                 observe: Observe | None = None) -> None:
        """`links` gives the portal's pages that cards link their titles to; `observe` is told how each message
        taken in went."""
        self._conversation, self._client, self._links = conversation, client, links
        self._observe = observe

    async def on_message(self, message: discord.Message) -> None:
        if not written_by_a_person(message):
            return
        started, outcome = time.perf_counter(), "handled"
        try:
            thread = await self._thread(message)
            if thread is None or thread.parent_id is None:
                return
            author = message.author
            refused = await self._conversation.chat_comment(Incoming(
                identity_of(author), author.display_name, text=message.content,
                place=ChatPlace(str(thread.id), False, thread.name), update_key=f"{PLATFORM}:{message.id}"),
                said_in(thread, message), source=DISCORD_FORUM)
            if refused is not None:
                await self._tell(author, refused)
        except discord.HTTPException as trouble:
            log.warning("could not take in message %s (%s %s)", message.id, trouble.status, trouble.text)
        except Exception:
            outcome = "failed"
            log.exception("while taking in message %s", message.id,
                          extra={"platform": PLATFORM, "update_key": f"{PLATFORM}:{message.id}"})
        finally:
            if self._observe is not None:
                self._observe(PLATFORM, outcome, time.perf_counter() - started)

    async def _thread(self, message: discord.Message) -> discord.Thread | None:
        """The thread the message is in; one the client does not know yet (archived when the bot connected) is
        asked for once."""
        channel = message.channel
        if isinstance(channel, discord.PartialMessageable):
            channel = await self._client.fetch_channel(channel.id)
        return channel if isinstance(channel, discord.Thread) else None

    async def _tell(self, person: discord.abc.User, reply: Reply) -> None:
        """Core's answer in the person's DMs; one who closed their DMs is left in peace."""
        try:
            for part in (p for m in reply.messages for p in render(m, reply.language, links=self._links)):
                await person.send(**part.kwargs())
        except discord.Forbidden as closed:
            log.info("could not tell %s why their message was not kept: %s", person.id, closed.text)
