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
from ..ports import UnitOfWork
from . import access
from .auditing import record
from .notify import tell
from .posts import dream_post


async def like_dream(uow: UnitOfWork, clock: Clock, actor: Member, dream_id: int) -> int:
    """One like per member; returns the new count."""
    dream = await access.dream(uow, dream_id)
    if not dream.takes_support(await uow.projects.by_dream(dream.id)):
        raise Refused(_("Only dreams in the bank and projects under way can be liked.")
                      if not dream.public else _("“{title}” is in the archive; it takes no more likes.",
                                                 title=dream.title))
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
    dream = await ensure_can_pledge(uow, actor, dream_id)
    now = clock.now()
    pledge = await uow.bank.add_pledge(Pledge(dream.id, actor.id, kind, description, amount, now))
    await uow.projects.follow(dream.id, actor.id)
    await record(uow, now, dream.branch_id, actor.id, "pledge", f"dream:{dream.id}", kind=kind.value)
    await tell(uow, now, dream.branch_id, [dream.owner_id], NoticeKind.PLEDGE_RECEIVED, dream_id=dream.id,
               title=dream.title, helper=actor.display_name, kind=kind.value, description=pledge.description,
               amount=str(amount) if amount is not None else "")
    await dream_post(uow, now, dream)
    return pledge


async def ensure_can_pledge(uow: UnitOfWork, actor: Member, dream_id: int) -> Dream:
    """The checks pledge_help makes, so that the pledge dialog is started only where help is taken."""
    dream = await access.dream(uow, dream_id)
    if dream.owner_id == actor.id:
        raise Refused(_("This is your own dream: pledges are how others offer you help."))
    if not dream.takes_support(await uow.projects.by_dream(dream.id)):
        raise Refused(_("“{title}” is not taking offers of help now.", title=dream.title))
    return dream


async def bank_dreams(uow: UnitOfWork, branch_id: int) -> list[Dream]:
    return list(await uow.dreams.in_state(branch_id, [DreamState.APPROVED]))
