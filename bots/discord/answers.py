"""Core's reply as a Discord interaction's response: a modal when it asks for a form, the pressed message edited
when it takes its place, otherwise a message (seen only by the person, in a server) and follow-ups.

An interaction is answered once: its first response (or the deferral before it) and then only follow-ups
and edits of the original, which its token allows for 15 minutes.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from core.chat.replies import Message, Reply
from core.views.model import Sheet

from .modals import modal_payload, sheet_of
from .render import LinkSource, Outgoing, render

log = logging.getLogger(__name__)


def opens_form(reply: Reply) -> Sheet | None:
    """The form a reply asks for last, with nothing to press or open before it: its page to open as a modal.

    Lines before it (the chat's "let's put your dream into words") are left out, as a modal shows the whole
    page at once and says itself what it asks."""
    if reply.refused or not reply.messages:
        return None
    *before, last = reply.messages
    if any(m.buttons or m.attachment or m.view is not None for m in before):
        return None
    sheet = sheet_of(last.view)
    if sheet is None or not sheet.pages[sheet.page - 1]:
        return None
    return sheet


class Answer:
    """One reply to one interaction."""

    def __init__(self, interaction: discord.Interaction, reply: Reply, dialog_press: bool = False,
                 deferred: bool = False, links: LinkSource | None = None) -> None:
        """`dialog_press`: the press answered a dialog's question, whose next step takes the question's place;
        `deferred`: the interaction was acknowledged already, so only edits and follow-ups are left; `links`
        gives the portal's pages that cards link their titles to."""
        self._interaction, self._reply, self._links = interaction, reply, links
        self._dialog_press, self._deferred = dialog_press, deferred
        self._private = interaction.guild_id is not None  # in a server, answers are seen by the person alone

    async def send(self) -> None:
        try:
            await self._send()
        except discord.HTTPException as trouble:
            log.warning("could not answer Discord interaction %s: %s %s", self._interaction.id, trouble.status,
                        trouble.text)

    async def _send(self) -> None:
        interaction, reply = self._interaction, self._reply
        sheet = opens_form(reply)
        if sheet is not None and not self._deferred and interaction.type is not discord.InteractionType.modal_submit:
            await interaction.response.send_modal(modal_payload(sheet, sheet.page, reply.language))
            return
        parts = [part for message in reply.messages for part in self._render(message)]
        if not parts:
            return
        first, rest = parts[0], parts[1:]
        if self._edits():
            await self._edit(first)
        else:
            await self._first(first)
        for part in rest:
            await interaction.followup.send(**part.kwargs(), ephemeral=self._private)

    def _render(self, message: Message) -> list[Outgoing]:
        return render(message, self._reply.language, links=self._links)

    def _edits(self) -> bool:
        """The pressed message becomes the reply when the reply takes its place (a dialog's next step, or a form's
        page sent from the button that opened it): in a private chat, or on a message only the person sees. A
        post others see in a server is changed only by what core tells everyone."""
        interaction = self._interaction
        if interaction.message is None:
            return False
        if interaction.type is discord.InteractionType.component:
            if not (self._reply.messages[0].replaces or self._dialog_press):
                return False
        elif interaction.type is not discord.InteractionType.modal_submit:
            return False
        return interaction.guild_id is None or interaction.message.flags.ephemeral

    async def _edit(self, part: Outgoing) -> None:
        interaction = self._interaction
        if self._deferred:
            await interaction.edit_original_response(**_edit_kwargs(part))
        else:
            await interaction.response.edit_message(**_edit_kwargs(part))

    async def _first(self, part: Outgoing) -> None:
        interaction = self._interaction
        if not self._deferred:
            await interaction.response.send_message(**part.kwargs(), ephemeral=self._private)
        elif interaction.type is discord.InteractionType.component:
            await interaction.followup.send(**part.kwargs(), ephemeral=self._private)
        else:  # deferred as "thinking": the reply takes the place of that message
            await interaction.edit_original_response(**_edit_kwargs(part))


def _edit_kwargs(part: Outgoing) -> dict[str, Any]:
    return part.kwargs(edit=True)
