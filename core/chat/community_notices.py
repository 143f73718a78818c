"""What the circle's notices say: applications, decisions, invitations, calls, newsletters."""

from __future__ import annotations

from typing import Any, Callable

from ..i18n import Text, _, join, ngettext
from ..model.events import Answer
from .buttons import Action, ButtonCodec
from .community_views import (application_buttons, application_lines, call_lines, event_lines, rsvp_buttons,
                              your_answer)
from .replies import Button

Lines = Callable[[dict[str, Any]], list[Text]]
Buttons = Callable[[ButtonCodec, dict[str, Any]], list[list[Button]]]


def _decided(p: dict[str, Any]) -> list[Text]:
    if not p["approved"]:
        lines = [_("Thank you for applying to become a pådriver. The community manager has said no for now.")]
        if p.get("reason"):
            lines.append(_("They wrote: {reason}", reason=p["reason"]))
        return lines
    lines = [_("🌟 Welcome, pådriver! The community manager has approved your application.")]
    if p.get("circle"):
        lines.append(_("Join the pådrivere's closed group with the button below: ask to join, and I let you in."))
    lines.append(_("You will get invitations to gatherings and calls for a hand here. /padrivere shows the "
                   "pådriver page."))
    return lines


def _decided_buttons(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    if p["approved"] and p.get("circle") and p.get("branch_id"):
        return [[Button(_("Join the pådriver group"), invite=f"circle:{p['branch_id']}")]]
    return []


def _answer(p: dict[str, Any]) -> Answer | None:
    """The recipient's answer as read when the notice was sent (none in a notice written before that was read)."""
    return Answer(p["mine"]) if p.get("mine") else None


def _invitation(p: dict[str, Any]) -> list[Text]:
    lines = [_("You are invited!"), *event_lines(p)]
    answer = your_answer(_answer(p), p.get("position"))
    return lines + [answer] if answer is not None else lines


def _invitation_buttons(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    # someone on the waitlist is not going yet: nothing is ticked, the line above says where they stand
    ticked = None if p.get("position") else _answer(p)
    return [rsvp_buttons(codec, p["event_id"], ticked),
            [Button(_("📅 Add to my calendar"), codec.encode(Action.CALENDAR, p["event_id"]))]]


def _post_buttons(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    if p.get("cancelled"):
        return []
    return [rsvp_buttons(codec, p["event_id"]), [Button(_("Open in a private chat"), link=f"e{p['event_id']}")]]


def _open_event(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    return [[Button(_("Open the event"), codec.encode(Action.OPEN_EVENT, p["event_id"]))]]


def _cancelled(p: dict[str, Any]) -> list[Text]:
    lines: list[Text] = [_("❌ “{title}” on {starts} is cancelled.", title=p["title"], starts=p["starts"])]
    if p.get("reason"):
        lines.append(_("The organiser wrote: {reason}", reason=p["reason"]))
    return lines


def _call_buttons(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    return [[Button(_("I'm in"), codec.encode(Action.JOIN_CALL, p["call_id"]))]]


def _newsletter(p: dict[str, Any]) -> list[Text]:
    return [p["text"]]


COMPOSERS: dict[str, tuple[Lines, Buttons]] = {
    "padriver_applied": (application_lines, lambda c, p: application_buttons(c, p["application_id"])),
    "padriver_decided": (_decided, _decided_buttons),
    "circle_removal": (lambda p: [_("Removed from the pådrivere's group.")], lambda c, p: []),
    "event_invitation": (_invitation, _invitation_buttons),
    "event_post": (event_lines, _post_buttons),
    "event_changed": (lambda p: [_("✏ The event has changed. Here it is now:"), *event_lines(p)], _open_event),
    "event_cancelled": (_cancelled, lambda c, p: []),
    "event_promoted": (lambda p: [_("🎉 A place freed up: you are going to “{title}” on {starts}!",
                                    title=p["title"], starts=p["starts"]),
                                  _("If you can't come after all, say so, so the next one gets the place.")],
                       _open_event),
    "call_posted": (lambda p: [_("A call for a hand, for you as a pådriver:"), *call_lines(p)], _call_buttons),
    "call_full": (lambda p: [ngettext("✅ “{title}” is full: {count} person is in.",
                                      "✅ “{title}” is full: {count} people are in.", p["needed"], title=p["title"]),
                             _("Who: {names}", names=join(p.get("names") or []))], lambda c, p: []),
    "newsletter": (_newsletter, lambda c, p: []),
}
