"""Depositing a dream, amending it when the board asks, and withdrawing it as its owner."""

from __future__ import annotations

from ..clock import Clock
from ..errors import Refused
from ..i18n import _, ngettext
from ..model.dreams import Draft, Dream, DreamState
from ..model.members import Member
from ..model.reviews import ReviewKind
from ..ports import UnitOfWork
from . import access
from .auditing import record
from .reviews import close_open_review, open_review


async def deposit_dream(uow: UnitOfWork, clock: Clock, actor: Member, draft: Draft) -> Dream:
    """A resident deposits a dream in their branch; the board is asked to review it."""
    now = clock.now()
    dream = await uow.dreams.add(Dream.deposit(actor.branch_id, actor.id, draft, now))
    await record(uow, now, dream.branch_id, actor.id, "deposit", f"dream:{dream.id}", title=dream.title)
    await open_review(uow, dream, ReviewKind.DEPOSIT, now)
    return dream


async def amend_dream(uow: UnitOfWork, clock: Clock, actor: Member, dream_id: int, draft: Draft) -> Dream:
    """After the board asked for more information, the owner amends and a new round begins."""
    dream = await ensure_can_amend(uow, actor, dream_id, for_update=True)
    dream.amend(draft)
    await uow.dreams.save(dream)
    now = clock.now()
    await record(uow, now, dream.branch_id, actor.id, "amend", f"dream:{dream.id}", title=dream.title)
    await open_review(uow, dream, ReviewKind.DEPOSIT, now)
    return dream


async def retract_dream(uow: UnitOfWork, clock: Clock, actor: Member, dream_id: int) -> Dream:
    """The owner takes their dream out of review or out of the bank."""
    latest = await uow.reviews.latest(dream_id)
    if latest is not None:  # lock the review before the dream, in the order votes take them
        await uow.reviews.get(latest.id, for_update=True)
    dream = await access.dream(uow, dream_id, for_update=True)
    access.require_owner(dream, actor)
    dream.move_to(DreamState.RETRACTED)
    await uow.dreams.save(dream)
    now = clock.now()
    await close_open_review(uow, now, dream)
    await record(uow, now, dream.branch_id, actor.id, "retract", f"dream:{dream.id}")
    return dream


async def propose_withdrawal(uow: UnitOfWork, clock: Clock, actor: Member, dream_id: int,
                             motivation: str = "") -> Dream:
    """The owner asks the board to move a dream from the bank into the factory."""
    dream = await ensure_can_propose_withdrawal(uow, actor, dream_id, for_update=True)
    if len(motivation.strip()) > 2000:
        raise Refused(ngettext("Please keep your comment under {count} character.",
                               "Please keep your comment under {count} characters.", 2000))
    now = clock.now()
    await record(uow, now, dream.branch_id, actor.id, "propose_withdrawal", f"dream:{dream.id}")
    await open_review(uow, dream, ReviewKind.WITHDRAWAL, now, motivation)
    return dream


async def ensure_can_amend(uow: UnitOfWork, actor: Member, dream_id: int, for_update: bool = False) -> Dream:
    """The checks amend_dream makes, so its dialog is offered only to an owner who may amend."""
    dream = await access.dream(uow, dream_id, for_update=for_update)
    access.require_owner(dream, actor)
    if dream.state is not DreamState.NEEDS_INFO:
        raise Refused(_("“{title}” can be amended only when the board has asked for more information.",
                        title=dream.title))
    return dream


async def ensure_can_propose_withdrawal(uow: UnitOfWork, actor: Member, dream_id: int,
                                        for_update: bool = False) -> Dream:
    """The checks propose_withdrawal makes, before its dialog is started."""
    dream = await access.dream(uow, dream_id, for_update=for_update)
    access.require_owner(dream, actor)
    if dream.state is not DreamState.APPROVED:
        raise Refused(_("Only a dream in the bank can be withdrawn into the factory."))
    latest = await uow.reviews.latest(dream.id)
    if latest is not None and latest.open:
        raise Refused(_("The board is already considering “{title}”.", title=dream.title))
    return dream
