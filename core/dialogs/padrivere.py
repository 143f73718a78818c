"""The pådriver's dialogs: applying (or changing one's profile), and the manager declining an application."""

from __future__ import annotations

from typing import Any

from ..clock import Clock
from ..i18n import Text, _, join
from ..model.branches import Branch
from ..model.members import Member
from ..model.padrivere import AVAILABILITY_MAX, OTHER_MAX, ApplicationStatus
from ..ports import UnitOfWork
from ..usecases import padrivere
from ..views.model import Note, View
from .forms import Field, FieldKind, Form


def _yes_no(value: bool) -> Text:
    return _("yes") if value else _("no")


def _summary(a: dict[str, Any]) -> list[Text]:
    lines = [_("Competences: {list}", list=join(a["competences"]))]
    if a.get("other"):
        lines.append(_("Also: {other}", other=a["other"]))
    lines += [_("Available: {when}", when=a["availability"]),
              _("Shown on the pådriver page: {answer}", answer=_yes_no(a["public"]))]
    return lines


async def finish_application(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: dict[str, Any],
                             ctx: dict[str, Any]) -> list[View]:
    application = await padrivere.apply(uow, clock, actor, branch, a["competences"], a.get("other") or "",
                                        a["availability"], a["public"])
    if application.status is ApplicationStatus.APPROVED:
        return [Note.of(_("Your pådriver profile is updated."))]
    return [Note.of(_("Thank you! Your application is with the community manager, and you will hear back here."))]


async def finish_decline(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: dict[str, Any],
                         ctx: dict[str, Any]) -> list[View]:
    decided = await padrivere.decide(uow, clock, actor, ctx["application_id"], False, a.get("reason") or "")
    return [Note.of(_("You declined {name}'s application; they have been told.",
                      name=decided.applicant.display_name))]


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
), summary=_summary, confirm_label=_("Send"), finish=finish_application)

DECLINE = Form("padriver_decline", _("Decline the application"), (
    Field("reason", FieldKind.LONG_TEXT, _("A kind word to the applicant on why, if you like. (optional)"),
          max_length=600, required=False),
), finish=finish_decline)

FORMS = (PADRIVER, DECLINE)
