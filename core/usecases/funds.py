"""Funds and deadlines: staff register the funds a branch's enthusiasts may apply to; members see the open ones;
the owners of matching dreams and projects are told of a new fund and reminded before its deadline."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ..clock import Clock
from ..errors import NotFound, Refused
from ..i18n import _
from ..model.branches import Branch
from ..model.dreams import DreamState
from ..model.funds import (AMOUNT_MAX, FUND_NAME_MAX, GIVER_MAX, THEME_MAX, THEMES_MAX, Fund,
                           amounts_problem, check_link, deadline_problem, matches)
from ..model.members import Member, Role
from ..model.notices import Audience, NoticeKind
from ..ports import UnitOfWork
from . import access
from .auditing import record
from .notify import tell
from .posts import post

#: who may register, change and remove a branch's funds
STAFF = (Role.CONSULTANT, Role.ADMIN, Role.COMMUNITY_MANAGER)


@dataclass(frozen=True)
class FundDraft:
    name: str
    giver: str
    themes: list[str]
    deadline: date
    link: str
    amount_min: int | None = None
    amount_max: int | None = None


def today_in_zone(zone: str, now: datetime) -> date:
    return now.astimezone(ZoneInfo(zone)).date()


def today_in(branch: Branch, now: datetime) -> date:
    """The date it is in the branch's time zone."""
    return today_in_zone(branch.timezone, now)


async def is_staff(uow: UnitOfWork, actor: Member, branch_id: int) -> bool:
    return await access.has_role(uow, actor, *STAFF, branch_id=branch_id)


async def require_staff(uow: UnitOfWork, actor: Member, branch_id: int) -> None:
    await access.require_role(uow, actor, branch_id,
                              _("Only the branch's consultants, admins and community manager can do that."), *STAFF)


def fund_params(fund: Fund, branch: Branch) -> dict[str, Any]:
    """What a fund says, in plain values, with the branch's time zone and currency to write them in."""
    return dict(fund_id=fund.id, timezone=branch.timezone, currency=branch.currency, name=fund.name, giver=fund.giver,
                themes=list(fund.themes),
                deadline=fund.deadline.isoformat(), link=fund.link, amount_min=fund.amount_min,
                amount_max=fund.amount_max)


def _checked(draft: FundDraft, today: date) -> FundDraft:
    name, giver = draft.name.strip(), draft.giver.strip()
    themes = list(dict.fromkeys(t.strip().lower() for t in draft.themes if t.strip()))
    if not name or not giver or len(name) > FUND_NAME_MAX or len(giver) > GIVER_MAX:
        raise Refused(_("That is too long; please keep it shorter.") if name and giver
                      else _("Please give the fund's name and who gives it."))
    if not themes or len(themes) > THEMES_MAX or any(len(t) > THEME_MAX for t in themes):
        raise Refused(_("Please give one to {max} short themes, with commas between them.", max=THEMES_MAX))
    amounts = [a for a in (draft.amount_min, draft.amount_max) if a is not None]
    if any(not 0 <= a <= AMOUNT_MAX for a in amounts):
        raise Refused(_("Please write a number between {min} and {max}.", min=0, max=AMOUNT_MAX))
    problem = amounts_problem(draft.amount_min, draft.amount_max) or deadline_problem(draft.deadline, today)
    if problem is not None:
        raise Refused(problem)
    return replace(draft, name=name, giver=giver, themes=themes, link=check_link(draft.link))


async def _fund(uow: UnitOfWork, actor: Member, fund_id: int) -> Fund:
    fund = await uow.funds.get(fund_id)
    if fund is None or fund.branch_id != actor.branch_id:
        raise NotFound(_("That fund is not registered any more."))
    return fund


@dataclass(frozen=True)
class Match:
    """A dream or project a fund's themes match, and who is told about it."""

    kind: str  # "dream" or "project"
    id: int
    title: str
    owners: tuple[int, ...]


async def matching(uow: UnitOfWork, fund: Fund) -> list[Match]:
    """The branch's approved dreams and active projects the fund's themes match, with their owners (a dream's
    owner; a project's lead and team)."""
    found: list[Match] = []
    for dream in await uow.dreams.in_state(fund.branch_id, [DreamState.APPROVED]):
        if dream.id is not None and matches(fund.themes, dream.title, dream.story, dream.needs):
            found.append(Match("dream", dream.id, dream.title, (dream.owner_id,)))
    for project in await uow.projects.in_branch(fund.branch_id, True):
        dream = await uow.dreams.get(project.dream_id)
        story, needs = (dream.story, dream.needs) if dream else ("", frozenset())
        if project.id is not None and matches(fund.themes, project.title, story, needs):
            team = [m.member_id for m in await uow.projects.team(project.id)]
            found.append(Match("project", project.id, project.title, tuple(dict.fromkeys([project.lead_id, *team]))))
    return found


async def _tell_matches(uow: UnitOfWork, at: datetime, fund: Fund, branch: Branch, kind: NoticeKind, **extra: Any
                        ) -> int:
    told = 0
    for match in await matching(uow, fund):
        await tell(uow, at, fund.branch_id, match.owners, kind, **fund_params(fund, branch), target=match.kind,
                   target_id=match.id, title=match.title, **extra)
        told += len(match.owners)
    return told


async def register_fund(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, draft: FundDraft
                        ) -> tuple[Fund, int]:
    """Register a fund; the owners of matching dreams and projects are told, and the bank's channel hears of it.
    Returns the fund and how many were told."""
    await require_staff(uow, actor, branch.id)
    now = clock.now()
    draft = _checked(draft, today_in(branch, now))
    fund = await uow.funds.add(Fund(branch.id, draft.name, draft.giver, draft.themes, draft.deadline, draft.link,
                                    actor.id, now, draft.amount_min, draft.amount_max))
    await record(uow, now, branch.id, actor.id, "fund_register", f"fund:{fund.id}", name=fund.name)
    told = await _tell_matches(uow, now, fund, branch, NoticeKind.FUND_MATCH)
    await post(uow, now, branch.id, Audience.BANK_CHAT, NoticeKind.FUND_POST, f"fund:{fund.id}",
               **fund_params(fund, branch))
    return fund, told


async def edit_fund(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, fund_id: int, draft: FundDraft
                    ) -> Fund:
    """Change a fund; its post in the bank's channel is changed to match (a new deadline gets its own reminders)."""
    fund = await _fund(uow, actor, fund_id)
    await require_staff(uow, actor, fund.branch_id)
    now = clock.now()
    draft = _checked(draft, today_in(branch, now))
    changed = replace(fund, name=draft.name, giver=draft.giver, themes=draft.themes, deadline=draft.deadline,
                      link=draft.link, amount_min=draft.amount_min, amount_max=draft.amount_max)
    await uow.funds.save(changed)
    await record(uow, now, fund.branch_id, actor.id, "fund_edit", f"fund:{fund.id}", name=changed.name)
    await post(uow, now, fund.branch_id, Audience.BANK_CHAT, NoticeKind.FUND_POST, f"fund:{fund.id}",
               **fund_params(changed, branch))
    return changed


async def remove_fund(uow: UnitOfWork, clock: Clock, actor: Member, fund_id: int) -> Fund:
    fund = await _fund(uow, actor, fund_id)
    await require_staff(uow, actor, fund.branch_id)
    await uow.funds.remove(fund_id)
    await record(uow, clock.now(), fund.branch_id, actor.id, "fund_remove", f"fund:{fund.id}", name=fund.name)
    return fund


async def open_funds(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch) -> list[Fund]:
    """The branch's funds one may still apply to, soonest deadline first."""
    return list(await uow.funds.open_in(branch.id, today_in(branch, clock.now())))


async def fund_of(uow: UnitOfWork, actor: Member, fund_id: int) -> Fund:
    return await _fund(uow, actor, fund_id)


async def remind_funds(uow: UnitOfWork, clock: Clock, branch_id: int) -> int:
    """Before each open fund's deadline, on the branch's reminder days (14 and 3 days before unless its admin chose
    others), the owners of matching dreams and projects are reminded, each reminder once; a reminder whose day came
    before the fund was registered is not sent, and a late one gives way to a closer one that is due as well. How
    many were told."""
    branch = await uow.branches.get(branch_id)
    if branch is None:
        return 0
    now = clock.now()
    today, told = today_in(branch, now), 0
    for fund in await uow.funds.open_in(branch_id, today):
        left = (fund.deadline - today).days
        registered = today_in(branch, fund.created_at)
        due = [d for d in branch.fund_reminder_days if left <= d and fund.deadline - timedelta(days=d) >= registered]
        if not due:
            continue
        lead = min(due)
        if not await uow.runs.first_time(f"fund:{fund.id}:{fund.deadline.isoformat()}:{lead}", now):
            continue
        told += await _tell_matches(uow, now, fund, branch, NoticeKind.FUND_REMINDER, days=left)
    return told
