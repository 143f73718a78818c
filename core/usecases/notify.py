"""Writing notices to the outbox, inside the same unit of work as the change causing them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from ..model.members import Role
from ..model.notices import Notice, NoticeKind
from ..ports import UnitOfWork


async def tell(uow: UnitOfWork, at: datetime, branch_id: int, member_ids: Iterable[int],
               kind: NoticeKind, /, **params: Any) -> None:
    for member_id in dict.fromkeys(member_ids):
        await uow.outbox.put(Notice(member_id, branch_id, kind, dict(params), at))


async def holders(uow: UnitOfWork, branch_id: int, *roles: Role) -> list[int]:
    ids: dict[int, None] = {}
    for role in roles:
        for m in await uow.members.with_role(branch_id, role):
            assert m.id is not None
            ids[m.id] = None
    return list(ids)
