"""Members: first contact, language, and the roles a branch admin grants and revokes."""

from __future__ import annotations

from dataclasses import replace

from ..cleaning import clean_name
from ..clock import Clock
from ..errors import Refused
from ..i18n import LANGUAGES, _
from ..model.members import Identity, Member, Role
from ..model.notices import FELL_BACK, MAILED_KINDS, Audience, Delivery, Notice, NoticeKind
from ..ports import UnitOfWork
from . import access
from .auditing import record
from .chats import chat_lost
from .notify import tell
from .padrivere import join_circle, leave_circle
from .preferences import EMAIL, address_bounced

NAME_MAX = 64


async def member_for(uow: UnitOfWork, clock: Clock, identity: Identity, display_name: str,
                     branch_id: int, language: str | None = None) -> tuple[Member, bool]:
    """The member behind a platform identity, registered on first contact. True when new."""
    found = await uow.members.by_identity(identity)
    if found is not None:
        return await known_member(uow, found, language), False
    name = clean_name(display_name, NAME_MAX) or identity.external_id[:NAME_MAX]
    member = await uow.members.add(Member(name, branch_id, language, clock.now()), identity)
    return member, True


async def known_member(uow: UnitOfWork, member: Member, language: str | None = None) -> Member:
    """A member met again: the app's `language` is kept as theirs, until they choose one."""
    if member.language is None and language is not None:
        member.language = language
        await uow.members.save(member)
    return member


async def unreachable(uow: UnitOfWork, clock: Clock, platform: str, delivery: Delivery, reason: str) -> None:
    """A notice cannot reach where it went, for good (the person blocked the bot, the address bounced, the
    group is gone or shut us out): nothing more is written there. A bounced address is forgotten; a person
    is marked unreachable on that platform and the notice falls back to where they still are (fall_back); a
    branch's chat is unlinked and its admins told. Staged; the caller commits."""
    notice = delivery.notice
    if platform == EMAIL:  # by email the chat is the member's address
        if notice.member_id is not None:
            await address_bounced(uow, clock, notice.member_id, delivery.chat_id)
    elif notice.audience is Audience.MEMBER:
        await uow.members.mark_unreachable(Identity(platform, delivery.chat_id))
        await fall_back(uow, platform, notice)
    else:
        link = await uow.branches.linked_chat(platform, delivery.chat_id)
        if link is not None:
            await chat_lost(uow, clock, link, reason)


async def fall_back(uow: UnitOfWork, platform: str, notice: Notice) -> Notice | None:
    """A member's notice that cannot reach them on `platform` is written anew, once: for their other platforms
    where they are reachable (whichever takes it, as they chose), or, with no chat left, by email to their
    confirmed address when the kind has a mail. The new notice; None when there is nowhere else to go."""
    if notice.member_id is None or FELL_BACK in notice.params:
        return None
    params = {**notice.params, FELL_BACK: platform}
    again = Notice(notice.member_id, notice.branch_id, notice.kind, params, notice.created_at, topic=notice.topic)
    if not any(i.platform != platform for i in await uow.members.reachable(notice.member_id)):
        address = (await uow.preferences.get(notice.member_id)).email
        if address is None or notice.kind not in MAILED_KINDS:
            return None
        again = replace(again, via=EMAIL, address=address)
    await uow.outbox.put(again)
    return again


async def choose_language(uow: UnitOfWork, actor: Member, language: str) -> Member:
    if language not in LANGUAGES:
        raise Refused(_("That language is not available yet."))
    actor.language = language
    await uow.members.save(actor)
    return actor


async def grant_role(uow: UnitOfWork, clock: Clock, actor: Member | None, branch_id: int, member_id: int,
                     role: Role) -> bool:
    """A branch admin (or the operator, as actor None) gives a member a role in a branch."""
    await _require_admin(uow, actor, branch_id)
    target = await access.member(uow, member_id)
    added = await uow.members.grant(branch_id, target.id, role)
    if added:
        now = clock.now()
        await record(uow, now, branch_id, actor.id if actor else None, "grant", f"member:{target.id}", role=role.value)
        await tell(uow, now, branch_id, [target.id], NoticeKind.ROLE_GRANTED, role=role.value)
        if role is Role.PADRIVER:
            await join_circle(uow, clock, branch_id, target.id)
    return added


async def revoke_role(uow: UnitOfWork, clock: Clock, actor: Member | None, branch_id: int, member_id: int,
                      role: Role) -> bool:
    await _require_admin(uow, actor, branch_id)
    target = await access.member(uow, member_id)
    removed = await uow.members.revoke(branch_id, target.id, role)
    if removed:
        now = clock.now()
        await record(uow, now, branch_id, actor.id if actor else None, "revoke", f"member:{target.id}", role=role.value)
        await tell(uow, now, branch_id, [target.id], NoticeKind.ROLE_REVOKED, role=role.value)
        if role is Role.PADRIVER:
            await leave_circle(uow, clock, actor, branch_id, target.id)
    return removed


async def _require_admin(uow: UnitOfWork, actor: Member | None, branch_id: int) -> None:
    if actor is not None:
        await access.require_role(uow, actor, branch_id, _("Only a branch admin can change roles."), Role.ADMIN)
