"""What the schedule's notices say in chat: the digest's fallback lines, reminders and nudges."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..i18n import Text, _, ngettext
from ..model.reviews import CHOICE_LABELS
from ..usecases.events import shown
from .buttons import Action, ButtonCodec
from .replies import Button
from ..views.reviews import CHOICE_CODES


def _digest(p: dict[str, Any]) -> list[Text]:
    return [_("📰 What happened in {branch}", branch=p["branch"])]


def _lead(minutes: int) -> Text:
    if minutes % 1440 == 0:
        return ngettext("in {n} day", "in {n} days", minutes // 1440, n=minutes // 1440)
    if minutes % 60 == 0:
        return ngettext("in {n} hour", "in {n} hours", minutes // 60, n=minutes // 60)
    return ngettext("in {n} minute", "in {n} minutes", minutes, n=minutes)


def _reminder(p: dict[str, Any]) -> list[Text]:
    when = shown(datetime.fromisoformat(p["starts_at"]), p["timezone"])
    lines: list[Text] = [_("⏰ Reminder: “{title}” starts {lead}.", title=p["title"], lead=_lead(p["lead_minutes"])),
                         _("When: {when}", when=when)]
    if p.get("place"):
        lines.append(_("Where: {place}", place=p["place"]))
    lines.append(_("Can't come after all? Say so with the button, and your seat goes to someone waiting."))
    return lines


def _reminder_buttons(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    return [[Button(_("Open the event"), codec.encode(Action.OPEN_EVENT, p["event_id"]))]]


def _nudge(p: dict[str, Any]) -> list[Text]:
    return [ngettext("🌱 “{title}” has had no update for {n} day.", "🌱 “{title}” has had no update for {n} days.",
                     p["days"], title=p["title"], n=p["days"]),
            _("Neighbours follow it: a line or two on how it goes keeps them with you.")]


def _nudge_buttons(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    return [[Button(_("Post an update"), codec.encode(Action.UPDATE, p["project_id"]))]]


def _board(p: dict[str, Any]) -> list[Text]:
    head = ngettext("🗳 “{title}” has waited {count} hour for your vote.",
                    "🗳 “{title}” has waited {count} hours for your vote.", p["hours"], title=p["title"]) \
        if p.get("kind") != "withdrawal" else \
        ngettext("🗳 The request to make “{title}” a project has waited {count} hour for your vote.",
                 "🗳 The request to make “{title}” a project has waited {count} hours for your vote.", p["hours"],
                 title=p["title"])
    return [head]


def _board_buttons(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    return [[Button(CHOICE_LABELS[c], codec.encode(Action.VOTE, p["review_id"], code))]
            for code, c in CHOICE_CODES.items()]


COMPOSERS = {
    "digest": (_digest, lambda c, p: [[Button(_("⚙ What I receive"), c.encode(Action.SETTINGS))]]),
    "event_reminder": (_reminder, _reminder_buttons),
    "team_nudge": (_nudge, _nudge_buttons),
    "board_reminder": (_board, _board_buttons),
    "email_code": (lambda p: [_("A confirmation code was mailed to you.")], lambda c, p: []),
}
