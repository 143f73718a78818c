"""How events, calls, applications and the pådriver page look, for views and notices alike.

Cards are built from plain parameters (the same JSON a notice carries), so an invitation sent
to a hundred people and the card a member opens later say the same thing.
"""

from __future__ import annotations

from typing import Any

from ..i18n import Text, _, join, ngettext
from ..model.events import ANSWER_LABELS, EVENT_KIND_LABELS, Answer, EventKind
from ..model.padrivere import Contributions, Padriver
from ..model.members import Member
from .buttons import Action, ButtonCodec
from .replies import Button, Message
from ..views.text import excerpt

ANSWER_CODES = {"g": Answer.GOING, "m": Answer.MAYBE, "n": Answer.NO}
CODE_OF = {a: c for c, a in ANSWER_CODES.items()}


def event_lines(p: dict[str, Any]) -> list[Text]:
    lines: list[Text] = []
    if p.get("cancelled"):
        lines.append(_("❌ Cancelled: {title}", title=p["title"]))
    lines += [_("📅 {kind}: {title}", kind=EVENT_KIND_LABELS[EventKind(p["kind"])], title=p["title"]),
              _("🕒 {starts} – {ends}", starts=p["starts"], ends=p["ends"]),
              _("📍 {place}", place=p["place"])]
    if p.get("description"):
        lines.append(excerpt(p["description"], 900))
    lines.append(tally(p))
    if not p.get("cancelled"):
        lines.append(_("Registration closes {deadline}.", deadline=p["deadline"]))
    return lines


def tally(p: dict[str, Any]) -> Text:
    parts: list[Text] = [ngettext("{count} going", "{count} going", p["going"]),
                         ngettext("{count} maybe", "{count} maybe", p["maybe"])]
    if p.get("capacity"):
        free = max(0, p["capacity"] - p["going"])
        parts.append(ngettext("{count} place left", "{count} places left", free) if free else _("full"))
    if p.get("waiting"):
        parts.append(ngettext("{count} on the waitlist", "{count} on the waitlist", p["waiting"]))
    return join(parts, " · ")


def rsvp_buttons(codec: ButtonCodec, event_id: int, mine: Answer | None = None) -> list[Button]:
    return [Button(_("✓ {label}", label=ANSWER_LABELS[a]) if a is mine else ANSWER_LABELS[a],
                   codec.encode(Action.RSVP, event_id, CODE_OF[a])) for a in Answer]


def your_answer(answer: Answer | None, position: int | None) -> Text | None:
    if answer is None:
        return None
    if position is not None:
        return _("You are on the waitlist, number {n}. If a place frees up, it is yours and I will tell you.",
                 n=position)
    return {Answer.GOING: _("Your answer: going. See you there!"), Answer.MAYBE: _("Your answer: maybe."),
            Answer.NO: _("Your answer: can't come.")}[answer]


def event_card(codec: ButtonCodec, p: dict[str, Any], mine: Answer | None, position: int | None,
               manager: bool, replaces: bool = False) -> Message:
    lines = event_lines(p)
    answer = your_answer(mine, position)
    if answer is not None:
        lines.append(answer)
    rows: list[list[Button]] = []
    event_id = p["event_id"]
    if not p.get("cancelled"):
        rows.append(rsvp_buttons(codec, event_id, mine))
    rows.append([Button(_("📅 Add to my calendar"), codec.encode(Action.CALENDAR, event_id))])
    if manager:
        rows.append([Button(_("Attendees (CSV)"), codec.encode(Action.ATTENDEES, event_id))])
        if not p.get("cancelled"):
            rows.append([Button(_("Change"), codec.encode(Action.EDIT_EVENT, event_id)),
                         Button(_("Cancel the event"), codec.encode(Action.CANCEL_EVENT, event_id))])
    return Message.of(*lines, buttons=rows, topic=f"event:{event_id}", replaces=replaces)


def call_lines(p: dict[str, Any]) -> list[Text]:
    lines: list[Text] = [_("🙋 Call: {title}", title=p["title"]), _("When: {when}", when=p["when"])]
    if p.get("description"):
        lines.append(excerpt(p["description"], 900))
    if p.get("competences"):
        lines.append(_("For those who know: {list}", list=join(p["competences"])))
    lines.append(ngettext("{taken} of {count} person so far.", "{taken} of {count} people so far.", p["needed"],
                          taken=p["taken"]))
    return lines


def call_card(codec: ButtonCodec, p: dict[str, Any], mine: bool, manager: bool) -> Message:
    lines = call_lines(p)
    rows: list[list[Button]] = []
    if mine:
        lines.append(_("You are in. Thank you!"))
        rows.append([Button(_("I can't after all"), codec.encode(Action.LEAVE_CALL, p["call_id"]))])
    elif p["status"] == "open":
        rows.append([Button(_("I'm in"), codec.encode(Action.JOIN_CALL, p["call_id"]))])
    else:
        lines.append(_("It has all the people it needs.") if p["status"] == "full" else _("The call is closed."))
    if manager and p["status"] != "closed":
        rows.append([Button(_("Close the call"), codec.encode(Action.CLOSE_CALL, p["call_id"]))])
    return Message.of(*lines, buttons=rows, topic=f"call:{p['call_id']}", replaces=True)


def application_lines(p: dict[str, Any]) -> list[Text]:
    lines: list[Text] = [_("🌱 {name} wants to become a pådriver.", name=p["name"]),
                         _("Competences: {list}", list=join(p["competences"]) if p["competences"] else "—"),
                         _("Available: {when}", when=p["availability"]),
                         _("Shown on the pådriver page: {answer}", answer=_("yes") if p["public"] else _("no"))]
    return lines


def application_buttons(codec: ButtonCodec, application_id: int) -> list[list[Button]]:
    return [[Button(_("Approve"), codec.encode(Action.DECIDE_APPLICATION, application_id, "y")),
             Button(_("Decline"), codec.encode(Action.DECIDE_APPLICATION, application_id, "n"))]]


def application_params(member: Member, application: Padriver) -> dict[str, Any]:
    return dict(application_id=application.id, name=member.display_name,
                competences=application.all_competences(), availability=application.availability,
                public=application.public)


def contribution_text(c: Contributions) -> Text:
    parts: list[Text] = []
    if c.pledges:
        parts.append(ngettext("{count} offer of help", "{count} offers of help", c.pledges))
    if c.events:
        parts.append(ngettext("{count} event attended", "{count} events attended", c.events))
    if c.calls:
        parts.append(ngettext("{count} call answered", "{count} calls answered", c.calls))
    for title, role in c.roles[:5]:
        parts.append(_("{role} in “{title}”", role=role, title=title))
    return join(parts) if parts else _("just getting started")


def padriver_page(branch_name: str, rows: list[tuple[Member, Padriver, Contributions]]) -> Message:
    lines: list[Text] = [_("The pådrivere of {branch}", branch=branch_name)]
    if not rows:
        lines.append(_("No pådrivere are shown here yet. /padriver tells you how to become one."))
    for member, profile, credit in rows[:60]:
        lines += ["", _("🌟 {name}", name=member.display_name),
                  _("Competences: {list}", list=join(profile.all_competences()) or "—"),
                  _("Contributed: {what}", what=contribution_text(credit))]
    if len(rows) > 60:
        lines.append(_("…and {more} more.", more=len(rows) - 60))
    return Message.of(*lines)
