"""A pledge's life once it is made: its pledger changes or withdraws it, the dream's owner accepts it, thanks for
it or declines it; when the dream becomes a project each pledger is asked whether their pledge still stands, and
a confirmed one becomes a resource of the plan. Each step tells the other side and is in the audit trail."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from enum import Enum

from ..clock import Clock
from ..errors import NotFound, Refused
from ..i18n import Text, _
from ..model.bank import PLEDGE_STATE_LABELS, Pledge, PledgeState
from ..model.dreams import Dream, DreamState
from ..model.members import Member
from ..model.needs import DreamNeed, all_covered, check_amount
from ..model.notices import NoticeKind
from ..model.plans import LINE_MAX
from ..model.projects import Project
from ..ports import UnitOfWork
from . import access
from .auditing import record
from .needs import covering, settle_coverage
from .notify import tell
from .plans import add_linked_resource
from .posts import dream_post


class Answer(str, Enum):
    """What the owner says to an offer of help."""

    ACCEPT = "accept"
    THANK = "thank"
    DECLINE = "decline"


def pledger_refusal(pledge: Pledge, dream: Dream, project: Project | None, viewer: Member | None) -> Text | None:
    """Why `viewer` may not change or withdraw the pledge: only its pledger may, while it stands and the dream
    takes help."""
    if viewer is None:
        return access.SIGN_IN
    if pledge.member_id != viewer.id:
        return _("Only the one who offered this help can change or withdraw it.")
    return _standing_refusal(pledge, dream, project)


def answer_refusal(pledge: Pledge, dream: Dream, project: Project | None, viewer: Member | None,
                   answer: Answer) -> Text | None:
    """Why `viewer` may not give this answer to the pledge: only the dream's owner answers, a standing pledge,
    accepting one not yet accepted and thanking once."""
    refusal = access.owner_refusal(dream, viewer) or _standing_refusal(pledge, dream, project)
    if refusal is None and answer is Answer.ACCEPT and pledge.state is not PledgeState.OFFERED:
        return _("This offer of help is {state} already.", state=PLEDGE_STATE_LABELS[pledge.state])
    if refusal is None and answer is Answer.THANK and pledge.thanked:
        return _("You have thanked them for this offer already.")
    return refusal


def confirm_refusal(pledge: Pledge, dream: Dream, project: Project | None, viewer: Member | None) -> Text | None:
    """Why `viewer` may not confirm that the pledge still stands: only its pledger may, once the dream is a
    project under way, and once."""
    if viewer is None:
        return access.SIGN_IN
    if pledge.member_id != viewer.id:
        return _("Only the one who offered this help can say whether it still stands.")
    if dream.state is not DreamState.PROJECT or project is None or project.archived:
        return _("“{title}” is not a project under way, so there is nothing to confirm.", title=dream.title)
    if pledge.state is PledgeState.CONFIRMED:
        return _("This offer of help is {state} already.", state=PLEDGE_STATE_LABELS[pledge.state])
    return _standing_refusal(pledge, dream, project)


def _standing_refusal(pledge: Pledge, dream: Dream, project: Project | None) -> Text | None:
    if not pledge.standing:
        return _("This offer of help is {state}; it cannot change any more.", state=PLEDGE_STATE_LABELS[pledge.state])
    if not dream.takes_support(project):
        return _("“{title}” is closed, so its offers of help stay as they are.", title=dream.title)
    return None


@dataclass(frozen=True)
class PledgeFacts:
    """A pledge as its pledger or the dream's owner reads it, with what they may do about it."""

    pledge: Pledge
    dream: Dream
    project: Project | None
    #: the need it is set against (None for one against no need)
    need: DreamNeed | None
    #: who offered it
    pledger: str
    viewer: Member | None
    currency: str = "NOK"

    @property
    def mine(self) -> bool:
        return self.viewer is not None and self.viewer.id == self.pledge.member_id

    @property
    def owner(self) -> bool:
        return self.viewer is not None and self.viewer.id == self.dream.owner_id

    @property
    def change_refused(self) -> Text | None:
        return pledger_refusal(self.pledge, self.dream, self.project, self.viewer)

    @property
    def confirm_refused(self) -> Text | None:
        return confirm_refusal(self.pledge, self.dream, self.project, self.viewer)

    def answer_refused(self, answer: Answer) -> Text | None:
        return answer_refusal(self.pledge, self.dream, self.project, self.viewer, answer)


async def _facts(uow: UnitOfWork, viewer: Member | None, pledge: Pledge, dream: Dream | None = None) -> PledgeFacts:
    dream = dream or await access.dream(uow, pledge.dream_id)
    need = await uow.needs.get(pledge.need_id) if pledge.need_id is not None else None
    return PledgeFacts(pledge, dream, await uow.projects.by_dream(dream.id), need,
                       await access.name_of(uow, pledge.member_id), viewer,
                       (await access.branch_of(uow, dream.branch_id)).currency)


async def _facts_of_dream(uow: UnitOfWork, viewer: Member | None, dream: Dream, found: list[Pledge]
                          ) -> list[PledgeFacts]:
    """The facts of pledges to one dream, its project, needs, branch and pledgers' names each read once, however
    many pledges there are."""
    if not found:
        return []
    project = await access.project_of(uow, dream)
    needs = {n.id: n for n in await uow.needs.of_dream(dream.id)}
    names = await uow.members.names({p.member_id for p in found})
    currency = (await access.branch_of(uow, dream.branch_id)).currency
    return [PledgeFacts(p, dream, project, needs.get(p.need_id) if p.need_id is not None else None,
                        names.get(p.member_id, access.NOBODY), viewer, currency) for p in found]


async def read_pledge(uow: UnitOfWork, viewer: Member | None, pledge_id: int) -> PledgeFacts:
    """A pledge, for its pledger and the dream's owner; nobody else is shown it."""
    pledge = await uow.bank.pledge(pledge_id)
    if pledge is not None and viewer is not None:
        facts = await _facts(uow, viewer, pledge)
        if facts.mine or facts.owner:
            return facts
    raise NotFound(_("That offer of help is not there, or it is not yours to see."))


async def _locked(uow: UnitOfWork, viewer: Member, pledge_id: int) -> PledgeFacts:
    """The pledge read for a change: its dream locked first (as a new pledge locks it), then the pledge itself,
    so that changes and answers at the same moment take turns and each counts the others."""
    facts = await read_pledge(uow, viewer, pledge_id)
    await access.dream(uow, facts.dream.id, for_update=True)
    pledge = await uow.bank.pledge(pledge_id, for_update=True)
    if pledge is None:  # pragma: no cover - a pledge is never deleted while its dream is locked
        raise NotFound(_("That offer of help is not there, or it is not yours to see."))
    return replace(facts, pledge=pledge)


async def ensure_can_change(uow: UnitOfWork, actor: Member, pledge_id: int) -> PledgeFacts:
    """The checks change_pledge and withdraw_pledge make, before a dialog is started."""
    facts = await read_pledge(uow, actor, pledge_id)
    access.refuse(facts.change_refused)
    return facts


def checked_amount(need: DreamNeed | None, kind, amount: Decimal | str | None) -> Decimal | None:
    """An offer's amount: asked for when its need is counted, and within the limits of its kind."""
    value = check_amount(kind, amount)
    if value is None and need is not None and need.amount is not None:
        raise Refused(_("Please say how much of it you can give: this need is counted."))
    return value


async def change_pledge(uow: UnitOfWork, clock: Clock, actor: Member, pledge_id: int, description: str,
                        amount: Decimal | str | None = None) -> Pledge:
    """The pledger changes what they offer; the owner is told."""
    facts = await _locked(uow, actor, pledge_id)
    access.refuse(facts.change_refused)
    pledge = replace(facts.pledge, description=description,
                     amount=checked_amount(facts.need, facts.pledge.kind, amount))
    was = await _covered(uow, facts.dream)
    await uow.bank.save_pledge(pledge)
    await _told(uow, clock.now(), actor, facts, pledge, "pledge_change", "changed", was)
    return pledge


async def withdraw_pledge(uow: UnitOfWork, clock: Clock, actor: Member, pledge_id: int) -> Pledge:
    """The pledger takes their offer back; it no longer counts, and the owner is told."""
    facts = await _locked(uow, actor, pledge_id)
    access.refuse(facts.change_refused)
    pledge = replace(facts.pledge, state=PledgeState.WITHDRAWN)
    await uow.bank.save_pledge(pledge)
    await _told(uow, clock.now(), actor, facts, pledge, "pledge_withdraw", "withdrawn", True)
    return pledge


async def confirm_pledge(uow: UnitOfWork, clock: Clock, actor: Member, pledge_id: int) -> Pledge:
    """Once the dream is a project, the pledger says their offer still stands: it becomes a resource of the plan
    (unless the plan has a line for it already), and the lead is told."""
    facts = await _locked(uow, actor, pledge_id)
    access.refuse(facts.confirm_refused)
    project = facts.project
    if project is None:  # refused above already: only a project's offers are confirmed
        return facts.pledge
    pledge = replace(facts.pledge, state=PledgeState.CONFIRMED)
    await uow.bank.save_pledge(pledge)
    if not any(part.pledge_id == pledge.id for part in await uow.plans.of_project(project.id)):
        text = f"{facts.pledger}: {pledge.description}"[:LINE_MAX]
        await add_linked_resource(uow, clock, actor, project, text, pledge.id)
    await _told(uow, clock.now(), actor, facts, pledge, "pledge_confirm", "confirmed", True)
    return pledge


async def answer_pledge(uow: UnitOfWork, clock: Clock, actor: Member, pledge_id: int, answer: Answer) -> Pledge:
    """The owner accepts an offer, thanks its pledger, or declines it (then it no longer counts); the pledger is
    told."""
    facts = await _locked(uow, actor, pledge_id)
    access.refuse(facts.answer_refused(Answer(answer)))
    if answer is Answer.ACCEPT:
        pledge = replace(facts.pledge, state=PledgeState.ACCEPTED)
    elif answer is Answer.THANK:
        pledge = replace(facts.pledge, thanked=True)
    else:
        pledge = replace(facts.pledge, state=PledgeState.DECLINED)
    await uow.bank.save_pledge(pledge)
    now = clock.now()
    dream = facts.dream
    await record(uow, now, dream.branch_id, actor.id, f"pledge_{answer.value}", f"dream:{dream.id}",
                 pledge_id=pledge.id)
    await tell(uow, now, dream.branch_id, [pledge.member_id], NoticeKind.PLEDGE_ANSWERED, dream_id=dream.id,
               pledge_id=pledge.id, title=dream.title, owner=actor.display_name, answer=answer.value,
               description=pledge.description)
    if answer is Answer.DECLINE:
        await settle_coverage(uow, now, dream, True)
        await dream_post(uow, now, dream)
    return pledge


async def _covered(uow: UnitOfWork, dream: Dream) -> bool:
    return all_covered(await covering(uow, dream.id))


async def _told(uow: UnitOfWork, at: datetime, actor: Member, facts: PledgeFacts, pledge: Pledge, action: str,
                change: str, was_covered: bool) -> None:
    """A pledger's step: in the audit trail, the bank's order and the dream's post follow what now stands, and
    the owner hears of it."""
    dream = facts.dream
    await record(uow, at, dream.branch_id, actor.id, action, f"dream:{dream.id}", pledge_id=pledge.id,
                 description=pledge.description, amount=str(pledge.amount) if pledge.amount is not None else None)
    await tell(uow, at, dream.branch_id, [dream.owner_id], NoticeKind.PLEDGE_CHANGED, dream_id=dream.id,
               pledge_id=pledge.id, title=dream.title, helper=actor.display_name, change=change,
               kind=pledge.kind.value, description=pledge.description,
               amount=str(pledge.amount) if pledge.amount is not None else "", currency=facts.currency)
    await settle_coverage(uow, at, dream, was_covered)
    await dream_post(uow, at, dream)


async def ask_to_confirm(uow: UnitOfWork, at: datetime, dream: Dream, project: Project) -> int:
    """The dream has become a project: each pledger with a pledge that stands is asked whether it still does
    (one notice a pledge, with buttons to confirm or withdraw it); how many were asked."""
    asked = [p for p in await uow.bank.pledges(dream.id)
             if p.state in (PledgeState.OFFERED, PledgeState.ACCEPTED) and p.id is not None]
    for pledge in asked:
        await tell(uow, at, dream.branch_id, [pledge.member_id], NoticeKind.PLEDGE_CONFIRM, dream_id=dream.id,
                   project_id=project.id, pledge_id=pledge.id, title=dream.title, description=pledge.description)
    return len(asked)


async def my_pledges(uow: UnitOfWork, actor: Member) -> list[PledgeFacts]:
    """Every pledge the member made, the newest first, with what they may do about each."""
    made = list(await uow.bank.pledges_by(actor.id))
    by_dream: dict[int, list[Pledge]] = {}
    for pledge in made:
        by_dream.setdefault(pledge.dream_id, []).append(pledge)
    facts: dict[int | None, PledgeFacts] = {}
    for dream_id, theirs in by_dream.items():  # a dream's facts read once, however many offers it had
        for fact in await _facts_of_dream(uow, actor, await access.dream(uow, dream_id), theirs):
            facts[fact.pledge.id] = fact
    return [facts[p.id] for p in made]


async def dream_pledges(uow: UnitOfWork, actor: Member, dream_id: int) -> tuple[Dream, list[PledgeFacts]]:
    """Every pledge to the owner's dream, the oldest first, for the owner to answer."""
    dream = await access.dream(uow, dream_id)
    access.refuse(access.owner_refusal(dream, actor))
    return dream, await _facts_of_dream(uow, actor, dream, list(await uow.bank.pledges(dream.id)))
