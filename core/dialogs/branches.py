"""The dialogs of a branch's admin: one short question for each setting that is typed rather than chosen."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..clock import Clock
from ..errors import Refused
from ..i18n import Text
from ..model.branch_settings import SETTINGS, BranchSetting
from ..model.branches import CRITERION_MAX, Branch
from ..model.members import Member
from ..ports import UnitOfWork
from ..usecases.branches import change_setting
from ..views.branches import settings_card
from ..views.model import View
from .forms import Check, Field, FieldKind, Form, Situation

Answers = dict[str, Any]


def _typed(value: Any) -> str:
    return value if isinstance(value, str) else str(int(value))  # a whole number's setting comes as a number


async def _change(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers,
                  ctx: Answers) -> list[View]:
    """The context names the setting; the use case checks the admin and the value again."""
    return [settings_card(await change_setting(uow, clock, actor, branch.id, ctx["setting"], _typed(a["value"])))]


def _check(s: BranchSetting) -> Check:
    """The setting's own check of a value, run as soon as it is typed, so that a wrong one is asked again rather
    than ending the dialog (the use case runs the same check when the value is saved)."""
    def rule(a: Answers, _at: Situation) -> Text | None:
        try:
            s.changed(Branch("check", "check"), _typed(a["value"]))
        except Refused as refused:
            return refused.reason
        return None
    return Check(("value",), rule)


def form_name(setting: str) -> str:
    return f"branch_{setting}"


def _field(s: BranchSetting) -> Field:
    if s.bounds is None:
        return Field("value", FieldKind.TEXT, s.ask, max_length=CRITERION_MAX, numbers=s.numbers)
    return Field("value", FieldKind.NUMBER, s.ask, whole=True, minimum=Decimal(s.bounds[0]),
                 maximum=Decimal(s.bounds[1]))


FORMS = tuple(Form(form_name(s.name), s.label, (_field(s),), checks=(_check(s),), finish=_change) for s in SETTINGS
              if not s.choices)
