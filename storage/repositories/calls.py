"""Calls for participation, the competences they ask for, and who signed up."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

import sqlalchemy as sa

from core.model.calls import Call, CallStatus, Signup

from ..tables import CallCompetenceRow, CallRow, SignupRow
from .base import Repository, Values, distinct


class SqlCalls(Repository):
    async def add(self, call: Call) -> Call:
        row = await self._insert(CallRow(**call_values(call)))
        competences = distinct(call.competences)
        await self._put_competences(row.id, competences)
        return replace(call, id=row.id, competences=competences)

    async def get(self, call_id: int, *, for_update: bool = False) -> Call | None:
        statement = sa.select(CallRow).where(CallRow.id == call_id)
        row = await self._first(statement.with_for_update() if for_update else statement)
        return (await self._with_competences([row]))[0] if row else None

    async def save(self, call: Call) -> None:
        await self._update(CallRow, call.id, call_values(call))
        await self._delete(CallCompetenceRow, CallCompetenceRow.call_id == call.id)
        await self._put_competences(call.id, call.competences)

    async def open_in(self, branch_id: int) -> Sequence[Call]:
        """Calls not closed (open, or full for now), oldest first."""
        rows = await self._all(
            sa.select(CallRow).where(CallRow.branch_id == branch_id, CallRow.status != CallStatus.CLOSED.value)
            .order_by(CallRow.created_at, CallRow.id))
        return await self._with_competences(rows)

    async def signups(self, call_id: int) -> Sequence[Signup]:
        rows = await self._all(sa.select(SignupRow).where(SignupRow.call_id == call_id)
                               .order_by(SignupRow.at, SignupRow.id))
        return [to_signup(r) for r in rows]

    async def add_signup(self, signup: Signup) -> None:
        await self._insert_unique(SignupRow(**signup_values(signup)),
                                  f"member {signup.member_id} answered call {signup.call_id} already")

    async def remove_signup(self, call_id: int, member_id: int) -> bool:
        return await self._delete(SignupRow, SignupRow.call_id == call_id, SignupRow.member_id == member_id) > 0

    async def answered_by(self, member_id: int) -> Sequence[int]:
        ids = await self.session.scalars(sa.select(SignupRow.call_id).where(SignupRow.member_id == member_id)
                                         .order_by(SignupRow.at, SignupRow.id))
        return list(ids)

    async def _put_competences(self, call_id: int | None, competences: list[str]) -> None:
        for competence in distinct(competences):
            self.session.add(CallCompetenceRow(call_id=call_id, competence=competence))
        await self.session.flush()

    async def _with_competences(self, rows: Sequence[CallRow]) -> list[Call]:
        asked: dict[int, list[str]] = defaultdict(list)
        if rows:
            found = await self.session.execute(
                sa.select(CallCompetenceRow.call_id, CallCompetenceRow.competence)
                .where(CallCompetenceRow.call_id.in_([r.id for r in rows])).order_by(CallCompetenceRow.id))
            for call_id, competence in found.all():
                asked[call_id].append(competence)
        return [to_call(r, asked.get(r.id, [])) for r in rows]


def call_values(c: Call) -> Values:
    return dict(branch_id=c.branch_id, title=c.title, description=c.description, when=c.when, needed=c.needed,
                created_by=c.created_by, created_at=c.created_at, status=CallStatus(c.status).value)


def to_call(r: CallRow, competences: list[str]) -> Call:
    return Call(r.branch_id, r.title, r.description, r.when, r.needed, competences, r.created_by, r.created_at,
                CallStatus(r.status), r.id)


def signup_values(s: Signup) -> Values:
    return dict(call_id=s.call_id, member_id=s.member_id, at=s.at)


def to_signup(r: SignupRow) -> Signup:
    return Signup(r.call_id, r.member_id, r.at)
