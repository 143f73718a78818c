"""Newsletters in chat: the manager's dialog, how far each newsletter got, stopping a scheduled one, and what
a newsletter says when it arrives."""

from __future__ import annotations

from typing import Any

from ..i18n import Text, _
from ..usecases import newsletters, padrivere
from ..views.newsletters import newsletter_card, newsletters_listing
from ..dialogs.newsletters import audience_choices
from .buttons import Action, Press
from .layout import as_message
from .replies import Message
from .turn import Turn

#: how many of the latest newsletters the list pages through
LISTED = 100


async def newsletter(t: Turn) -> list[Message]:
    await padrivere.require_manager(t.uow, t.actor, t.branch.id)
    audiences = await audience_choices(t.uow, t.actor, t.branch)
    return [Message.of(_("Times are in {zone}.", zone=t.branch.timezone)),
            *await t.start_dialog("newsletter", {"audiences": audiences})]


async def newsletter_view(t: Turn, newsletter_id: int) -> Message:
    letter, progress = await newsletters.progress(t.uow, t.actor, newsletter_id)
    return as_message(newsletter_card(letter, progress, t.branch.timezone), t.codec, replaces=True)


async def newsletters_(t: Turn, page: int = 1) -> list[Message]:
    found = await newsletters.recent(t.uow, t.actor, t.branch.id, LISTED)
    return [as_message(newsletters_listing(found, page), t.codec)]


async def cancel_newsletter(t: Turn, press: Press) -> list[Message]:
    letter = await newsletters.cancel(t.uow, t.clock, t.actor, press.number(0))
    return [await newsletter_view(t, letter.id or 0)]


async def _progress(t: Turn, press: Press) -> list[Message]:
    return [await newsletter_view(t, press.number(0))]


COMMANDS = {"newsletter": newsletter, "newsletters": newsletters_}
PRESSES = {
    Action.NEWSLETTER_PROGRESS: _progress, Action.CANCEL_NEWSLETTER: cancel_newsletter,
    Action.NEWSLETTERS: lambda t, p: newsletters_(t, p.number(0) if p.args else 1),
    Action.NEW_NEWSLETTER: lambda t, p: newsletter(t),
}


def _newsletter(p: dict[str, Any]) -> list[Text]:
    return [p["text"]]


NOTICES = {"newsletter": (_newsletter, lambda c, p: [])}
