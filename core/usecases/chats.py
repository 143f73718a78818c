"""Linking a branch's group chats and channel, and noticing when one is gone."""

from __future__ import annotations

from dataclasses import replace

from ..cleaning import clean_name
from ..clock import Clock
from ..errors import Refused
from ..i18n import _
from ..model.branches import ChatLink, ChatPurpose, check_chat_role
from ..model.members import Member, Role
from ..model.notices import NoticeKind
from ..ports import UnitOfWork
from . import access
from .auditing import record
from .notify import holders, tell

TITLE_MAX = 200


async def link_chat(uow: UnitOfWork, clock: Clock, actor: Member | None, link: ChatLink) -> None:
    """A branch admin (or the operator, as actor None) makes a chat the branch's board group or bank channel.

    Where the platform opens chats by role, the link names the role too (check_chat_role)."""
    link = replace(link, title=clean_name(link.title, TITLE_MAX) if link.title else link.title)
    branch = await access.branch_of(uow, link.branch_id)
    if actor is not None:
        await access.require_role(uow, actor, branch.id, _("Only a branch admin can link a chat to the branch."),
                                  Role.ADMIN)
    link = replace(link, role_id=check_chat_role(link.platform, link.purpose, link.role_id.strip()))
    taken = await uow.branches.linked_chat(link.platform, link.chat_id)
    if taken is not None and (taken.branch_id, taken.purpose) != (link.branch_id, link.purpose):
        raise Refused(_("This chat is linked already, as another branch's or purpose's chat."))
    await uow.branches.link(link)
    await record(uow, clock.now(), branch.id, actor.id if actor else None, "link_chat", f"branch:{branch.id}",
                 purpose=link.purpose.value, platform=link.platform, chat_id=link.chat_id,
                 **({"role_id": link.role_id} if link.role_id else {}))


async def chat_lost(uow: UnitOfWork, clock: Clock, link: ChatLink, reason: str) -> None:
    """A linked chat no longer exists or let us in: unlink it and tell the branch admins, once."""
    await uow.branches.unlink(link.branch_id, link.purpose, link.platform)
    now = clock.now()
    await record(uow, now, link.branch_id, None, "chat_lost", f"branch:{link.branch_id}",
                 purpose=link.purpose.value, platform=link.platform, chat_id=link.chat_id, reason=reason)
    admins = await holders(uow, link.branch_id, Role.ADMIN)
    await tell(uow, now, link.branch_id, admins, NoticeKind.CHAT_LOST, purpose=link.purpose.value,
               platform=link.platform, title=link.title or link.chat_id, reason=reason)


async def chat_moved(uow: UnitOfWork, clock: Clock, platform: str, old_chat_id: str, new_chat_id: str
                     ) -> ChatLink | None:
    """A linked chat lives on under a new id (Telegram upgraded a group to a supergroup): the link follows it and
    the branch admins are told, once. The moved link; None when nothing is linked at the old id (moved already)."""
    link = await uow.branches.linked_chat(platform, old_chat_id)
    if link is None:
        return None
    moved = replace(link, chat_id=new_chat_id, invite_link="")  # an invite link belongs to the old chat
    await uow.branches.link(moved)
    now = clock.now()
    await record(uow, now, link.branch_id, None, "chat_moved", f"branch:{link.branch_id}",
                 purpose=link.purpose.value, platform=platform, chat_id=old_chat_id, new_chat_id=new_chat_id)
    admins = await holders(uow, link.branch_id, Role.ADMIN)
    await tell(uow, now, link.branch_id, admins, NoticeKind.CHAT_MOVED, purpose=link.purpose.value,
               platform=platform, title=link.title or new_chat_id)
    return moved


PURPOSES = {p.value: p for p in ChatPurpose}
