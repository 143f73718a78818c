"""Members' choices of digest and email; only members who chose have a row."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm

from core.model.members import Member
from core.model.preferences import DigestFrequency, Preferences

from ..tables import MemberPreferencesRow, MemberRow
from .base import Repository, Values
from .members import to_member


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

    async def mark_digested(self, member_ids: Sequence[int], until: datetime, ended_by: datetime) -> set[int]:
        """One INSERT … SELECT … ON CONFLICT … RETURNING: a row with the defaults for members who never chose, and
        for every member only `digested_until` set, so a choice saved meanwhile is not overwritten."""
        if not member_ids:
            return set()
        columns = MemberPreferencesRow.__table__.c  # type: ignore[attr-defined]
        defaults = {name: value for name, value in preferences_values(Preferences(0, digested_until=until)).items()
                    if value is not None and name != "member_id"}
        chosen = (sa.select(MemberRow.id, *(sa.literal(value, columns[name].type) for name, value in defaults.items()))
                  .where(MemberRow.id.in_(list(dict.fromkeys(member_ids)))))
        statement = self._dialect_insert(MemberPreferencesRow).from_select(["member_id", *defaults], chosen)
        ended = sa.or_(MemberPreferencesRow.digested_until.is_(None), MemberPreferencesRow.digested_until <= ended_by)
        moved = await self.session.scalars(statement.on_conflict_do_update(
            index_elements=["member_id"], set_={"digested_until": statement.excluded.digested_until}, where=ended)
            .returning(MemberPreferencesRow.member_id))
        return set(moved.all())

    async def subscribers(self, branch_id: int, frequencies: Sequence[DigestFrequency], after_member_id: int = 0,
                          limit: int = 500) -> Sequence[tuple[Member, Preferences]]:
        """A page of the branch's members by id (a keyset page, so members joining meanwhile shift nothing).

        It walks the branch's members by id and looks each one's choices up by key, stopping at a page: on
        PostgreSQL a LATERAL look-up (its LIMIT keeps the planner from making it a join, which, reckoning few
        members pass the filter, read every member's choices of every branch for each page); SQLite has no LATERAL
        and looks them up by key anyway."""
        if self.session.get_bind().dialect.name == "postgresql":
            found = (sa.select(MemberPreferencesRow).where(MemberPreferencesRow.member_id == MemberRow.id)
                     .limit(1).lateral("chosen"))
            chosen: Any = sa.orm.aliased(MemberPreferencesRow, found)
            joined: Any = sa.true()
        else:
            chosen, joined = MemberPreferencesRow, MemberPreferencesRow.member_id == MemberRow.id
        digest = sa.func.coalesce(chosen.digest, _DEFAULT_DIGEST)
        result = await self.session.execute(
            sa.select(MemberRow, chosen).outerjoin(chosen, joined)
            .where(MemberRow.branch_id == branch_id, MemberRow.id > after_member_id, MemberRow.erased_at.is_(None),
                   digest.in_([DigestFrequency(f).value for f in frequencies]))
            .order_by(MemberRow.id).limit(limit)
            .execution_options(populate_existing=True))
        return [(to_member(member), to_preferences(choices) if choices else Preferences(member.id))
                for member, choices in result.all()]


def preferences_values(p: Preferences) -> Values:
    return dict(member_id=p.member_id, digest=DigestFrequency(p.digest).value, digest_in_chat=p.digest_in_chat,
                digest_by_email=p.digest_by_email, newsletters_by_email=p.newsletters_by_email,
                reminders_by_email=p.reminders_by_email, email=p.email, pending_email=p.pending_email,
                code_hash=p.code_hash, code_sent_at=p.code_sent_at, code_tries=p.code_tries,
                digested_until=p.digested_until, name_public=p.name_public)


def to_preferences(r: MemberPreferencesRow) -> Preferences:
    return Preferences(r.member_id, DigestFrequency(r.digest), r.digest_in_chat, r.digest_by_email,
                       r.newsletters_by_email, r.reminders_by_email, r.email, r.pending_email, r.code_hash,
                       r.code_sent_at, r.code_tries, r.digested_until, name_public=r.name_public)
