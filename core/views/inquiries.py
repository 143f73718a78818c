"""How inquiries look: the thread both sides see, with Answer and Hand over for its owner, and the desk
`/inquiries` shows (the open inquiries, one's own, and the branch's response times)."""

from __future__ import annotations

from datetime import timedelta

from ..i18n import Text, _, ngettext
from ..model.inquiries import EntryKind, Inquiry, InquiryState
from ..model.members import Member
from ..usecases.inquiries import Desk, Thread
from .actions import Action
from .model import Act, Card, Entry, Listing
from .paging import page_of
from .text import excerpt

STATES: dict[InquiryState, Text] = {InquiryState.OPEN: _("waiting for an answer"),
                                    InquiryState.ANSWERED: _("answered"), InquiryState.CLOSED: _("closed")}


def duration(span: timedelta) -> Text:
    """A span as people say it: minutes under an hour, hours under two days, else days."""
    minutes = int(span.total_seconds() // 60)
    if minutes < 60:
        return ngettext("{count} minute", "{count} minutes", minutes)
    if minutes < 48 * 60:
        return ngettext("{count} hour", "{count} hours", minutes // 60)
    return ngettext("{count} day", "{count} days", minutes // (24 * 60))


def _entry_line(kind: EntryKind, name: str, text: str, names: dict[int, str]) -> Text:
    if kind is EntryKind.ANSWER:
        return _("💬 {name} answered: {text}", name=name, text=text)
    if kind is EntryKind.HANDOVER:
        return _("↪ {name} handed it over to {colleague}.", name=name,
                 colleague=names.get(int(text), "—") if text.isdigit() else text)
    if kind is EntryKind.NOTE:
        return _("📝 {name}: {text}", name=name, text=text)
    return _("❓ {name} asked: {text}", name=name, text=text)


def thread_card(seen: Thread, viewer: Member) -> Card:
    """The one thread: every entry in order; its owner answers or hands over, the asker replies or closes."""
    inquiry = seen.inquiry
    body: list[Text | str] = [_("Owner: {name}", name=seen.names.get(inquiry.owner_id, "—")),
                              _("Asked by: {name}", name=seen.names.get(inquiry.asker_id, "—"))]
    if inquiry.topic:
        body.append(_("Topic: {topic}", topic=inquiry.topic))
    body += [_entry_line(e.kind, seen.names.get(e.author_id, "—"), excerpt(e.text, 1200), seen.names)
             for e in seen.entries]
    rows: list[tuple[Act, ...]] = []
    if inquiry.state is not InquiryState.CLOSED:
        if seen.may_answer:
            rows.append((Act.to(Action.ANSWER_INQUIRY, _("Answer"), inquiry.id),
                         Act.to(Action.HAND_OVER, _("Hand over"), inquiry.id)))
        if viewer.id == inquiry.asker_id:
            rows.append((Act.to(Action.REPLY_INQUIRY, _("Reply"), inquiry.id),))
        rows.append((Act.to(Action.CLOSE_INQUIRY, _("Close the inquiry"), inquiry.id),))
    title = _("Inquiry no. {id}: {state}", id=inquiry.id, state=STATES[inquiry.state])
    return Card("inquiry", inquiry.id, title, body=tuple(body), actions=tuple(rows))


def _entry(i: Inquiry) -> Entry:
    label = excerpt(i.question, 60)
    return Entry(label, STATES[i.state], Act.to(Action.OPEN_INQUIRY, _("No. {id}", id=i.id), i.id))


def desk_listing(desk: Desk, page: int = 1) -> Listing:
    """`/inquiries`: for staff the open inquiries they answer for (all of the branch's for an admin) and the
    branch's response times; for everyone their own inquiries."""
    intro: list[Text | str] = []
    if desk.times is not None:
        t = desk.times
        if t.median is not None:
            intro.append(ngettext("Response times: median {median} to a first answer ({count} answered).",
                                  "Response times: median {median} to a first answer ({count} answered).", t.answered,
                                  median=duration(t.median)))
        else:
            intro.append(_("Response times: no inquiry is answered yet."))
        if t.longest_open is not None:
            intro.append(ngettext("Longest without a first answer: {span} ({count} waiting).",
                                  "Longest without a first answer: {span} ({count} waiting).", t.waiting,
                                  span=duration(t.longest_open)))
        else:
            intro.append(_("Every inquiry has had a first answer."))
        title = _("Open inquiries of the branch:") if desk.admin else _("Your open inquiries:")
        items = desk.waiting
        empty: Text = _("No inquiry is waiting for you.")
    else:
        return asked_listing(desk, page)
    return page_of(title, items, page, _entry, empty, Action.INQUIRIES, intro=tuple(intro),
                   actions=((Act.to(Action.ASK, _("Ask the municipality")),),))


def asked_listing(desk: Desk, page: int = 1) -> Listing:
    """The inquiries one asked that are not closed (on the web beside a consultant's desk, where the desk is
    theirs to answer)."""
    return page_of(_("Your inquiries:"), desk.mine, page, _entry,
                   _("You have no open inquiry. /ask asks the municipality."), Action.INQUIRIES,
                   actions=((Act.to(Action.ASK, _("Ask the municipality")),),))



def desk_page(desk: Desk, page: int = 1) -> tuple[Listing, ...]:
    """The inquiries on one page (the web's): a consultant's desk and then the ones they asked themselves; an
    enthusiast's own."""
    if desk.times is None:
        return (asked_listing(desk, page),)
    return desk_listing(desk, page), asked_listing(desk)
