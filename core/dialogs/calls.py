"""The community manager's dialog for a call for participation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..clock import Clock
from ..i18n import Text, _, join, ngettext
from ..model.branches import Branch
from ..model.calls import CALL_TEXT_MAX, CALL_TITLE_MAX, NEEDED_MAX, WHEN_MAX
from ..model.members import Member
from ..ports import UnitOfWork
from ..usecases import calls
from ..views.model import Note, View
from .forms import Field, FieldKind, Form


def _summary(a: dict[str, Any]) -> list[Text]:
    lines = [_("Call: {title}", title=a["title"]), _("When: {when}", when=a["when"]),
             _("People needed: {needed}", needed=a["needed"])]
    lines.append(_("For pådrivere who know: {list}", list=join(a["competences"])) if a.get("competences")
                 else _("For all pådrivere."))
    return lines


def draft(a: dict[str, Any]) -> calls.CallDraft:
    return calls.CallDraft(a["title"], a.get("description") or "", a["when"], int(a["needed"]),
                           list(a.get("competences") or []))


async def finish_call(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: dict[str, Any],
                      ctx: dict[str, Any]) -> list[View]:
    posted, broadcast = await calls.post_call(uow, clock, actor, branch, draft(a))
    return [Note.of(ngettext("The call “{title}” went to {count} pådriver. You will hear when it is full.",
                             "The call “{title}” went to {count} pådrivere. You will hear when it is full.",
                             broadcast.total, title=posted.title))]


CALL = Form("call", _("New call for participation"), (
    Field("title", FieldKind.TEXT, _("What do you need help with? A short title."), max_length=CALL_TITLE_MAX),
    Field("description", FieldKind.LONG_TEXT, _("Tell a little more. (optional)"), max_length=CALL_TEXT_MAX,
          required=False),
    Field("when", FieldKind.TEXT, _("When is it? (for example: Saturday 3 May, 10–14)"), max_length=WHEN_MAX),
    Field("needed", FieldKind.NUMBER, _("How many people do you need?"), minimum=Decimal(1),
          maximum=Decimal(NEEDED_MAX), whole=True),
    Field("competences", FieldKind.CHOICES, _("Which competences? (skip to ask all pådrivere)"),
          options_from="competences", required=False),
), summary=_summary, confirm_label=_("Send the call"), finish=finish_call)

FORMS = (CALL,)
