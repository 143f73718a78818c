"""The dialogs of the community manager's circle: applying, events, calls, newsletters."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..i18n import Text, _, join
from ..clock import to_utc
from ..model.calls import CALL_TEXT_MAX, CALL_TITLE_MAX, NEEDED_MAX, WHEN_MAX
from ..model.events import (CAPACITY_MAX, EVENT_AUDIENCE_LABELS, EVENT_KIND_LABELS, EVENT_TEXT_MAX, EVENT_TITLE_MAX, PLACE_MAX, EventAudience, EventKind, event_deadline_problem, event_end_problem, event_start_problem)
from ..model.newsletters import NEWSLETTER_MAX
from ..model.padrivere import AVAILABILITY_MAX, OTHER_MAX
from .forms import Check, Field, FieldKind, Form, Option, Situation


def _yes_no(value: bool) -> Text:
    return _("yes") if value else _("no")


def _padriver_summary(a: dict[str, Any]) -> list[Text]:
    lines = [_("Competences: {list}", list=join(a["competences"]))]
    if a.get("other"):
        lines.append(_("Also: {other}", other=a["other"]))
    lines += [_("Available: {when}", when=a["availability"]),
              _("Shown on the pådriver page: {answer}", answer=_yes_no(a["public"]))]
    return lines


PADRIVER = Form("padriver", _("Become a pådriver"), (
    Field("competences", FieldKind.CHOICES, _("What are you good at, or glad to help with?"),
          options_from="competences"),
    Field("other", FieldKind.TEXT, _("Anything else you can offer that is not on the list? (optional)"),
          max_length=OTHER_MAX, required=False),
    Field("availability", FieldKind.LONG_TEXT,
          _("When are you usually available? (for example: weekday evenings, a few weekends a year)"),
          max_length=AVAILABILITY_MAX),
    Field("public", FieldKind.YES_NO,
          _("May we show your name, competences and contributions on the pådriver page?")),
), summary=_padriver_summary, confirm_label=_("Send"))

DECLINE = Form("padriver_decline", _("Decline the application"), (
    Field("reason", FieldKind.LONG_TEXT, _("A kind word to the applicant on why, if you like. (optional)"),
          max_length=600, required=False),
))

KIND_OPTIONS = tuple(Option(k.value, EVENT_KIND_LABELS[k]) for k in EventKind)
AUDIENCE_OPTIONS = tuple(Option(a.value, EVENT_AUDIENCE_LABELS[a]) for a in EventAudience)
_EVENT_FIELDS = (
    Field("kind", FieldKind.CHOICE, _("What kind of event is it?"), options=KIND_OPTIONS),
    Field("title", FieldKind.TEXT, _("What is it called?"), max_length=EVENT_TITLE_MAX),
    Field("description", FieldKind.LONG_TEXT, _("What will happen? Who is it for?"), max_length=EVENT_TEXT_MAX),
    Field("starts", FieldKind.DATETIME, _("When does it start?")),
    Field("ends", FieldKind.DATETIME, _("When does it end?")),
    Field("place", FieldKind.TEXT, _("Where is it?"), max_length=PLACE_MAX),
    Field("audience", FieldKind.CHOICE, _("Who is invited?"), options=AUDIENCE_OPTIONS),
    Field("capacity", FieldKind.NUMBER, _("How many places are there? (optional: skip for no limit)"),
          required=False, minimum=Decimal(1), maximum=Decimal(CAPACITY_MAX), whole=True),
    Field("deadline", FieldKind.DATETIME, _("When does registration close? (optional: skip to close at the start)"),
          required=False),
)


def _event_summary(a: dict[str, Any]) -> list[Text]:
    lines = [_("{kind}: {title}", kind=EVENT_KIND_LABELS[EventKind(a["kind"])], title=a["title"]),
             _("When: {starts} – {ends}", starts=a["starts"].replace("T", " "), ends=a["ends"].replace("T", " ")),
             _("Where: {place}", place=a["place"]),
             _("Invited: {audience}", audience=EVENT_AUDIENCE_LABELS[EventAudience(a["audience"])]),
             _("Places: {capacity}", capacity=a["capacity"] or _("no limit"))]
    if a.get("deadline"):
        lines.append(_("Registration closes: {deadline}", deadline=a["deadline"].replace("T", " ")))
    return lines


def _utc(a: dict[str, Any], name: str, at: Situation) -> Any:
    return to_utc(a[name], at.timezone)


def _deadline(a: dict[str, Any], at: Situation) -> Text | None:
    if not a["deadline"]:  # registration closes at the start, which is checked on its own
        return None
    return event_deadline_problem(_utc(a, "deadline", at), _utc(a, "starts", at), at.now)


# the same rules the use case applies when the event is saved, each asked as soon as its fields are known
_EVENT_CHECKS = (
    Check(("starts",), lambda a, at: event_start_problem(_utc(a, "starts", at), at.now)),
    Check(("starts", "ends"), lambda a, at: event_end_problem(_utc(a, "starts", at), _utc(a, "ends", at))),
    Check(("starts", "deadline"), _deadline),
)

EVENT = Form("event", _("New event"), _EVENT_FIELDS, summary=_event_summary,
             confirm_label=_("Send the invitation"), checks=_EVENT_CHECKS)
EVENT_EDIT = Form("event_edit", _("Change the event"), _EVENT_FIELDS, summary=_event_summary,
                  confirm_label=_("Save and tell everyone who answered"), checks=_EVENT_CHECKS)

EVENT_CANCEL = Form("event_cancel", _("Cancel the event"), (
    Field("reason", FieldKind.LONG_TEXT, _("Why is it cancelled? Everyone who answered will be told. (optional)"),
          max_length=600, required=False),
), summary=lambda a: [_("Everyone who answered will be told that the event is cancelled.")],
   confirm_label=_("Cancel the event"))


def _call_summary(a: dict[str, Any]) -> list[Text]:
    lines = [_("Call: {title}", title=a["title"]), _("When: {when}", when=a["when"]),
             _("People needed: {needed}", needed=a["needed"])]
    lines.append(_("For pådrivere who know: {list}", list=join(a["competences"])) if a.get("competences")
                 else _("For all pådrivere."))
    return lines


CALL = Form("call", _("New call for participation"), (
    Field("title", FieldKind.TEXT, _("What do you need help with? A short title."), max_length=CALL_TITLE_MAX),
    Field("description", FieldKind.LONG_TEXT, _("Tell a little more. (optional)"), max_length=CALL_TEXT_MAX,
          required=False),
    Field("when", FieldKind.TEXT, _("When is it? (for example: Saturday 3 May, 10–14)"), max_length=WHEN_MAX),
    Field("needed", FieldKind.NUMBER, _("How many people do you need?"), minimum=Decimal(1),
          maximum=Decimal(NEEDED_MAX), whole=True),
    Field("competences", FieldKind.CHOICES, _("Which competences? (skip to ask all pådrivere)"),
          options_from="competences", required=False),
), summary=_call_summary, confirm_label=_("Send the call"))


def _newsletter_summary(a: dict[str, Any]) -> list[Text]:
    lines: list[Text] = [_("Preview:"), "", a["text"], ""]
    if a.get("image"):
        lines.append(_("With a picture."))
    lines.append(_("To: {audience}", audience=a.get("audience_label") or a["audience"]))
    lines.append(_("To be sent: {when}", when=a["send_at"].replace("T", " ")) if a.get("send_at")
                 else _("To be sent: at once"))
    return lines


NEWSLETTER = Form("newsletter", _("Newsletter"), (
    Field("text", FieldKind.LONG_TEXT, _("Write the newsletter."), max_length=NEWSLETTER_MAX),
    Field("image", FieldKind.IMAGE, _("Send a picture to go with it (optional)."), required=False),
    Field("audience", FieldKind.CHOICE, _("Who should get it?"), options_from="audiences"),
    Field("send_at", FieldKind.DATETIME, _("When should it go out? (skip to send it now)"), required=False),
), summary=_newsletter_summary, confirm_label=_("Send the newsletter"))

COMMUNITY_FORMS = (PADRIVER, DECLINE, EVENT, EVENT_EDIT, EVENT_CANCEL, CALL, NEWSLETTER)
