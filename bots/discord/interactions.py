"""From Discord interactions to core's conversation: a slash command becomes its text, a press or a choice its
token, a modal's answers a form sent whole; core's reply goes back as the interaction's response.

A button that stands for a link Discord cannot open ("I can help" under a bank post) is the person writing
`/start <parameter>`: core reads the parameter as it reads anything typed, and checks everything.

Nothing is kept between interactions but in the database: an interaction delivered twice is handled once
(core's inbox knows its id), and a "Continue" button of a long form asks core where the dialog stands, so it
works after a restart too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from core.chat.buttons import Action, BadToken, ButtonCodec
from core.chat.conversation import Conversation, Incoming
from core.chat.replies import Message, Reply
from core.chat.turn import ChatPlace
from core.i18n import DEFAULT_LANGUAGE, _, supported
from core.model.members import Identity

from .answers import Answer
from .commands import command_of, command_text
from .links import LinkPlaceMissing, link_place
from .modals import FORM_PREFIX, modal_payload, parse_form_id, sheet_of, submission_of
from .render import SELECT_PREFIX, START_PREFIX, LinkSource, start_param

log = logging.getLogger(__name__)
PLATFORM = "discord"
#: Discord wants an interaction answered within 3 s; after this long core's answer follows a deferral
ANSWER_WITHIN = 2.0

#: told of each interaction or direct message handled: its platform, how it went (handled or failed), seconds taken
Observe = Callable[[str, str, float], None]


def _unobserved(_platform: str, _outcome: str, _seconds: float) -> None:
    return None


def identity_of(user: discord.abc.User) -> Identity:
    return Identity(PLATFORM, str(user.id))


def language_of(interaction: discord.Interaction) -> str | None:
    """The person's Discord language as a catalog language ("no" is Norwegian bokmål), or None."""
    return supported(str(interaction.locale.value)) if interaction.locale else None


class InteractionHandler:
    """Every interaction goes through here."""

    def __init__(self, conversation: Conversation, codec: ButtonCodec, answer_within: float = ANSWER_WITHIN,
                 links: LinkSource | None = None, observe: Observe | None = None) -> None:
        """`links` gives the portal's pages that cards link their titles to; `observe` is told how each
        interaction went."""
        self._conversation, self._codec, self._links = conversation, codec, links
        self._answer_within = answer_within
        self._observe = observe or _unobserved

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        started, outcome = time.perf_counter(), "handled"
        try:
            if interaction.type is discord.InteractionType.application_command:
                await self._on_command(interaction)
            elif interaction.type is discord.InteractionType.component:
                await self._on_press(interaction)
            elif interaction.type is discord.InteractionType.modal_submit:
                await self._on_submit(interaction)
        except Exception:  # logged with what was being done; the person is told, not left waiting
            outcome = "failed"
            log.exception("while handling Discord interaction %s (%s)", interaction.id, interaction.type.name,
                          extra={"platform": PLATFORM, "update_key": f"{PLATFORM}:{interaction.id}"})
            await self._apologise(interaction)
        finally:
            self._observe(PLATFORM, outcome, time.perf_counter() - started)

    @staticmethod
    async def _apologise(interaction: discord.Interaction) -> None:
        """A kind word when handling failed before anything was answered, or after only a deferral (a failure
        while answering is only logged)."""
        deferred = interaction.response.type in (discord.InteractionResponseType.deferred_channel_message,
                                                 discord.InteractionResponseType.deferred_message_update)
        if interaction.response.is_done() and not deferred:
            return
        sorry = Message.of(_("Something went wrong on my side. Please try again in a moment."))
        reply = Reply(language_of(interaction) or DEFAULT_LANGUAGE, (sorry,), True)
        await Answer(interaction, reply, deferred=deferred).send()

    # --- reading ------------------------------------------------------------------------------------------

    async def _on_command(self, interaction: discord.Interaction) -> None:
        path, options = command_of(dict(interaction.data or {}))
        place, text = self._place(interaction), command_text(path, options)
        if path == "link" and place is not None and not place.private:
            try:
                linked = await link_place(interaction, str(options.get("purpose", "")), place)
            except LinkPlaceMissing as missing:
                reply = Reply(language_of(interaction) or DEFAULT_LANGUAGE, (Message.of(missing.reason),), True)
                await Answer(interaction, reply, links=self._links).send()
                return
            place = linked.place
            role = str(options.get("role") or linked.role_id)  # the role that opens the circle's category
            if role and role not in text.split():
                text = f"{text} {role}"
        incoming = self._incoming(interaction, text=text, place=place)
        await self._answer(interaction, self._conversation.handle(incoming))

    async def _on_press(self, interaction: discord.Interaction) -> None:
        data = dict(interaction.data or {})
        custom_id = str(data.get("custom_id", ""))
        if custom_id.startswith(FORM_PREFIX):
            await self._open_form(interaction, custom_id)
            return
        if custom_id.startswith(START_PREFIX):  # a link Discord cannot open: as if the person wrote /start
            param = start_param(custom_id)
            text = f"/start {param}" if param else "/start"
            await self._answer(interaction, self._conversation.handle(self._incoming(interaction, text=text)))
            return
        if custom_id.startswith(SELECT_PREFIX):
            values = data.get("values") or [""]
            token = str(values[0])
        else:
            token = custom_id
        incoming = self._incoming(interaction, token=token)
        await self._answer(interaction, self._conversation.handle(incoming), token=token)

    async def _on_submit(self, interaction: discord.Interaction) -> None:
        try:
            sent = submission_of(dict(interaction.data or {}))
        except ValueError:
            log.warning("a modal that is not a form of ours was sent (Discord interaction %s)", interaction.id)
            return
        await self._answer(interaction, self._conversation.handle(self._incoming(interaction, form=sent)))

    async def _open_form(self, interaction: discord.Interaction, custom_id: str) -> None:
        """A "Continue" button: the page it names of the dialog as core has it now (nothing else is taken from
        the button), or why there is no such form any more."""
        named = parse_form_id(custom_id)
        reply = await self._conversation.resume(identity_of(interaction.user))
        sheet = next((s for m in (reply.messages if reply else ()) if (s := sheet_of(m.view)) is not None), None)
        if named is None or reply is None or sheet is None or sheet.instance != named[0]:
            language = reply.language if reply else (language_of(interaction) or DEFAULT_LANGUAGE)
            ended = Message.of(_("That form belongs to a conversation that has ended. Nothing was changed."))
            await Answer(interaction, Reply(language, (ended,), True), links=self._links).send()
            return
        page = min(max(1, named[1]), len(sheet.pages))
        if not sheet.pages[page - 1]:  # a form with nothing to fill in (a confirmation): its question again
            await Answer(interaction, Reply(reply.language, reply.messages[-1:]), links=self._links).send()
            return
        await interaction.response.send_modal(modal_payload(sheet, page, reply.language))

    def _incoming(self, interaction: discord.Interaction, place: ChatPlace | None = None, **what: Any) -> Incoming:
        user = interaction.user
        return Incoming(identity_of(user), user.display_name, language_hint=language_of(interaction),
                        place=place or self._place(interaction), update_key=f"{PLATFORM}:{interaction.id}", **what)

    @staticmethod
    def _place(interaction: discord.Interaction) -> ChatPlace | None:
        channel = interaction.channel
        if channel is None:
            return None
        if interaction.guild_id is None:
            return ChatPlace(str(channel.id), True, "")
        permissions = interaction.permissions
        return ChatPlace(str(channel.id), False, getattr(channel, "name", "") or "",
                         permissions.administrator or permissions.manage_guild, answered_alone=True)

    # --- answering ----------------------------------------------------------------------------------------

    async def _answer(self, interaction: discord.Interaction, work: Awaitable[Reply], token: str = "") -> None:
        """Core's reply as the interaction's response when it comes in time; otherwise the interaction is
        deferred first (Discord allows 3 s) and the reply follows."""
        handling = asyncio.ensure_future(work)
        done, _pending = await asyncio.wait({handling}, timeout=self._answer_within)
        deferred = not done
        if deferred:
            await self._defer(interaction)
        reply = await handling
        if not reply.messages:
            if deferred:  # a reply with nothing to say; the deferral's "thinking" must not stay
                with contextlib.suppress(discord.HTTPException):
                    await interaction.delete_original_response()
            return  # an interaction delivered twice: answered the first time
        await Answer(interaction, reply, dialog_press=self._is_dialog(token), deferred=deferred,
                     links=self._links).send()

    @staticmethod
    async def _defer(interaction: discord.Interaction) -> None:
        """A press is acknowledged silently (its answer may edit the pressed message); a command or a form
        shows that an answer is coming."""
        try:
            if interaction.type is discord.InteractionType.component:
                await interaction.response.defer()
            else:
                await interaction.response.defer(thinking=True, ephemeral=interaction.guild_id is not None)
        except discord.HTTPException as trouble:
            log.info("could not defer Discord interaction %s: %s", interaction.id, trouble)

    def _is_dialog(self, token: str) -> bool:
        try:
            return bool(token) and self._codec.decode(token).action is Action.DIALOG
        except BadToken:
            return False
