"""An update's arrival in the chat: whether it is new, its key remembered, and who sent it with their branch."""

from __future__ import annotations

from datetime import datetime

from ..model.arrivals import Arrival
from ..model.members import WEB, Identity
from ..ports import UnitOfWork


async def arrival(uow: UnitOfWork, update_key: str | None, identity: Identity, now: datetime) -> Arrival:
    """Whether the update is new, its key remembered, and who sent it with their branch, read together where the
    update has a key; someone signed in on the web is read by their number, by the conversation's turn."""
    if update_key and identity.platform != WEB:
        return await uow.inbox.arrival(update_key, now, identity)
    if update_key and not await uow.inbox.first_time(update_key, now):
        return Arrival(False)
    return await sender(uow, identity)


async def sender(uow: UnitOfWork, identity: Identity) -> Arrival:
    """Who sent an update whose key was remembered apart, or that has none: the member with their branch."""
    known = None if identity.platform == WEB else await uow.members.with_branch(identity)
    return Arrival(True, *known) if known else Arrival(True)
