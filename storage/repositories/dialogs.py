"""Half-finished dialogs: at most one per member."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import sqlalchemy as sa

from core.dialogs.state import DialogState

from ..tables import DialogRow
from .base import Repository, Values


class SqlDialogs(Repository):
    """At most one dialog per member: saving replaces the member's current one."""

    # a dialog is read and written at most chat updates: these statements are kept (see Repository._kept)

    async def current(self, member_id: int) -> DialogState | None:
        statement = self._kept(("current dialog",), lambda _insert: (
            sa.select(DialogRow).where(DialogRow.member_id == sa.bindparam("member_id")).limit(1)
            .execution_options(populate_existing=True)))
        row = (await self.session.scalars(statement, dict(member_id=member_id))).first()
        return to_dialog(row) if row else None

    async def save(self, state: DialogState) -> DialogState:
        # one statement, new or not: the member's row is replaced where there is one (a concurrent transaction
        # that started one first included: on PostgreSQL this one waits for it, then replaces it)
        values = dialog_values(state)

        def build(insert: Any) -> Any:
            statement = insert(DialogRow.__table__)
            replaced = {name: statement.excluded[name] for name in values if name != "member_id"}
            return (statement.on_conflict_do_update(index_elements=["member_id"], set_=replaced)
                    .returning(DialogRow.__table__.c.id))

        row_id = (await self.session.execute(self._kept(("save dialog",), build), values)).scalar_one()
        return replace(state, id=row_id)

    async def end(self, member_id: int) -> None:
        statement = self._kept(("end dialog",), lambda _insert: (
            sa.delete(DialogRow.__table__).where(DialogRow.__table__.c.member_id == sa.bindparam("member_id"))))
        await self.session.execute(statement, dict(member_id=member_id))


def dialog_values(s: DialogState) -> Values:
    return dict(member_id=s.member_id, form=s.form, step=s.step, answers=dict(s.answers), context=dict(s.context),
                previous=dict(s.previous), pending_refusal=s.pending_refusal, nonce=s.nonce,
                updated_at=s.updated_at, instance=s.instance)


def to_dialog(r: DialogRow) -> DialogState:
    return DialogState(r.member_id, r.form, r.step, dict(r.answers), dict(r.context), r.updated_at,
                       r.pending_refusal, r.nonce, r.id, dict(r.previous), r.instance)
