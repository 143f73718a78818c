"""Half-finished dialogs: at most one per member."""

from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa

from core.dialogs.state import DialogState
from core.errors import Conflict

from ..tables import DialogRow
from .base import Repository, Values


class SqlDialogs(Repository):
    """At most one dialog per member: saving replaces the member's current one."""

    async def current(self, member_id: int) -> DialogState | None:
        row = await self._first(sa.select(DialogRow).where(DialogRow.member_id == member_id))
        return to_dialog(row) if row else None

    async def save(self, state: DialogState) -> DialogState:
        values = dialog_values(state)
        if state.id is not None and await self._replaced(state.id, values):
            return state  # the dialog read earlier in this turn, still the member's: one UPDATE
        row_id = await self._row_id(state.member_id)
        if row_id is None:
            try:
                row = await self._insert_unique(DialogRow(**values), "dialog exists")
                return replace(state, id=row.id)
            except Conflict:  # a concurrent transaction started one first: replace it
                row_id = await self._row_id(state.member_id)
        await self._update(DialogRow, row_id, values)
        return replace(state, id=row_id)

    async def end(self, member_id: int) -> None:
        await self._delete(DialogRow, DialogRow.member_id == member_id)

    async def _replaced(self, row_id: int, values: Values) -> bool:
        """Whether the row `row_id` was still the member's dialog, and now holds `values`."""
        statement = (sa.update(DialogRow).where(DialogRow.id == row_id, DialogRow.member_id == values["member_id"])
                     .values(**values).execution_options(synchronize_session=False))
        return (await self.session.execute(statement)).rowcount == 1  # type: ignore[attr-defined]

    async def _row_id(self, member_id: int) -> int | None:
        return await self.session.scalar(sa.select(DialogRow.id).where(DialogRow.member_id == member_id))


def dialog_values(s: DialogState) -> Values:
    return dict(member_id=s.member_id, form=s.form, step=s.step, answers=dict(s.answers), context=dict(s.context),
                previous=dict(s.previous), pending_refusal=s.pending_refusal, nonce=s.nonce,
                updated_at=s.updated_at, instance=s.instance)


def to_dialog(r: DialogRow) -> DialogState:
    return DialogState(r.member_id, r.form, r.step, dict(r.answers), dict(r.context), r.updated_at,
                       r.pending_refusal, r.nonce, r.id, dict(r.previous), r.instance)
