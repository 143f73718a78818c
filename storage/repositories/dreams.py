"""Dreams: deposited, reviewed, and where each one stands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import sqlalchemy as sa

from core.model.bank import COUNT_MAX, STANDING, BankEntry, BankPage, BankQuery, BankSort
from core.model.dreams import Dream, DreamState, Need

from ..tables import DreamRow, PictureRow, PledgeRow
from ..tables.dreams import needs_listed
from .base import Repository, Values


class SqlDreams(Repository):
    async def add(self, dream: Dream) -> Dream:
        row = await self._insert(DreamRow(**dream_values(dream), open_needs=len(dream.needs)))
        return replace(dream, id=row.id)

    async def get(self, dream_id: int, *, for_update: bool = False) -> Dream | None:
        row = await self._where(DreamRow, "id", dream_id, first=True, for_update=for_update)
        return to_dream(row) if row else None

    async def save(self, dream: Dream) -> None:
        await self._update(DreamRow, dream.id, dream_values(dream))

    async def in_state(self, branch_id: int, states: Sequence[DreamState]) -> Sequence[Dream]:
        if not states:
            return []
        rows = await self._all(
            sa.select(DreamRow)
            .where(DreamRow.branch_id == branch_id, DreamRow.state.in_([DreamState(s).value for s in states]))
            .order_by(DreamRow.deposited_at.desc(), DreamRow.id.desc()))
        return [to_dream(r) for r in rows]

    async def owned_by(self, member_id: int) -> Sequence[Dream]:
        rows = await self._all(sa.select(DreamRow).where(DreamRow.owner_id == member_id)
                               .order_by(DreamRow.deposited_at.desc(), DreamRow.id.desc()))
        return [to_dream(r) for r in rows]

    async def in_bank(self, branch_id: int, query: BankQuery, offset: int, limit: int) -> BankPage:
        found = bank_filter(branch_id, query)
        matching = sa.select(DreamRow.id).where(*found).limit(COUNT_MAX + 1).subquery()
        total = await self.session.scalar(sa.select(sa.func.count()).select_from(matching))
        # each dream's picture digest comes with it, read by its key, never its bytes
        picture = sa.select(PictureRow.digest).where(PictureRow.dream_id == DreamRow.id).scalar_subquery()
        read = await self.session.execute(
            sa.select(DreamRow, picture.label("picture")).where(*found).order_by(*BANK_ORDERS[query.sort])
            .offset(offset).limit(limit).execution_options(populate_existing=True))
        rows: list[DreamRow] = []
        pictures: dict[int | None, str | None] = {}
        for row, digest in read.all():
            rows.append(row)
            pictures[row.id] = digest
        pledges: dict[int, int] = {}
        if rows:  # every count of the page's standing pledges in one statement
            counted = await self.session.execute(
                sa.select(PledgeRow.dream_id, sa.func.count()).where(PledgeRow.dream_id.in_([r.id for r in rows]),
                                                                     PledgeRow.state.in_([s.value for s in STANDING]))
                .group_by(PledgeRow.dream_id))
            pledges = {dream_id: int(count) for dream_id, count in counted.all()}
        return BankPage(tuple(BankEntry(to_dream(r), r.like_count, pledges.get(r.id, 0), pictures[r.id])
                              for r in rows), int(total or 0))

    async def set_open_needs(self, dream_id: int, count: int) -> None:
        await self.session.execute(sa.update(DreamRow).where(DreamRow.id == dream_id).values(open_needs=count))


#: each order ends on the newest decision and the id, so that a page never shows a dream twice or skips one
BANK_ORDERS = {
    BankSort.NEWEST: (DreamRow.decided_at.desc(), DreamRow.id.desc()),
    BankSort.LIKED: (DreamRow.like_count.desc(), DreamRow.decided_at.desc(), DreamRow.id.desc()),
    BankSort.NEEDED: (DreamRow.open_needs.desc(), DreamRow.decided_at.desc(), DreamRow.id.desc()),
}


def bank_filter(branch_id: int, query: BankQuery) -> list[sa.ColumnElement[bool]]:
    """The branch's approved dreams with the need asked, whose title or story holds the text (any case)."""
    found = [DreamRow.branch_id == branch_id, DreamRow.state == DreamState.APPROVED.value]
    if query.need is not None:  # needs are stored as "materials,time": a need is a whole item of that list
        found.append(sa.text(needs_listed(Need(query.need).value)))  # as its partial index says it, to be used
    if query.text:
        pattern = "%" + like_escaped(query.text.lower()) + "%"
        found.append(sa.or_(sa.func.lower(DreamRow.title).like(pattern, escape="\\"),
                            sa.func.lower(DreamRow.story).like(pattern, escape="\\")))
    return found


def like_escaped(text: str) -> str:
    """The text matched as it is by LIKE: its %, _ and the escape character itself escaped."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def needs_text(needs: frozenset[Need]) -> str:
    return ",".join(sorted(Need(n).value for n in needs))


def needs_of(text: str) -> frozenset[Need]:
    return frozenset(Need(part) for part in text.split(",") if part)


def dream_values(d: Dream) -> Values:
    return dict(branch_id=d.branch_id, owner_id=d.owner_id, title=d.title, story=d.story,
                needs=needs_text(d.needs), needs_detail=d.needs_detail, state=DreamState(d.state).value,
                deposited_at=d.deposited_at, decided_at=d.decided_at, decision_reason=d.decision_reason)


def to_dream(r: DreamRow) -> Dream:
    return Dream(r.branch_id, r.owner_id, r.title, r.story, needs_of(r.needs), r.needs_detail, DreamState(r.state),
                 r.deposited_at, r.decided_at, r.decision_reason, r.id)
