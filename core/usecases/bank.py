"""The bank: liking approved dreams and pledging help to them."""

from __future__ import annotations

from decimal import Decimal

from ..clock import Clock
from ..errors import Conflict, Refused
from ..i18n import _
from ..model.bank import Like, Pledge
from ..model.dreams import Dream, DreamState, Need
from ..model.members import Member
from ..model.notices import NoticeKind
from ..model.projects import ProjectState
from ..ports import UnitOfWork
from . import access
from .auditing import record
from .notify import tell
from .posts import dream_post


async def like_dream(uow: UnitOfWork, clock: Clock, actor: Member, dream_id: int) -> int:
    """One like per member; returns the new count."""
    dream = await access.dream(uow, dream_id)
    if not dream.public:
        raise Refused(_("Only dreams in the bank can be liked."))
    if await uow.bank.has_liked(dream.id, actor.id):
        raise Refused(_("You already like “{title}”.", title=dream.title))
    try:
        await uow.bank.add_like(Like(dream.id, actor.id, clock.now()))
    except Conflict:
        raise Refused(_("You already like “{title}”.", title=dream.title)) from None
    await uow.projects.follow(dream.id, actor.id)
    await dream_post(uow, clock.now(), dream)
    return await uow.bank.likes(dream.id)


async def pledge_help(uow: UnitOfWork, clock: Clock, actor: Member, dream_id: int, kind: Need,
                      description: str, amount: Decimal | None = None) -> Pledge:
    """Offer help to a dream in the bank or a project under way; the owner is told."""
    dream = await access.dream(uow, dream_id)
    await _require_open_for_help(uow, dream)
    if dream.owner_id == actor.id:
        raise Refused(_("This is your own dream: pledges are how others offer you help."))
    now = clock.now()
    pledge = await uow.bank.add_pledge(Pledge(dream.id, actor.id, kind, description, amount, now))
    await uow.projects.follow(dream.id, actor.id)
    await record(uow, now, dream.branch_id, actor.id, "pledge", f"dream:{dream.id}", kind=kind.value)
    await tell(uow, now, dream.branch_id, [dream.owner_id], NoticeKind.PLEDGE_RECEIVED, dream_id=dream.id,
               title=dream.title, helper=actor.display_name, kind=kind.value, description=pledge.description,
               amount=str(amount) if amount is not None else "")
    await dream_post(uow, now, dream)
    return pledge


async def _require_open_for_help(uow: UnitOfWork, dream: Dream) -> None:
    if dream.state is DreamState.APPROVED:
        return
    if dream.state is DreamState.PROJECT:
        project = await uow.projects.by_dream(dream.id)
        if project is not None and project.state is ProjectState.ACTIVE:
            return
    raise Refused(_("“{title}” is not taking offers of help now.", title=dream.title))


async def bank_dreams(uow: UnitOfWork, branch_id: int) -> list[Dream]:
    return list(await uow.dreams.in_state(branch_id, [DreamState.APPROVED]))
