"""The circle of pådrivere: one application per member and branch, its competences, and what each has done."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from core.errors import Conflict
from core.model.bank import STANDING
from core.model.events import Answer
from core.model.padrivere import ApplicationStatus, Contributions, Padriver
from core.model.members import Role

from ..tables import (CallRow, DreamRow, EventRow, PadriverCompetenceRow, PadriverRow, PledgeRow, ProjectRow,
                      RoleGrantRow, RsvpRow, SignupRow, TeamMemberRow)
from .base import Repository, Values, distinct

APPROVED = ApplicationStatus.APPROVED.value


class SqlPadrivere(Repository):
    async def get(self, branch_id: int, member_id: int) -> Padriver | None:
        row = await self._first(sa.select(PadriverRow).where(PadriverRow.branch_id == branch_id,
                                                             PadriverRow.member_id == member_id))
        return (await self._with_competences([row]))[0] if row else None

    async def by_id(self, padriver_id: int, *, for_update: bool = False) -> Padriver | None:
        statement = sa.select(PadriverRow).where(PadriverRow.id == padriver_id)
        row = await self._first(statement.with_for_update() if for_update else statement)
        return (await self._with_competences([row]))[0] if row else None

    async def save(self, padriver: Padriver) -> Padriver:
        """The member's one application in the branch is found by (branch, member), whatever id it carries."""
        values = padriver_values(padriver)
        padriver_id = await self._id_of(padriver.branch_id, padriver.member_id)
        if padriver_id is None:
            try:
                padriver_id = (await self._insert_unique(PadriverRow(**values), "applied already")).id
            except Conflict:  # a concurrent transaction inserted it first: replace theirs
                padriver_id = await self._id_of(padriver.branch_id, padriver.member_id)
                await self._update(PadriverRow, padriver_id, values)
        else:
            await self._update(PadriverRow, padriver_id, values)
        competences = distinct(padriver.competences)
        await self._delete(PadriverCompetenceRow, PadriverCompetenceRow.padriver_id == padriver_id)
        for competence in competences:
            self.session.add(PadriverCompetenceRow(padriver_id=padriver_id, branch_id=padriver.branch_id,
                                                   member_id=padriver.member_id, competence=competence))
        await self.session.flush()
        return replace(padriver, id=padriver_id, competences=competences)

    async def pending(self, branch_id: int) -> Sequence[Padriver]:
        rows = await self._all(
            sa.select(PadriverRow)
            .where(PadriverRow.branch_id == branch_id, PadriverRow.status == ApplicationStatus.PENDING.value)
            .order_by(PadriverRow.applied_at, PadriverRow.id))
        return await self._with_competences(rows)

    async def approved(self, branch_id: int, *, public_only: bool = False) -> Sequence[Padriver]:
        """Oldest first: by when they were approved (or applied, when no decision time was kept)."""
        statement = (
            sa.select(PadriverRow)
            .where(PadriverRow.branch_id == branch_id, PadriverRow.status == APPROVED, holds_padriver_role())
            .order_by(sa.func.coalesce(PadriverRow.decided_at, PadriverRow.applied_at), PadriverRow.id))
        if public_only:
            statement = statement.where(PadriverRow.public.is_(True))
        return await self._with_competences(await self._all(statement))

    async def contributions(self, branch_id: int, member_ids: Sequence[int], now: datetime
                            ) -> dict[int, Contributions]:
        """Counted in the branch only: offers that stand on its dreams (declined and withdrawn ones count for
        nothing), its events, its calls, its projects' teams."""
        ids = list(dict.fromkeys(member_ids))
        if not ids:
            return {}
        pledges = await self._counts(
            sa.select(PledgeRow.member_id, sa.func.count())
            .join(DreamRow, DreamRow.id == PledgeRow.dream_id)
            .where(DreamRow.branch_id == branch_id, PledgeRow.member_id.in_(ids),
                   PledgeRow.state.in_([s.value for s in STANDING]))
            .group_by(PledgeRow.member_id))
        events = await self._counts(
            sa.select(RsvpRow.member_id, sa.func.count())
            .join(EventRow, EventRow.id == RsvpRow.event_id)
            .where(EventRow.branch_id == branch_id, RsvpRow.member_id.in_(ids),
                   RsvpRow.answer == Answer.GOING.value, RsvpRow.waiting.is_(False),
                   EventRow.cancelled_at.is_(None), EventRow.ends_at <= now)
            .group_by(RsvpRow.member_id))
        calls = await self._counts(
            sa.select(SignupRow.member_id, sa.func.count())
            .join(CallRow, CallRow.id == SignupRow.call_id)
            .where(CallRow.branch_id == branch_id, SignupRow.member_id.in_(ids))
            .group_by(SignupRow.member_id))
        roles: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for member_id, title, role in (await self.session.execute(
                sa.select(TeamMemberRow.member_id, ProjectRow.title, TeamMemberRow.role)
                .join(ProjectRow, ProjectRow.id == TeamMemberRow.project_id)
                .where(ProjectRow.branch_id == branch_id, TeamMemberRow.member_id.in_(ids))
                .order_by(ProjectRow.started_at, ProjectRow.id, TeamMemberRow.id))).all():
            roles[member_id].append((title, role))
        return {i: Contributions(pledges.get(i, 0), events.get(i, 0), calls.get(i, 0), tuple(roles.get(i, ())))
                for i in ids}

    async def _counts(self, statement: sa.Select[Any]) -> dict[int, int]:
        return {int(member_id): int(n) for member_id, n in (await self.session.execute(statement)).all()}

    async def _id_of(self, branch_id: int, member_id: int) -> int | None:
        return await self.session.scalar(sa.select(PadriverRow.id).where(PadriverRow.branch_id == branch_id,
                                                                          PadriverRow.member_id == member_id))

    async def _with_competences(self, rows: Sequence[PadriverRow]) -> list[Padriver]:
        chosen: dict[int, list[str]] = defaultdict(list)
        if rows:
            found = await self.session.execute(
                sa.select(PadriverCompetenceRow.padriver_id, PadriverCompetenceRow.competence)
                .where(PadriverCompetenceRow.padriver_id.in_([r.id for r in rows]))
                .order_by(PadriverCompetenceRow.id))
            for padriver_id, competence in found.all():
                chosen[padriver_id].append(competence)
        return [to_padriver(r, chosen.get(r.id, [])) for r in rows]


def holds_padriver_role() -> sa.ColumnElement[bool]:
    """The application's member still holds the pådriver role in its branch (revoking it takes them out)."""
    return sa.exists().where(RoleGrantRow.branch_id == PadriverRow.branch_id,
                             RoleGrantRow.member_id == PadriverRow.member_id,
                             RoleGrantRow.role == Role.PADRIVER.value)


def padriver_values(p: Padriver) -> Values:
    return dict(branch_id=p.branch_id, member_id=p.member_id, other=p.other, availability=p.availability,
                public=p.public, applied_at=p.applied_at, status=ApplicationStatus(p.status).value,
                decided_at=p.decided_at, decided_by=p.decided_by, reason=p.reason)


def to_padriver(r: PadriverRow, competences: list[str]) -> Padriver:
    return Padriver(r.branch_id, r.member_id, competences, r.other, r.availability, r.public, r.applied_at,
                    ApplicationStatus(r.status), r.decided_at, r.decided_by, r.reason, r.id)
