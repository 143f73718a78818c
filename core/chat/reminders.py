"""What the schedule's reminders to the board and to quiet project teams say (event reminders are with events)."""

from __future__ import annotations

from typing import Any

from ..i18n import Text, _, ngettext
from ..views.model import Act
from .buttons import Action, ButtonCodec
from .layout import as_buttons
from .replies import Button
from ..views.reviews import vote_rows


def _nudge(p: dict[str, Any]) -> list[Text]:
    return [ngettext("🌱 “{title}” has had no update for {n} day.", "🌱 “{title}” has had no update for {n} days.",
                     p["days"], title=p["title"], n=p["days"]),
            _("Neighbours follow it: a line or two on how it goes keeps them with you.")]


def _nudge_buttons(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    return as_buttons([[Act.to(Action.UPDATE, _("Post an update"), p["project_id"])]], codec)


def _board(p: dict[str, Any]) -> list[Text]:
    head = ngettext("🗳 “{title}” has waited {count} hour for your vote.",
                    "🗳 “{title}” has waited {count} hours for your vote.", p["hours"], title=p["title"]) \
        if p.get("kind") != "withdrawal" else \
        ngettext("🗳 The request to make “{title}” a project has waited {count} hour for your vote.",
                 "🗳 The request to make “{title}” a project has waited {count} hours for your vote.", p["hours"],
                 title=p["title"])
    return [head]


def _board_buttons(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    return as_buttons(vote_rows(p["review_id"]), codec)


NOTICES = {
    "team_nudge": (_nudge, _nudge_buttons),
    "board_reminder": (_board, _board_buttons),
}
