"""Updates from a platform handled once, however often the platform delivers them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from core.model.arrivals import Arrival
from core.model.members import Identity

from ..tables import BranchRow, ChatLinkRow, DialogRow, IdentityRow, MemberRow, ProcessedUpdateRow
from .base import Repository
from .branches import links_read, to_branch
from .dialogs import to_dialog
from .members import member_with_branch, to_member


class SqlInbox(Repository):
    async def first_time(self, key: str, at: datetime) -> bool:
        # one statement, no SAVEPOINT: on PostgreSQL a concurrent first time waits for the other transaction and
        # then inserts nothing, so an update delivered twice at once is still handled once
        return await self._insert_new(ProcessedUpdateRow, dict(key=key, at=at), ["key"])

    async def arrival(self, key: str, at: datetime, identity: Identity) -> Arrival:
        sender = dict(platform=identity.platform, external_id=identity.external_id)
        if self.session.get_bind().dialect.name != "postgresql":  # SQLite has no INSERT inside a WITH: two statements
            if not await self.first_time(key, at):
                return Arrival(False)
            return self._arrived((await self.session.execute(self._kept(("sender",), _sender), sender)).all())
        # one round trip at every update: the key's INSERT in a WITH, the member, their branch (with its chats, a
        # row for each) and their dialog read beside it; no row when the INSERT inserted nothing (a repeat, waited
        # for as in first_time), a row of NULLs for a stranger
        found = (await self.session.execute(self._kept(("arrival",), _arrival), dict(
            update_key=key, arrived_at=at, **sender))).all()
        if not found:
            return Arrival(False)
        return self._arrived([row[1:] for row in found])

    def _arrived(self, rows: Sequence[Any]) -> Arrival:
        """The member, their branch and dialog from the first row; the branch's chats, one a row, kept for the
        turn (see links_read)."""
        if not rows or rows[0][0] is None or rows[0][1] is None:
            return Arrival(True)
        member, branch, dialog, _link = rows[0]
        links_read(self.session, branch.id, (row[3] for row in rows))
        return Arrival(True, to_member(member), to_branch(branch), to_dialog(dialog) if dialog else None,
                       dialog_read=True)

    async def forget_before(self, before: datetime, batch: int) -> int:
        # the oldest rows have the lowest ids: walking the primary key from the start finds them without an index
        # on `at`, and a batch at a time never holds the table long
        oldest = (sa.select(ProcessedUpdateRow.id).where(ProcessedUpdateRow.at < before)
                  .order_by(ProcessedUpdateRow.id).limit(batch).scalar_subquery())
        done = await self.session.execute(sa.delete(ProcessedUpdateRow).where(ProcessedUpdateRow.id.in_(oldest))
                                          .execution_options(synchronize_session=False))
        return done.rowcount or 0


def _sender(_insert: Any) -> Any:
    """The member an identity names, with their branch and the dialog they are in (none when they are in none),
    a row for each of the branch's chats (one when it has none)."""
    return (member_with_branch(DialogRow, ChatLinkRow).outerjoin(DialogRow, DialogRow.member_id == MemberRow.id)
            .outerjoin(ChatLinkRow, ChatLinkRow.branch_id == BranchRow.id).limit(None).order_by(ChatLinkRow.id))


def _arrival(insert: Any) -> Any:
    table = ProcessedUpdateRow.__table__  # type: ignore[attr-defined]
    taken = (insert(table).values(key=sa.bindparam("update_key", type_=table.c.key.type),
                                  at=sa.bindparam("arrived_at", type_=table.c.at.type))
             .on_conflict_do_nothing(index_elements=["key"]).returning(table.c.key).cte("taken"))
    sender = sa.and_(IdentityRow.platform == sa.bindparam("platform"),
                     IdentityRow.external_id == sa.bindparam("external_id"))
    return (sa.select(taken.c.key, MemberRow, BranchRow, DialogRow, ChatLinkRow).select_from(taken)
            .outerjoin(IdentityRow, sender).outerjoin(MemberRow, MemberRow.id == IdentityRow.member_id)
            .outerjoin(BranchRow, BranchRow.id == MemberRow.branch_id)
            .outerjoin(DialogRow, DialogRow.member_id == MemberRow.id)
            .outerjoin(ChatLinkRow, ChatLinkRow.branch_id == BranchRow.id)
            .order_by(ChatLinkRow.id).execution_options(populate_existing=True))
