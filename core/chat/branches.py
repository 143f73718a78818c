"""A branch's chats in chat: linking a group or channel with /link, and the notices when one is lost or moved."""

from __future__ import annotations

from ..i18n import _
from ..model.notices import NoticeKind
from ..usecases.chats import PURPOSES
from ..views.actions import Action
from .links import LINK_HINT, NOT_HERE, link_here, link_press
from .replies import Message
from .turn import Turn


async def link(t: Turn) -> list[Message]:
    """`/link board` or `/link bank`, written in the group or channel that should serve the branch; `/link circle
    ROLE_ID` where the platform opens the circle's chat by a role (a Discord category)."""
    purpose = PURPOSES.get(t.args[0].lower()) if t.args else None
    if purpose is None:
        return [Message.of(LINK_HINT)]
    if t.place is None or t.place.private:
        return [Message.of(NOT_HERE)]
    return [await link_here(t, t.branch.id, purpose, t.args[1] if len(t.args) > 1 else "")]


COMMANDS = {"link": link}
PRESSES = {Action.LINK_CHAT: link_press}

NOTICES = {
    NoticeKind.CHAT_LOST: (
        lambda p: [_("⚠ The branch's {purpose} chat “{title}” can no longer be reached ({reason}). It is unlinked; "
                     "link a new one with /link in the new chat.", purpose=p["purpose"], title=p["title"],
                     reason=p["reason"])],
        lambda c, p: []),
    NoticeKind.CHAT_MOVED: (
        lambda p: [_("ℹ The branch's {purpose} chat “{title}” became a supergroup, with a new address. It stays "
                     "linked, and what was on its way there is posted there now.", purpose=p["purpose"],
                     title=p["title"])],
        lambda c, p: []),
}
