"""What scheduled work needs: members' choices of digest and email, a record of work done once, and how far
each scheduled job's runs are settled."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

import sqlalchemy as sa

from core.model.members import Member
from core.model.preferences import DigestFrequency, Preferences

from ..mapping import preferences_values, to_member, to_preferences
from ..tables import JobRunRow, MemberPreferencesRow, MemberRow, ScheduleMarkRow
from .base import Repository

#: what a member who never chose gets, as the database sees it
_DEFAULT_DIGEST = Preferences(0).digest.value


class SqlMemberPreferences(Repository):
    """Only members who chose have a row; everyone else reads as the defaults, so no row is written at join."""

    async def get(self, member_id: int) -> Preferences:
        row = await self._first(sa.select(MemberPreferencesRow).where(MemberPreferencesRow.member_id == member_id))
        return to_preferences(row) if row else Preferences(member_id)

    async def many(self, member_ids: Sequence[int]) -> dict[int, Preferences]:
        wanted = list(dict.fromkeys(member_ids))
        rows = await self._all(sa.select(MemberPreferencesRow).where(MemberPreferencesRow.member_id.in_(wanted)))
        found = {r.member_id: to_preferences(r) for r in rows}
        return {member_id: found.get(member_id) or Preferences(member_id) for member_id in wanted}

    async def save(self, preferences: Preferences) -> None:
        """One statement whether or not the member chose before, so two saves at once never collide."""
        await self._upsert(MemberPreferencesRow, preferences_values(preferences), ["member_id"])

    async def subscribers(self, branch_id: int, frequencies: Sequence[DigestFrequency], after_member_id: int = 0,
                          limit: int = 500) -> Sequence[tuple[Member, Preferences]]:
        """A page of the branch's members by id (a keyset page, so members joining meanwhile shift nothing)."""
        digest = sa.func.coalesce(MemberPreferencesRow.digest, _DEFAULT_DIGEST)
        result = await self.session.execute(
            sa.select(MemberRow, MemberPreferencesRow)
            .outerjoin(MemberPreferencesRow, MemberPreferencesRow.member_id == MemberRow.id)
            .where(MemberRow.branch_id == branch_id, MemberRow.id > after_member_id,
                   digest.in_([DigestFrequency(f).value for f in frequencies]))
            .order_by(MemberRow.id).limit(limit)
            .execution_options(populate_existing=True))
        return [(to_member(member), to_preferences(chosen) if chosen else Preferences(member.id))
                for member, chosen in result.all()]


class SqlRuns(Repository):
    async def first_time(self, key: str, at: datetime) -> bool:
        return await self._insert_new(JobRunRow, dict(key=key, at=at), ["key"])

    async def marks(self) -> dict[str, tuple[str, datetime]]:
        return {row.job_id: (row.spec, row.settled_at) for row in await self._all(sa.select(ScheduleMarkRow))}

    async def settle(self, job_id: str, spec: str, at: datetime) -> None:
        """One statement: a new timing replaces the mark, the same timing only moves it forward."""
        statement = self._dialect_insert(ScheduleMarkRow).values(job_id=job_id, spec=spec, settled_at=at)
        new = statement.excluded
        await self.session.execute(statement.on_conflict_do_update(
            index_elements=["job_id"], set_=dict(spec=new.spec, settled_at=new.settled_at),
            where=sa.or_(ScheduleMarkRow.spec != new.spec, ScheduleMarkRow.settled_at < new.settled_at)))

    async def forget_marks(self, keep: Collection[str]) -> None:
        await self._delete(ScheduleMarkRow, ScheduleMarkRow.job_id.not_in(list(keep)))
