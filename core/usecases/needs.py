"""A dream's list of needs: made from the kinds asked at its deposit, refined by its owner until it becomes a
project, and covered by the pledges set against it; the owner hears once when every need is covered."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from ..clock import Clock
from ..errors import NotFound, Refused
from ..i18n import Text, _, ngettext
from ..model.dreams import Dream, DreamState, Need
from ..model.members import Member
from ..model.needs import NEEDS_MAX, Coverage, DreamNeed, all_covered, coverage, open_count
from ..model.notices import NoticeKind
from ..model.reviews import Review
from ..ports import UnitOfWork
from . import access
from .auditing import record
from .notify import tell

#: a dream's needs may change until it becomes a project (or leaves the bank)
LISTED = (DreamState.DEPOSITED, DreamState.NEEDS_INFO, DreamState.APPROVED)


def needs_refusal(dream: Dream, viewer: Member | None) -> Text | None:
    """Why `viewer` may not change the dream's needs: only its owner may, until it becomes a project."""
    refusal = access.owner_refusal(dream, viewer)
    if refusal is None and dream.state not in LISTED:
        return _("The needs of “{title}” can change only until it becomes a project.", title=dream.title)
    return refusal


@dataclass(frozen=True)
class NeedsFacts:
    """A dream's needs as one viewer reads them: each with what is pledged against it."""

    dream: Dream
    coverage: tuple[Coverage, ...]
    #: why the viewer may not change the list; None when they may
    refused: Text | None
    #: the branch's currency, which money is counted in
    currency: str = "NOK"
    viewer: Member | None = None
    #: the dream's latest review (a withdrawal may be under way)
    latest: Review | None = None

    @property
    def covered(self) -> bool:
        return all_covered(self.coverage)


async def covering(uow: UnitOfWork, dream_id: int) -> tuple[Coverage, ...]:
    """Each of the dream's needs with what its standing pledges come to."""
    return coverage(await uow.needs.of_dream(dream_id), await uow.bank.pledges(dream_id))


async def read_needs(uow: UnitOfWork, viewer: Member | None, dream_id: int) -> NeedsFacts:
    """A dream's needs, for whoever may see the dream."""
    dream = await access.public_dream(uow, viewer, dream_id)
    branch = await access.branch_of(uow, dream.branch_id)
    return NeedsFacts(dream, await covering(uow, dream.id), needs_refusal(dream, viewer), branch.currency, viewer,
                      await uow.reviews.latest(dream.id))


async def ensure_can_change_needs(uow: UnitOfWork, actor: Member, dream_id: int) -> NeedsFacts:
    """The checks every change of the list makes, for asking only one who may change it."""
    facts = await read_needs(uow, actor, dream_id)
    access.refuse(facts.refused)
    return facts


async def need_of(uow: UnitOfWork, dream_id: int, need_id: int) -> DreamNeed:
    """One of the dream's needs (a need of another dream, or one taken off the list, is not there)."""
    found = await uow.needs.get(need_id)
    if found is None or found.dream_id != dream_id:
        dream = await access.dream(uow, dream_id)
        raise NotFound(_("That need is no longer on the list of “{title}”.", title=dream.title))
    return found


async def need_of_kind(uow: UnitOfWork, dream_id: int, kind: Need) -> DreamNeed:
    """The dream's first need of a kind (what a pledge of that kind was set against before there were lists)."""
    found = next((n for n in await uow.needs.of_dream(dream_id) if n.kind is Need(kind)), None)
    if found is None:
        dream = await access.dream(uow, dream_id)
        raise NotFound(_("“{title}” does not ask for that kind of help.", title=dream.title))
    return found


async def add_need(uow: UnitOfWork, clock: Clock, actor: Member, dream_id: int, kind: Need, description: str,
                   amount: Decimal | str | None = None) -> DreamNeed:
    """The owner adds a need to the list."""
    facts = await ensure_can_change_needs(uow, actor, dream_id)
    if len(facts.coverage) >= NEEDS_MAX:
        raise Refused(ngettext("A dream lists at most {count} need.", "A dream lists at most {count} needs.",
                               NEEDS_MAX))
    need = await uow.needs.add(DreamNeed(facts.dream.id, Need(kind), _described(description), amount))
    await _changed(uow, clock, actor, facts, "need_add", need)
    return need


async def change_need(uow: UnitOfWork, clock: Clock, actor: Member, need_id: int, kind: Need, description: str,
                      amount: Decimal | str | None = None) -> DreamNeed:
    """The owner changes a need: its kind (while nobody has pledged against it), its description, its amount."""
    found = await uow.needs.get(need_id)
    if found is None:
        raise NotFound(_("That need is no longer on the list."))
    facts = await ensure_can_change_needs(uow, actor, found.dream_id)
    changed = replace(found, kind=Need(kind), description=_described(description), amount=amount)  # checked anew
    if changed.kind is not found.kind and _offers(facts, found):
        raise Refused(_("Someone has offered help with this need, so its kind stays; add another need instead."))
    await uow.needs.save(changed)
    await _changed(uow, clock, actor, facts, "need_change", changed)
    return changed


async def remove_need(uow: UnitOfWork, clock: Clock, actor: Member, need_id: int) -> DreamNeed:
    """The owner takes a need off the list: not the last one, and not one that offers of help stand against."""
    found = await uow.needs.get(need_id)
    if found is None:
        raise NotFound(_("That need is no longer on the list."))
    facts = await ensure_can_change_needs(uow, actor, found.dream_id)
    if len(facts.coverage) <= 1:
        raise Refused(_("A dream needs at least one need on its list; change this one instead."))
    if _offers(facts, found):
        raise Refused(_("Offers of help stand against this need. Decline them first, or change the need."))
    await uow.needs.remove(found.id)
    await _changed(uow, clock, actor, facts, "need_remove", found)
    return found


def _described(description: str | None) -> str:
    return (description or "").strip()


def _offers(facts: NeedsFacts, need: DreamNeed) -> int:
    return next((c.offers for c in facts.coverage if c.need.id == need.id), 0)


async def _changed(uow: UnitOfWork, clock: Clock, actor: Member, facts: NeedsFacts, change: str,
                   need: DreamNeed) -> None:
    """The dream lists the kinds its needs are of (the bank's filter reads them), the change is in the audit
    trail, and the order of the bank follows what is still open."""
    now = clock.now()
    dream = facts.dream
    dream.needs = frozenset(n.kind for n in await uow.needs.of_dream(dream.id))
    await uow.dreams.save(dream)
    await record(uow, now, dream.branch_id, actor.id, change, f"dream:{dream.id}", need_id=need.id,
                 kind=need.kind.value, description=need.description,
                 amount=str(need.amount) if need.amount is not None else None)
    await settle_coverage(uow, now, dream, facts.covered, told=False)


async def list_the_kinds(uow: UnitOfWork, dream: Dream) -> None:
    """The dream's list follows the kinds its deposit (or amendment) asked for: a need for each kind it has none
    of, described by its "more about the needs" when it asked for one kind only; needs of kinds no longer asked
    for come off the list (no pledge stands against them: a dream under review takes none)."""
    listed = list(await uow.needs.of_dream(dream.id))
    for need in listed:
        if need.kind not in dream.needs:
            await uow.needs.remove(need.id)
    have = {n.kind for n in listed}
    for kind in sorted(dream.needs - have, key=list(Need).index):
        await uow.needs.add(DreamNeed(dream.id, kind, dream.needs_detail if len(dream.needs) == 1 else ""))
    await uow.dreams.set_open_needs(dream.id, open_count(await covering(uow, dream.id)))


async def settle_coverage(uow: UnitOfWork, at: datetime, dream: Dream, was_covered: bool, *,
                          told: bool = True) -> tuple[Coverage, ...]:
    """What the dream's needs come to now: the bank's order is kept, and when every need has just become covered
    while the dream is in the bank, its owner is told (once) and offered the withdrawal into the factory."""
    now_covered = await covering(uow, dream.id)
    await uow.dreams.set_open_needs(dream.id, open_count(now_covered))
    if told and not was_covered and all_covered(now_covered) and dream.state is DreamState.APPROVED \
            and await uow.runs.first_time(f"needs-covered:{dream.id}", at):
        await tell(uow, at, dream.branch_id, [dream.owner_id], NoticeKind.NEEDS_COVERED, dream_id=dream.id,
                   title=dream.title)
        await record(uow, at, dream.branch_id, None, "needs_covered", f"dream:{dream.id}")
    return now_covered
