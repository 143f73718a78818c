"""The bank: liking approved dreams and pledging help to them."""

from __future__ import annotations

from decimal import Decimal

from ..clock import Clock
from ..errors import Conflict, Refused
from ..i18n import Text, _
from ..model.bank import COUNT_MAX, BankPage, BankQuery, Like, Pledge
from ..model.dreams import Dream, DreamState
from ..model.members import Member
from ..model.needs import all_covered
from ..model.projects import Project
from ..model.notices import NoticeKind
from ..ports import UnitOfWork
from ..views.model import PAGE_SIZE
from . import access, needs, pledges
from .auditing import record
from .notify import tell
from .posts import dream_post, dream_post_as_read


async def like_dream(uow: UnitOfWork, clock: Clock, actor: Member, dream_id: int) -> int:
    """One like per member, not the owner's; returns the new count."""
    return (await give_like(uow, clock, actor, dream_id))[1]


async def give_like(uow: UnitOfWork, clock: Clock, actor: Member, dream_id: int) -> tuple[Dream, int]:
    """like_dream, with the dream liked (for what is said of it)."""
    dream, project = await _likeable(uow, actor, dream_id)
    try:  # counted once, for the post and the answer alike; who likes a dream hears how it goes
        likes = await uow.bank.give_like(Like(dream.id, actor.id, clock.now()), follow=True)
    except Conflict:
        raise Refused(_already_liked(dream)) from None
    await dream_post_as_read(uow, clock.now(), dream, project, likes)
    return dream, likes


def like_refusal(dream: Dream, project: Project | None, viewer: Member | None, liked: bool) -> Text | None:
    """Why `viewer` may not like the dream (a visitor, its owner, once liked, or no longer taking likes)."""
    if viewer is None:
        return access.SIGN_IN
    if not dream.takes_support(project):
        return _("Only dreams in the bank and projects under way can be liked.") if not dream.public else \
            _("“{title}” is in the archive; it takes no more likes.", title=dream.title)
    if dream.owner_id == viewer.id:
        return _("This is your own dream: likes are how your neighbours cheer it on.")
    if liked:
        return _already_liked(dream)
    return None


def _already_liked(dream: Dream) -> Text:
    return _("You already like “{title}”.", title=dream.title)


async def ensure_can_like(uow: UnitOfWork, actor: Member, dream_id: int) -> Dream:
    """The checks like_dream makes before it adds the like."""
    return (await _likeable(uow, actor, dream_id))[0]


async def _likeable(uow: UnitOfWork, actor: Member, dream_id: int) -> tuple[Dream, Project | None]:
    """The dream the actor may like, and its project (read once, for the checks and the post alike). A like given
    already is refused by adding it (the same refusal like_refusal gives), so it is not asked for first."""
    dream = await access.dream(uow, dream_id)
    project = await access.project_of(uow, dream)
    access.refuse(like_refusal(dream, project, actor, liked=False))
    return dream, project


async def pledge_help(uow: UnitOfWork, clock: Clock, actor: Member, dream_id: int, need_id: int,
                      description: str, amount: Decimal | str | None = None) -> Pledge:
    """Offer help against one of the needs of a dream in the bank or a project under way (how much of it, when
    the need is counted); the owner is told, and hears once when every need is covered."""
    # the dream is locked, so that offers made at the same moment each count the others' in its coverage
    dream = await ensure_can_pledge(uow, actor, dream_id, for_update=True)
    need = await needs.need_of(uow, dream.id, need_id)
    was_covered = all_covered(await needs.covering(uow, dream.id))
    now = clock.now()
    pledge = await uow.bank.add_pledge(Pledge(dream.id, actor.id, need.kind, description,
                                              pledges.checked_amount(need, need.kind, amount), now,
                                              need_id=need.id))
    await uow.projects.follow(dream.id, actor.id)
    await record(uow, now, dream.branch_id, actor.id, "pledge", f"dream:{dream.id}", kind=need.kind.value,
                 pledge_id=pledge.id, need_id=need.id)
    await tell(uow, now, dream.branch_id, [dream.owner_id], NoticeKind.PLEDGE_RECEIVED, dream_id=dream.id,
               pledge_id=pledge.id, title=dream.title, helper=actor.display_name, kind=need.kind.value,
               need=need.description, description=pledge.description,
               amount=str(pledge.amount) if pledge.amount is not None else "",
               currency=(await access.branch_of(uow, dream.branch_id)).currency)
    await needs.settle_coverage(uow, now, dream, was_covered)
    await dream_post(uow, now, dream)
    return pledge


async def ensure_can_pledge(uow: UnitOfWork, actor: Member, dream_id: int, for_update: bool = False) -> Dream:
    """The checks pledge_help makes, so that the pledge dialog is started only where help is taken."""
    dream = await access.dream(uow, dream_id, for_update=for_update)
    access.refuse(pledge_refusal(dream, await access.project_of(uow, dream), actor))
    return dream


def pledge_refusal(dream: Dream, project: Project | None, viewer: Member | None) -> Text | None:
    """Why `viewer` may not offer help to the dream: a visitor, its owner, or a dream taking no offers."""
    if viewer is None:
        return access.SIGN_IN
    if dream.owner_id == viewer.id:
        return _("This is your own dream: pledges are how others offer you help.")
    if not dream.takes_support(project):
        return _("“{title}” is not taking offers of help now.", title=dream.title)
    return None


async def bank_dreams(uow: UnitOfWork, branch_id: int) -> list[Dream]:
    """Every dream in a branch's bank, for the feeds that list them whole; a page of them is `bank_page`'s."""
    return list(await uow.dreams.in_state(branch_id, [DreamState.APPROVED]))


async def bank_page(uow: UnitOfWork, branch_id: int, query: BankQuery, size: int = PAGE_SIZE) -> BankPage:
    """One page of a branch's bank as the query asks, for anyone to see (a visitor too); a page past the last is
    the last (the pages go as far as COUNT_MAX dreams)."""
    asked = min(query.page, -(-COUNT_MAX // size))  # never read far past what is counted
    found = await uow.dreams.in_bank(branch_id, query, (asked - 1) * size, size)
    last = max(1, -(-min(found.total, COUNT_MAX) // size))
    if asked > last and found.total:
        found = await uow.dreams.in_bank(branch_id, query, (last - 1) * size, size)
    return found
