"""A branch's Discord channels, each used in Discord's idiom.

- The board's text channel: each review is an embed with Approve / Reject / Ask-for-more and the live
  tally, edited in place on every vote and at the decision.
- The bank's forum: one post per dream (its thread is the dream's discussion, see discussions), its starter
  message edited as likes and offers of help come in, its state shown by the forum's tags; project updates,
  the archive's announcement and the comments written elsewhere go into the dream's thread.
- The pådrivere's category: admission to the circle gives the branch's pådriver role (which opens the
  category), removal takes it away, whichever platform the member's own notices go to.
- Events: see event_posts.

What Discord remembers for us (a post's message, a scheduled event, a thread) is kept in the posts
table under the linked chat's id and a topic, so a restarted deliverer edits rather than posts again.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import discord

from core.chat.buttons import BadToken, ButtonCodec
from core.chat.notices import compose
from core.chat.replies import Message
from core.clock import Clock
from core.i18n import Text, _, translate
from core.model.members import Identity
from core.model.notices import Delivery, Notice, NoticeKind
from core.ports import UnitOfWorkFactory
from core.views.actions import Action
from digests.delivery.channels import Rejected

from .event_posts import WEEK_MINUTES, Draw, EventPosts
from .posting import PLATFORM, UNKNOWN_CHANNEL, Pace, Poster
from .render import COLOURS, LIMITS, Drawn, LinkSource, Outgoing, button_of, fitted, page_url, text

log = logging.getLogger(__name__)

#: a forum's tags for what a post is about, created in the forum the first time they are needed
TAGS: dict[str, tuple[Text, str]] = {
    "approved": (_("In the bank"), "💭"), "project": (_("Project"), "🏭"), "archived": (_("Archived"), "📦"),
    "event": (_("Event"), "📅"),
}
#: a thread's name, a tag's name
NAME_MOST, TAG_MOST = 100, 20
#: the person to give a role to, or take it from, is not in the server: nothing to do
UNKNOWN_MEMBER = 10007
#: colours of a review's decision
DECIDED = {"approve": 0x57F287, "reject": 0xED4245, "more_info": 0xE67E22, "closed": 0x99AAB5}
#: the colour of an answer's or a vote's button, by its code in core's token
STYLES = {(Action.VOTE, "a"): discord.ButtonStyle.success, (Action.VOTE, "r"): discord.ButtonStyle.danger,
          (Action.VOTE, "i"): discord.ButtonStyle.primary, (Action.SETTLE, "a"): discord.ButtonStyle.success,
          (Action.SETTLE, "r"): discord.ButtonStyle.danger, (Action.SETTLE, "i"): discord.ButtonStyle.primary,
          (Action.RSVP, "g"): discord.ButtonStyle.success, (Action.RSVP, "n"): discord.ButtonStyle.danger}


class Places:
    def __init__(self, client: discord.Client, db: UnitOfWorkFactory, codec: ButtonCodec, clock: Clock,
                 poster: Poster, draw: Draw, links: LinkSource | None = None) -> None:
        """`links` gives the portal's pages that the posts of dreams and events link their titles to."""
        self._client, self._db, self._codec, self._clock = client, db, codec, clock
        self._poster, self._draw, self._links = poster, draw, links
        self._channels: dict[int, discord.abc.GuildChannel] = {}
        self._text_in: dict[int, int] = {}  # category id -> its text channel for posts
        self._applied: dict[int, tuple[str, tuple[int, ...]]] = {}  # thread id -> name and tags it was given
        self._untaggable: set[int] = set()  # forums the bot may not add tags to
        self.events = EventPosts(self, client, db, codec, clock, poster, draw)

    async def send(self, delivery: Delivery, pace: Pace) -> str | None:
        notice = delivery.notice
        if not delivery.chat_id.isdigit():
            raise Rejected(f"{delivery.chat_id!r} is not a Discord channel id")
        if notice.kind in (NoticeKind.CIRCLE_ADMISSION, NoticeKind.CIRCLE_REMOVAL):
            await self._circle_role(delivery, pace, notice.kind is NoticeKind.CIRCLE_ADMISSION)
            return None
        message = compose(self._codec, notice)
        channel = await self.channel(int(delivery.chat_id), pace)
        if notice.kind is NoticeKind.DREAM_POST:
            return await self._dream(delivery, notice, channel, message, pace)
        if notice.kind in (NoticeKind.UPDATE_POST, NoticeKind.ARCHIVE_POST):
            return await self._in_dream_thread(delivery, notice, channel, message, pace)
        if notice.kind is NoticeKind.COMMENT_POST:
            return await self._comment(delivery, notice, message, pace)
        if notice.kind is NoticeKind.EVENT_POST:
            return await self.events.post(delivery, notice, channel, message, pace)
        if notice.kind is NoticeKind.EVENT_REMINDER:
            return await self.events.remind(delivery, notice, channel, pace)
        card = self.card(message, delivery.language, _colour(notice))
        if isinstance(channel, discord.ForumChannel):
            name = _name(notice, message, delivery.language)
            return await self.forum_post(channel, delivery.chat_id, notice.topic, name, (), card, delivery.language,
                                         pace)
        return await self._poster.post(await self.text_channel(channel, pace), delivery.chat_id, notice.topic,
                                       [card], pace)

    # -- drawing ------------------------------------------------------------------------------------

    def card(self, message: Message, language: str, colour: int, when: datetime | None = None,
             opens: str = "") -> Outgoing:
        """Core's lines as an embed (the first as its title, linked to the portal's page of what the start
        parameter `opens` names, when there is one), with core's buttons coloured by what they do."""
        shown = [text(line, language) for line in message.lines]
        head, rest = (shown[0], shown[1:]) if shown else ("", [])
        embed = fitted(head, "\n".join(rest), [], "", colour)
        embed.url = page_url(self._links, opens) if embed.title else None
        if when is not None:
            embed.timestamp = when  # shown in each reader's own time
        drawn = [b for b in (button_of(button, language, None, self._style(button.token))
                             for row in message.buttons for button in row) if b is not None]
        view = None
        if drawn:
            view = Drawn()
            for number, button in enumerate(drawn[:LIMITS["rows"] * LIMITS["row_buttons"]]):
                button.row = number // LIMITS["row_buttons"]
                view.add_item(button)
        return Outgoing("", (embed,), view)

    def _style(self, token: str) -> discord.ButtonStyle:
        try:
            press = self._codec.decode(token) if token else None
        except BadToken:
            press = None
        if press is None or len(press.args) < 2:
            return discord.ButtonStyle.secondary
        return STYLES.get((press.action, press.args[-1]), discord.ButtonStyle.secondary)

    # -- channels -----------------------------------------------------------------------------------

    async def channel(self, channel_id: int, pace: Pace) -> discord.abc.GuildChannel:
        """The linked channel (a text channel, a forum or a category), fetched once."""
        found = self._channels.get(channel_id)
        if found is None:
            await pace(chat=False)
            fetched = await self._client.fetch_channel(channel_id)
            if not isinstance(fetched, discord.abc.GuildChannel):
                raise Rejected(f"channel {channel_id} is not a server's channel")
            found = self._channels[channel_id] = fetched
        return found

    async def text_channel(self, channel: discord.abc.GuildChannel, pace: Pace) -> int:
        """Where messages go: the channel itself, or a category's first text channel."""
        if not isinstance(channel, discord.CategoryChannel):
            return channel.id
        found = self._text_in.get(channel.id)
        if found is None:
            await pace(chat=False)
            everything = await self._client.http.get_all_guild_channels(channel.guild.id)
            inside = sorted((c for c in everything if str(c.get("parent_id")) == str(channel.id)
                             and c.get("type") in (discord.ChannelType.text.value, discord.ChannelType.news.value)),
                            key=lambda c: (c.get("position", 0), int(c["id"])))
            if not inside:
                raise Rejected(f"the category {channel.id} has no text channel to post in")
            found = self._text_in[channel.id] = int(inside[0]["id"])
        return found

    async def _tags(self, forum: discord.ForumChannel, language: str, pace: Pace) -> dict[str, discord.ForumTag]:
        """The forum's tags for our keys, in the branch's language; those it lacks are added, once."""
        names = {key: translate(label, language)[:TAG_MOST] for key, (label, _emoji) in TAGS.items()}
        have = {tag.name: tag for tag in forum.available_tags}
        missing = [key for key, name in names.items() if name not in have]
        if missing and len(forum.available_tags) + len(missing) <= 20 and forum.id not in self._untaggable:
            await pace(chat=False)
            try:
                edited = await forum.edit(available_tags=[
                    *forum.available_tags, *(discord.ForumTag(name=names[k], emoji=TAGS[k][1]) for k in missing)])
            except discord.Forbidden as refused:  # the bot may post but not manage the forum: posts go untagged
                log.warning("no tags could be added to forum %s: %s", forum.id, refused.text)
                self._untaggable.add(forum.id)  # asked once: every refusal counts towards Discord's ban
                edited = None
            if isinstance(edited, discord.ForumChannel):
                forum = self._channels[forum.id] = edited
            have = {tag.name: tag for tag in forum.available_tags}
        return {key: have[name] for key, name in names.items() if name in have}

    async def forum_post(self, forum: discord.ForumChannel, chat: str, topic: str, name: str, tags: tuple[str, ...],
                          card: Outgoing, language: str, pace: Pace) -> str:
        """The topic's forum post, opened the first time and edited (its starter message, name and tags) later.
        A forum post's thread has the id of its starter message."""
        known = await self._tags(forum, language, pace) if tags else {}
        chosen = [known[k] for k in tags if k in known]
        applied = tuple(t.id for t in chosen)
        name = name[:NAME_MOST] or "…"
        existing = await self._poster.find(chat, topic) if topic else None
        if existing is not None and await self._poster.edit(int(existing), int(existing), card, pace):
            thread_id = int(existing)
            before = self._applied.get(thread_id)
            if before != (name, applied):
                # a channel's name may change twice in ten minutes: it is sent only when it is known to differ
                change: dict[str, Any] = {"applied_tags": [str(t) for t in applied]}
                if before is not None and before[0] != name:
                    change["name"] = name
                await pace(chat=False)
                try:
                    await self._client.http.edit_channel(thread_id, **change)
                except discord.Forbidden as refused:  # the post is edited; its tags stay as they were
                    log.warning("the tags of forum post %s could not be changed: %s", thread_id, refused.text)
                self._applied[thread_id] = (name, applied)
            return existing
        await pace()
        made = await forum.create_thread(name=name, auto_archive_duration=WEEK_MINUTES,
                                         applied_tags=chosen,
                                         **card.kwargs())
        self._applied[made.thread.id] = (name, applied)
        if topic:
            self._poster.posted(chat, topic, str(made.thread.id))
        return str(made.thread.id)

    # -- the bank -----------------------------------------------------------------------------------

    async def _dream(self, d: Delivery, notice: Notice, channel: discord.abc.GuildChannel, message: Message,
                     pace: Pace) -> str | None:
        p = notice.params
        colour = COLOURS["archive"] if p.get("archived") else COLOURS["project" if p["state"] == "project" else "dream"]
        card = self.card(message, d.language, colour, opens=f"d{p['dream_id']}")
        if not isinstance(channel, discord.ForumChannel):
            return await self._poster.post(await self.text_channel(channel, pace), d.chat_id, notice.topic, [card],
                                           pace)
        state = "archived" if p.get("archived") else "project" if p["state"] == "project" else "approved"
        return await self.forum_post(channel, d.chat_id, notice.topic, str(p["title"]), (state,), card, d.language,
                                     pace)

    async def _in_dream_thread(self, d: Delivery, notice: Notice, channel: discord.abc.GuildChannel,
                               message: Message, pace: Pace) -> str | None:
        """A project's update or its archiving, in the dream's thread (a post of its own if the dream has none)."""
        card = self.card(message, d.language, COLOURS["archive" if notice.kind is NoticeKind.ARCHIVE_POST
                                                        else "project"])
        if not isinstance(channel, discord.ForumChannel):
            return await self._poster.post(await self.text_channel(channel, pace), d.chat_id, notice.topic, [card],
                                           pace)
        dream_id = notice.params.get("dream_id")
        if dream_id is None:
            async with self._db() as uow:
                project = await uow.projects.get(int(notice.params["project_id"]))
            dream_id = project.dream_id if project is not None else None
        thread = await self._poster.find(d.chat_id, f"dream:{dream_id}") if dream_id is not None else None
        if thread is not None:
            try:
                return await self._poster.post(int(thread), d.chat_id, notice.topic, [card], pace)
            except discord.NotFound as gone:  # a moderator deleted the dream's post: the forum is still there
                if gone.code != UNKNOWN_CHANNEL:
                    raise
                log.info("the forum post %s of dream %s is gone; the news gets a post of its own", thread, dream_id)
        return await self.forum_post(channel, d.chat_id, notice.topic, str(notice.params["title"]), ("project",),
                                     card, d.language, pace)

    async def _comment(self, d: Delivery, notice: Notice, message: Message, pace: Pace) -> None:
        """A comment written elsewhere (in a chat with the bot, on the web, in Telegram's discussion group), in the
        thread of the dream's post so that the talk is one; a reply as a reply to the message of the comment it
        answers. Its message is remembered as the comment's in the thread, so that a reply to it there is a reply
        to the comment; it is edited when the comment is hidden or shown again. A dream with no thread here
        (no post yet, or not in a forum) has its talk elsewhere."""
        p = notice.params
        thread = await self._poster.find(d.chat_id, f"dream:{p['dream_id']}")
        if thread is None or not isinstance(await self.channel(int(d.chat_id), pace), discord.ForumChannel):
            return None
        card = self.card(message, d.language, COLOURS["dream"])
        shown = await self._poster.find(thread, notice.topic)
        if shown is not None or p.get("hidden"):  # hidden before it was shown: there is nothing to hide
            if shown is not None:
                await self._poster.edit(int(thread), int(shown), card, pace)
            return None
        answered = await self._poster.find(thread, f"comment:{p['answers']}") if p.get("answers") else None
        reference = discord.MessageReference(message_id=int(answered), channel_id=int(thread),
                                             fail_if_not_exists=False) if answered else None
        await pace()
        try:
            sent = await self._client.get_partial_messageable(int(thread)).send(**card.kwargs(), reference=reference)
        except discord.NotFound as gone:  # a moderator deleted the dream's post: its talk goes on elsewhere
            if gone.code != UNKNOWN_CHANNEL:
                raise
            log.info("the forum post %s of dream %s is gone; comment %s is not shown there", thread,
                     p["dream_id"], p["comment_id"])
            return None
        await self._poster.remember(thread, notice.topic, str(sent.id))
        return None

    # -- the pådrivere's circle -------------------------------------------------------------------------

    async def _circle_role(self, d: Delivery, pace: Pace, give: bool) -> None:
        """Into the circle or out of it: the branch's pådriver role (which opens the circle's category) is given to
        the member's Discord accounts, or taken from them. A member not in the server is left alone."""
        member_id = int(d.notice.params["member_id"])
        async with self._db() as uow:
            link = await uow.branches.linked_chat(PLATFORM, d.chat_id)
            identities = list(await uow.members.identities(member_id))
        identities += [Identity(p, e) for p, e in d.notice.params.get("accounts", [])]  # an erased member's
        role_id = link.role_id if link is not None else ""
        if not role_id.isdigit():
            log.info("the circle %s has no role to give or take", d.chat_id)
            return
        category = await self.channel(int(d.chat_id), pace)
        change = self._client.http.add_role if give else self._client.http.remove_role
        for user_id in dict.fromkeys(int(i.external_id) for i in identities
                                     if i.platform == PLATFORM and i.external_id.isdigit()):
            try:
                await pace(chat=False)
                await change(category.guild.id, user_id, int(role_id),
                             reason="approved as pådriver" if give else "no longer a pådriver")
            except discord.NotFound as missing:
                if missing.code != UNKNOWN_MEMBER:
                    raise
                log.info("member %s was not in the server of circle %s", member_id, d.chat_id)


def _colour(notice: Notice) -> int:
    if notice.kind is NoticeKind.REVIEW_POST:
        return DECIDED.get(str(notice.params.get("outcome")), COLOURS["review"])
    return COLOURS.get(notice.topic.partition(":")[0], COLOURS["dream"])


def _name(notice: Notice, message: Message, language: str) -> str:
    """A forum post's name: what the notice is about, else its first line."""
    title = notice.params.get("title")
    return str(title) if title else translate(message.lines[0], language) if message.lines else "…"
