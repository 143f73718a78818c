"""Depositing a dream, amending it when the board asks, and withdrawing it as its owner."""

from __future__ import annotations

from dataclasses import dataclass

from ..clock import Clock
from ..i18n import Text, _
from ..model.audit import AuditEntry
from ..model.bank import Pledge
from ..model.branches import Branch
from ..model.dreams import Draft, Dream, DreamState
from ..model.members import Member, Role
from ..model.needs import Coverage, coverage
from ..model.pictures import PictureFacts
from ..model.projects import Project
from ..model.reviews import Review, ReviewKind
from ..ports import UnitOfWork
from . import access
from .auditing import record
from .needs import list_the_kinds
from .reviews import close_open_review, comment_refusal, open_review


async def deposit_dream(uow: UnitOfWork, clock: Clock, actor: Member, draft: Draft) -> Dream:
    """A resident deposits a dream in their branch; the board is asked to review it."""
    now = clock.now()
    dream = await uow.dreams.add(Dream.deposit(actor.branch_id, actor.id, draft, now))
    await list_the_kinds(uow, dream)
    await record(uow, now, dream.branch_id, actor.id, "deposit", f"dream:{dream.id}", title=dream.title)
    await open_review(uow, dream, ReviewKind.DEPOSIT, now)
    return dream


async def amend_dream(uow: UnitOfWork, clock: Clock, actor: Member, dream_id: int, draft: Draft) -> Dream:
    """After the board asked for more information, the owner amends and a new round begins."""
    dream = await ensure_can_amend(uow, actor, dream_id, for_update=True)
    dream.amend(draft)
    await uow.dreams.save(dream)
    await list_the_kinds(uow, dream)
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
    access.refuse(retract_refusal(dream, actor))
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
    access.refuse(comment_refusal(motivation, 2000))
    now = clock.now()
    await record(uow, now, dream.branch_id, actor.id, "propose_withdrawal", f"dream:{dream.id}")
    await open_review(uow, dream, ReviewKind.WITHDRAWAL, now, motivation)
    return dream


async def ensure_can_amend(uow: UnitOfWork, actor: Member, dream_id: int, for_update: bool = False) -> Dream:
    """The checks amend_dream makes, so its dialog is offered only to an owner who may amend."""
    dream = await access.dream(uow, dream_id, for_update=for_update)
    access.refuse(amend_refusal(dream, actor))
    return dream


def amend_refusal(dream: Dream, viewer: Member | None) -> Text | None:
    """Why `viewer` may not amend the dream: only its owner may, once the board asked for more."""
    refusal = access.owner_refusal(dream, viewer)
    if refusal is None and dream.state is not DreamState.NEEDS_INFO:
        return _("“{title}” can be amended only when the board has asked for more information.", title=dream.title)
    return refusal


async def ensure_can_propose_withdrawal(uow: UnitOfWork, actor: Member, dream_id: int,
                                        for_update: bool = False) -> Dream:
    """The checks propose_withdrawal makes, before its dialog is started."""
    dream = await access.dream(uow, dream_id, for_update=for_update)
    access.refuse(withdrawal_refusal(dream, await uow.reviews.latest(dream.id), actor))
    return dream


def withdrawal_refusal(dream: Dream, latest: Review | None, viewer: Member | None) -> Text | None:
    """Why `viewer` may not ask to withdraw the dream into the factory (`latest` is its latest review)."""
    refusal = access.owner_refusal(dream, viewer)
    if refusal is None and dream.state is not DreamState.APPROVED:
        return _("Only a dream in the bank can be withdrawn into the factory.")
    if refusal is None and latest is not None and latest.open:
        return _("The board is already considering “{title}”.", title=dream.title)
    return refusal


async def ensure_can_retract(uow: UnitOfWork, actor: Member, dream_id: int) -> Dream:
    """The checks retract_dream makes, before it is confirmed."""
    dream = await access.dream(uow, dream_id)
    access.refuse(retract_refusal(dream, actor))
    return dream


#: where a dream can still be taken out by its owner
RETRACTABLE = (DreamState.DEPOSITED, DreamState.NEEDS_INFO, DreamState.APPROVED)


def retract_refusal(dream: Dream, viewer: Member | None) -> Text | None:
    """Why `viewer` may not take the dream out: only its owner may, while it is reviewed or in the bank."""
    refusal = access.owner_refusal(dream, viewer)
    if refusal is None and dream.state not in RETRACTABLE:
        return dream.move_refusal(DreamState.RETRACTED)
    return refusal


@dataclass(frozen=True)
class DreamFacts:
    """What a dream's card shows, read for one viewer (None for a visitor)."""

    dream: Dream
    owner: str
    likes: int
    #: every pledge to it, whatever it came to, with who made it
    pledges: tuple[tuple[str, Pledge], ...]
    liked: bool
    latest_review: Review | None
    project: Project | None
    #: whether the viewer hears of the dream's updates
    following: bool = False
    #: how many hear of them
    followers: int = 0
    #: its picture, when it has one (not its bytes)
    picture: PictureFacts | None = None
    #: the currency of its branch, which amounts offered are in
    currency: str = "NOK"
    #: its comments that are not hidden (those on its project included)
    comments: int = 0
    #: its needs, each with what the standing pledges against it come to
    needs: tuple[Coverage, ...] = ()

    @property
    def project_id(self) -> int | None:
        return self.project.id if self.project else None

    @property
    def standing(self) -> tuple[tuple[str, Pledge], ...]:
        """The pledges that stand (not declined, not withdrawn)."""
        return tuple((name, p) for name, p in self.pledges if p.standing)


async def read_dream(uow: UnitOfWork, viewer: Member | None, dream_id: int, known: Branch | None = None) -> DreamFacts:
    """A dream as `viewer` may see it: public ones for anyone, a visitor too; their own; the board's branch's.
    `known` is a branch the caller has read already (the viewer's own), not read again when it is the dream's."""
    # the dream with what its card shows beside it, read at once, then checked
    card = await uow.cards.of_dream(dream_id, viewer.id if viewer is not None else None)
    if card is None:
        raise access.no_dream(dream_id)
    dream, support = await access.seen(uow, viewer, card.dream), card.support
    same = known is not None and known.id == dream.branch_id
    branch = known if same and known is not None else await access.branch_of(uow, dream.branch_id)
    # its pledges, with their makers' names, and its needs came with the card, however many there are
    needs = coverage(card.needs, [pledge for _name, pledge in card.pledges])
    return DreamFacts(dream, card.owner, support.likes, card.pledges, support.liked, card.latest_review,
                      card.project, support.following, support.followers, card.picture, branch.currency,
                      card.comments, needs)


async def dreams_of(uow: UnitOfWork, actor: Member) -> list[tuple[Dream, Project | None]]:
    """The actor's own dreams, each with the project it became (so a list can say which are archived)."""
    mine = list(await uow.dreams.owned_by(actor.id))
    return [(d, await access.project_of(uow, d)) for d in mine]


async def decisions_about(uow: UnitOfWork, actor: Member, branch_id: int, dream_id: int
                          ) -> tuple[Dream, list[AuditEntry]]:
    """The audit trail of a dream of the branch and of its project, oldest first; for the board only."""
    await access.require_role(uow, actor, branch_id, _("Only the board can read the audit trail."),
                              Role.BOARD, Role.BANK_MANAGER, Role.ADMIN)
    found = await access.dream(uow, dream_id)
    if found.branch_id != branch_id:
        raise access.no_dream(dream_id)
    entries = list(await uow.audit.about(f"dream:{found.id}"))
    project = await uow.projects.by_dream(found.id)
    if project is not None:
        entries += await uow.audit.about(f"project:{project.id}")
    entries.sort(key=lambda e: (e.at, e.id or 0))
    return found, entries
