"""The dialogs of a branch's admin: one short question for each setting that is typed rather than chosen."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..clock import Clock
from ..model.branch_settings import SETTINGS, BranchSetting
from ..model.branches import CRITERION_MAX, Branch
from ..model.members import Member
from ..ports import UnitOfWork
from ..usecases.branches import change_setting
from ..views.branches import settings_card
from ..views.model import View
from .forms import Field, FieldKind, Form

Answers = dict[str, Any]


async def _change(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers,
                  ctx: Answers) -> list[View]:
    """The context names the setting; the use case checks the admin and the value again."""
    value = a["value"]
    typed = value if isinstance(value, str) else str(int(value))  # a whole number's setting comes as a number
    return [settings_card(await change_setting(uow, clock, actor, branch.id, ctx["setting"], typed))]


def form_name(setting: str) -> str:
    return f"branch_{setting}"


def _field(s: BranchSetting) -> Field:
    if s.bounds is None:
        return Field("value", FieldKind.TEXT, s.ask, max_length=CRITERION_MAX)
    return Field("value", FieldKind.NUMBER, s.ask, whole=True, minimum=Decimal(s.bounds[0]),
                 maximum=Decimal(s.bounds[1]))


FORMS = tuple(Form(form_name(s.name), s.label, (_field(s),), finish=_change) for s in SETTINGS if not s.choices)
