"""Dreams in chat: depositing, amending, retracting and withdrawing one, a dream's card, one's own dreams,
the decisions about a dream, and what the notices about dreams say."""

from __future__ import annotations

from typing import Any

from ..i18n import Text, _, join, ngettext
from ..model.dreams import NEED_LABELS, Need
from ..model.notices import NoticeKind
from ..model.reviews import Choice
from ..usecases import access, dreams
from ..views.actions import Action, Press
from ..views.dreams import decisions, dream_card, my_dreams
from ..views.paging import page_arg
from ..views.text import excerpt
from .buttons import ButtonCodec
from .layout import as_message
from .replies import Button, Message
from .turn import Turn


async def deposit(t: Turn) -> list[Message]:
    return [Message.of(_("Lovely — let's put your dream into words. It takes a few minutes, and /cancel stops at "
                         "any time.")), *await t.start_dialog("deposit")]


async def mine(t: Turn, page: int = 1) -> list[Message]:
    return [as_message(my_dreams(await dreams.dreams_of(t.uow, t.actor), page), t.codec)]


async def dream(t: Turn) -> list[Message]:
    return await open_dream(t, t.number_arg("/dream 3"))


async def open_dream(t: Turn, dream_id: int) -> list[Message]:
    return [as_message(dream_card(await dreams.read_dream(t.uow, t.actor, dream_id, t.branch), t.actor), t.codec)]


async def audit(t: Turn) -> list[Message]:
    found, entries = await dreams.decisions_about(t.uow, t.actor, t.branch.id, t.number_arg("/audit 3"))
    named = [(e, await access.name_of(t.uow, e.actor_id) if e.actor_id else None) for e in entries[-40:]]
    return [as_message(decisions(found, named, t.branch.timezone), t.codec)]


async def withdraw(t: Turn, press: Press) -> list[Message]:
    found = await dreams.ensure_can_propose_withdrawal(t.uow, t.actor, press.number(0))
    return await t.start_dialog("withdrawal", {"dream_id": found.id})


async def amend(t: Turn, press: Press) -> list[Message]:
    found = await dreams.ensure_can_amend(t.uow, t.actor, press.number(0))
    previous = {"title": found.title, "story": found.story, "needs": [n.value for n in found.needs],
                "needs_detail": found.needs_detail}
    return await t.start_dialog("amend", {"dream_id": found.id}, previous)


async def retract(t: Turn, press: Press) -> list[Message]:
    found = await dreams.ensure_can_retract(t.uow, t.actor, press.number(0))
    return await t.start_dialog("retract", {"dream_id": found.id})


COMMANDS = {"deposit": deposit, "mydreams": mine, "dream": dream, "audit": audit}

PRESSES = {
    Action.OPEN_DREAM: lambda t, p: open_dream(t, p.number(0)), Action.WITHDRAW: withdraw, Action.AMEND: amend,
    Action.RETRACT: retract, Action.MINE: lambda t, p: mine(t, page_arg(p.args)),
}


# -- notices -------------------------------------------------------------------------------------

def open_button(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    return [[Button(_("Open the dream"), codec.encode(Action.OPEN_DREAM, p["dream_id"]))]]


def _decided(p: dict[str, Any]) -> list[Text]:
    outcome = Choice(p["outcome"])
    head = {
        Choice.APPROVE: _("🎉 Your dream “{title}” is approved and now in the bank!", title=p["title"]),
        Choice.REJECT: _("Your dream “{title}” was not approved this time.", title=p["title"]),
        Choice.MORE_INFO: _("The board would like to know more about “{title}” before deciding.", title=p["title"]),
    }[outcome]
    lines = [head]
    if p.get("reason"):
        lines.append(_("The board said: {reason}", reason=p["reason"]))
    if outcome is Choice.APPROVE:
        lines.append(_("Neighbours can now like it and offer help. Share it with those who might join."))
    if outcome is Choice.MORE_INFO:
        lines.append(_("Amend the dream and it goes back to the board."))
    return lines


def _decided_buttons(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    if p["outcome"] == Choice.MORE_INFO.value:
        return [[Button(_("Amend and resubmit"), codec.encode(Action.AMEND, p["dream_id"]))]]
    return open_button(codec, p)


def _withdrawal_decided(p: dict[str, Any]) -> list[Text]:
    lines = [_("The board did not agree to make “{title}” a project yet; it stays in the bank.", title=p["title"])]
    if p.get("reason"):
        lines.append(_("The board said: {reason}", reason=p["reason"]))
    return lines


def _dream_post(p: dict[str, Any]) -> list[Text]:
    lines: list[Text] = [_("💭 {title}", title=p["title"]), _("by {owner}", owner=p["owner"]),
                         excerpt(p["story"], 700),
                         _("Needs: {needs}", needs=join([NEED_LABELS[Need(n)] for n in p["needs"]]))]
    if p.get("archived") == "completed":
        lines.append(_("📦 Completed, and in the archive."))
    elif p.get("archived") == "discontinued":
        lines.append(_("📦 Discontinued, and in the archive."))
    elif p["state"] == "project":
        lines.append(_("🏭 Now a project in the factory."))
    return lines


def _dream_post_buttons(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    share = [Button(_("Share"), link=f"d{p['dream_id']}", share=True)]
    if not p.get("open", True):
        return [share]
    like = ngettext("♥ {count} like", "♥ {count} likes", p["likes"]) if p["likes"] else _("♥ Like")
    help_ = ngettext("I can help ({count})", "I can help ({count})", p["pledges"]) if p["pledges"] \
        else _("I can help")
    return [[Button(like, codec.encode(Action.LIKE, p["dream_id"])), Button(help_, link=f"p{p['dream_id']}")], share]


NOTICES = {
    NoticeKind.DREAM_DECIDED: (_decided, _decided_buttons),
    NoticeKind.WITHDRAWAL_DECIDED: (_withdrawal_decided, open_button),
    NoticeKind.DREAM_POST: (_dream_post, _dream_post_buttons),
}
