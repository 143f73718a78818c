"""The dialogs of a branch's admin: one short question for each setting that is typed rather than chosen."""

from __future__ import annotations

from typing import Any

from ..clock import Clock
from ..model.branch_settings import SETTINGS
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
    return [settings_card(await change_setting(uow, clock, actor, branch.id, ctx["setting"], a["value"]))]


def form_name(setting: str) -> str:
    return f"branch_{setting}"


FORMS = tuple(Form(form_name(s.name), s.label, (Field("value", FieldKind.TEXT, s.ask, max_length=CRITERION_MAX),),
                   finish=_change) for s in SETTINGS if not s.choices)
