"""How an event looks to one viewer: its card with the answers they may give, and the list of events coming up.

The card's lines are built from the same plain parameters an invitation carries, so an invitation
sent to a hundred people and the card a member opens later say the same thing.
"""

from __future__ import annotations

from typing import Any, Callable

from ..i18n import Text, _, join, ngettext
from ..model.events import ANSWER_LABELS, EVENT_KIND_LABELS, Answer, Event, EventKind, RsvpCounts
from ..usecases import events
from ..usecases.events import EventFacts
from .actions import Action
from .model import Act, Card, Entry, Listing
from .paging import page_of
from .text import excerpt

#: the short codes an answer travels as, in a button's arguments
ANSWER_CODES = {"g": Answer.GOING, "m": Answer.MAYBE, "n": Answer.NO}
CODE_OF = {a: c for c, a in ANSWER_CODES.items()}


def event_lines(p: dict[str, Any]) -> list[Text]:
    """What an event says, from its plain parameters (see `usecases.events.event_params`)."""
    lines: list[Text] = []
    times = events.event_moments(p)
    if p.get("cancelled"):
        lines.append(_("❌ Cancelled: {title}", title=p["title"]))
    lines += [_("📅 {kind}: {title}", kind=EVENT_KIND_LABELS[EventKind(p["kind"])], title=p["title"]),
              _("🕒 {starts} – {ends}", starts=times.starts, ends=times.ends),
              _("📍 {place}", place=p["place"])]
    if p.get("description"):
        lines.append(excerpt(p["description"], 900))
    lines.append(tally(p))
    if not p.get("cancelled"):
        lines.append(_("Registration closes {deadline}.", deadline=times.deadline))
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


def your_answer(answer: Answer | None, position: int | None) -> Text | None:
    if answer is None:
        return None
    if position is not None:
        return _("You are on the waitlist, number {n}. If a place frees up, it is yours and I will tell you.",
                 n=position)
    return {Answer.GOING: _("Your answer: going. See you there!"), Answer.MAYBE: _("Your answer: maybe."),
            Answer.NO: _("Your answer: can't come.")}[answer]


def rsvp_acts(event_id: int, mine: Answer | None = None,
              refusal: Callable[[Answer], Text | None] | None = None) -> tuple[Act, ...]:
    """The three answers; `refusal(answer)` says why one cannot be given (None: all may be given)."""
    return tuple(Act.to(Action.RSVP, _("✓ {label}", label=ANSWER_LABELS[a]) if a is mine else ANSWER_LABELS[a],
                        event_id, CODE_OF[a], refused=refusal(a) if refusal else None, pressed=a is mine)
                 for a in Answer)


def calendar_act(event_id: int) -> Act:
    return Act.to(Action.CALENDAR, _("📅 Add to my calendar"), event_id)


def open_act(event_id: int) -> Act:
    return Act.to(Action.OPEN_EVENT, _("Open the event"), event_id)


def event_card(facts: EventFacts) -> Card:
    """The event as the viewer sees it, with the answers they may give; the community manager may also read
    who answered, change the event or cancel it. A visitor sees the answers, refused until they sign in."""
    event = facts.event
    lines = event_lines(events.event_params(event, facts.branch, facts.counts))
    answer = your_answer(facts.mine, facts.position)
    if answer is not None:
        lines.append(answer)

    def refusal(a: Answer) -> Text | None:
        return events.rsvp_refusal(event, facts.now, a, facts.branch.timezone, signed_in=facts.viewer is not None)

    rows: list[tuple[Act, ...]] = [rsvp_acts(event.id, facts.mine, refusal), (calendar_act(event.id),)]
    if facts.manager:
        rows.append((Act.to(Action.ATTENDEES, _("Attendees (CSV)"), event.id),))
        rows.append((Act.to(Action.EDIT_EVENT, _("Change"), event.id, refused=events.edit_refusal(event)),
                     Act.to(Action.CANCEL_EVENT, _("Cancel the event"), event.id,
                            refused=events.cancel_refusal(event))))
    return Card("event", event.id, lines[0], body=tuple(lines[1:]), actions=tuple(rows))


def events_listing(found: list[Event], zone: str, page: int = 1, manager: bool = False,
                   counts: dict[int, RsvpCounts] | None = None) -> Listing:
    """The events coming up, a page at a time, each opening its card, with its answers and places left where
    `counts` are given (a web page); the community manager may invite to one."""
    def entry(e: Event) -> Entry:
        answered = counts.get(e.id) if counts is not None else None
        detail = tally({"going": answered.going, "maybe": answered.maybe, "waiting": answered.waiting,
                        "capacity": e.capacity}) if answered is not None else None
        return Entry(_("{starts} — {title}", starts=events.shown(e.starts_at, zone), title=e.title), detail,
                     Act.to(Action.OPEN_EVENT, e.title, e.id))

    return page_of(_("Coming up:"), found, page, entry, _("No events are coming up right now."), Action.EVENTS,
                   actions=((Act.to(Action.NEW_EVENT, _("New event")),),) if manager else ())


def past_events_listing(found: list[Event], zone: str) -> Listing:
    """The latest events that are over, each opening its card: what the branch has done."""
    return Listing(_("Held earlier:"), tuple(Entry(_("{starts} — {title}", starts=events.shown(e.starts_at, zone),
                                                     title=e.title), open=Act.to(Action.OPEN_EVENT, e.title, e.id))
                                             for e in found),
                   _("No events have been held here yet."), total=len(found))
