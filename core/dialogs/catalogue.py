"""Every dialog the platform asks, by name."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..i18n import Text, _, join
from ..model.bank import AMOUNT_MAX, PLEDGE_MAX
from ..model.dreams import NEED_LABELS, NEEDS_DETAIL_MAX, STORY_MAX, TITLE_MAX, Need
from ..model.projects import EVALUATION_MAX, PROJECT_STATE_LABELS, REPORT_MAX, ROLE_MAX, UPDATE_MAX, ProjectState
from ..model.reviews import COMMENT_MAX
from . import calls, events, newsletters, padrivere
from .forms import Field, FieldKind, Form, Option

NEED_OPTIONS = tuple(Option(n.value, NEED_LABELS[n]) for n in Need)


def _needs(values: list[str]) -> Text:
    return join([NEED_LABELS[Need(v)] for v in values])


def _dream_summary(a: dict[str, Any]) -> list[Text]:
    lines = [_("Title: {title}", title=a["title"]), _("Story: {story}", story=a["story"]),
             _("Needs: {needs}", needs=_needs(a["needs"]))]
    if a.get("needs_detail"):
        lines.append(_("More about the needs: {detail}", detail=a["needs_detail"]))
    return lines


DEPOSIT = Form("deposit", _("Your dream"), (
    Field("title", FieldKind.TEXT, _("What is your dream called? Give it a short title."), max_length=TITLE_MAX),
    Field("story", FieldKind.LONG_TEXT, _("Tell us about the dream: what would happen, where, and for whom?"),
          max_length=STORY_MAX),
    Field("needs", FieldKind.CHOICES, _("What does the dream need to come true?"), options=NEED_OPTIONS),
    Field("needs_detail", FieldKind.LONG_TEXT, _("Anything more about what it needs? (optional)"),
          max_length=NEEDS_DETAIL_MAX, required=False),
    Field("non_profit", FieldKind.YES_NO, _("Is the dream non-profit — nobody earns money from it?"),
          must_be_yes=_("The bank holds dreams that nobody profits from, so that neighbours can give their time "
                        "and money with confidence. If you can shape the dream so that any income goes back "
                        "into it, it fits. Does it now?")),
    Field("social_value", FieldKind.YES_NO,
          _("Does it strengthen social values or create positive activity where you live?"),
          must_be_yes=_("The bank exists to bring people together and make good things happen locally. Think "
                        "of who would meet, help or enjoy it — most dreams do this. Does yours?")),
    Field("realisable", FieldKind.YES_NO, _("Can it be realised, at least in part? Big dreams are welcome."),
          must_be_yes=_("A dream does not need to be finished at once: a first step counts. If part of it can "
                        "happen with help from neighbours, it fits. Can some of it be realised?")),
), summary=_dream_summary, confirm_label=_("Deposit my dream"))

AMEND = Form("amend", _("Amend your dream"), DEPOSIT.fields, summary=_dream_summary,
             confirm_label=_("Send it to the board again"))

PLEDGE = Form("pledge", _("Offer help"), (
    Field("kind", FieldKind.CHOICE, _("What kind of help can you offer?"), options=NEED_OPTIONS),
    Field("description", FieldKind.LONG_TEXT, _("Describe what you can do or give."), max_length=PLEDGE_MAX),
    Field("amount", FieldKind.NUMBER, _("An amount, if it helps to say one (optional)."), required=False,
          minimum=Decimal("0.01"), maximum=AMOUNT_MAX),
))

COMMENT = Form("comment", _("Your vote"), (
    Field("comment", FieldKind.LONG_TEXT, _("Tell the owner why, in a sentence or two. They will see it."),
          max_length=COMMENT_MAX, required=False),
))

WITHDRAWAL = Form("withdrawal", _("Withdraw into the factory"), (
    Field("motivation", FieldKind.LONG_TEXT,
          _("Why is the dream ready to become a project? Who and what is behind it now?"),
          max_length=2000, required=False),
), summary=lambda a: [_("The board will be asked to agree that the dream becomes a project.")],
   confirm_label=_("Ask the board"))

UPDATE = Form("update", _("Project update"), (
    Field("text", FieldKind.LONG_TEXT, _("What is new in the project? Followers will be told."),
          max_length=UPDATE_MAX),
))

TEAM_ROLE = Form("team_role", _("Team role"), (
    Field("role", FieldKind.TEXT, _("Which role will they have on the team? (for example: coordinator, treasurer)"),
          max_length=ROLE_MAX),
))

def _close_summary(a: dict[str, Any]) -> list[Text]:
    lines = [_("Outcome: {outcome}", outcome=PROJECT_STATE_LABELS[ProjectState(a["outcome"])])]
    if a.get("evaluation"):
        lines.append(_("Evaluation: {evaluation}", evaluation=a["evaluation"]))
    return [*lines, _("Report: {report}", report=a["report"])]


CLOSE = Form("close", _("Close the project"), (
    Field("outcome", FieldKind.CHOICE, _("How did it end?"), options=(
        Option(ProjectState.COMPLETED.value, PROJECT_STATE_LABELS[ProjectState.COMPLETED]),
        Option(ProjectState.DISCONTINUED.value, PROJECT_STATE_LABELS[ProjectState.DISCONTINUED]))),
    Field("evaluation", FieldKind.LONG_TEXT, _("What went well, and what would you do differently? (optional)"),
          max_length=EVALUATION_MAX, required=False),
    Field("report", FieldKind.LONG_TEXT, _("A short final report for the archive: what came of the dream?"),
          max_length=REPORT_MAX),
), summary=_close_summary, confirm_label=_("Move it to the archive"))

FORMS: dict[str, Form] = {f.name: f for f in (DEPOSIT, AMEND, PLEDGE, COMMENT, WITHDRAWAL, UPDATE, TEAM_ROLE, CLOSE)}

RETRACT = Form("retract", _("Take the dream out"), (), summary=lambda a: [
    _("Your dream will leave the board's review or the bank. This cannot be undone.")],
    confirm_label=_("Yes, take it out"))
FORMS[RETRACT.name] = RETRACT
FORMS.update({f.name: f for f in (*padrivere.FORMS, *events.FORMS, *calls.FORMS, *newsletters.FORMS)})
