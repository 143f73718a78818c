"""Signing in to the web portal with a one-time link instead of a password.

A member asks for a link in a chat (/web), or has one mailed to their confirmed address. Opening it and
pressing "Sign in" uses it up and opens a session. Only hashes of the link's token and of the session's id are
stored, so reading the database signs nobody in.
"""

from __future__ import annotations

from ..clock import Clock
from ..errors import Refused
from ..i18n import _
from ..model.members import Member
from ..model.notices import Notice, NoticeKind
from ..model.sign_in import LINK_VALID, MAIL_AGAIN_AFTER, SESSION_VALID, SignInLink, WebSession, new_token, token_hash
from ..ports import UnitOfWork
from . import access
from .auditing import record
from .preferences import EMAIL, normalized

#: what a link's token may look like (token_urlsafe(32) gives 43 characters); anything else is not looked up
TOKEN_MAX = 100


def sign_in_url(public_url: str, token: str) -> str:
    """The link to open: the portal's page that asks for the one press that signs in."""
    return f"{public_url.rstrip('/')}/signin/{token}"


async def sign_in_link(uow: UnitOfWork, clock: Clock, member: Member, address: str | None = None) -> str:
    """A new one-time token for the member, valid LINK_VALID; the only copy is the one returned. Staged."""
    now = clock.now()
    token = new_token()
    await uow.sign_in.put_link(SignInLink(int(member.id or 0), token_hash(token), now, now + LINK_VALID,
                                          address=address))
    await record(uow, now, member.branch_id, member.id, "sign_in_link", f"member:{member.id}",
                 via=EMAIL if address else "chat")
    return token


async def mail_sign_in_link(uow: UnitOfWork, clock: Clock, address: str, public_url: str) -> None:
    """Mail a sign-in link to the address when it is some member's confirmed one. What the asker is told is the
    same whether or not it is (so the page gives away nobody's address), and an address mailed a moment ago is
    not mailed again. Refused only when the text cannot be an address (said without the chat's /email, as the
    address is asked for on a page). Staged; the caller commits."""
    address = normalized(address, on_page=True)
    now = clock.now()
    last = await uow.sign_in.last_mailed(address)
    if last is not None and now - last < MAIL_AGAIN_AFTER:
        return
    for member in await uow.sign_in.members_with_email(address):
        branch = await access.branch_of(uow, member.branch_id)
        confirmed = (await uow.preferences.get(member.id)).email or address  # as confirmed, not as typed now
        token = await sign_in_link(uow, clock, member, address)
        await uow.outbox.put(Notice(member.id, branch.id, NoticeKind.SIGN_IN_LINK,
                                    dict(url=sign_in_url(public_url, token), branch=branch.name,
                                         minutes=int(LINK_VALID.total_seconds() // 60)),
                                    now, via=EMAIL, address=confirmed))


async def redeem(uow: UnitOfWork, clock: Clock, token: str) -> tuple[Member, str]:
    """The link pressed: it is used up, and a session opens for its member, valid SESSION_VALID. Returns the
    member and the session's id (the only copy). Refused for a link that is unknown, used or expired. Staged."""
    now = clock.now()
    found = await uow.sign_in.link(token_hash(token)) if 0 < len(token) <= TOKEN_MAX else None
    if found is None:
        raise Refused(_("That sign-in link is not one the bank made. Ask for a new one."))
    if found.used_at is not None:
        raise Refused(_("That sign-in link was used already: each link works once. Ask for a new one."))
    if found.expired(now):
        raise Refused(_("That sign-in link has expired: a link works for 15 minutes. Ask for a new one."))
    if not await uow.sign_in.use_link(found.token_hash, now):
        raise Refused(_("That sign-in link was used already: each link works once. Ask for a new one."))
    member = await access.member(uow, found.member_id)
    session_id = new_token()
    await uow.sign_in.put_session(WebSession(found.member_id, token_hash(session_id), now, now + SESSION_VALID))
    await record(uow, now, member.branch_id, member.id, "signed_in", f"member:{member.id}")
    return member, session_id


async def session_member(uow: UnitOfWork, clock: Clock, session_id: str) -> Member | None:
    """The member whose live session this is; None for one unknown, ended or expired."""
    if not 0 < len(session_id) <= TOKEN_MAX:
        return None
    found = await uow.sign_in.web_session(token_hash(session_id))
    if found is None or not found.live(clock.now()):
        return None
    return await uow.members.get(found.member_id)


async def sign_out(uow: UnitOfWork, clock: Clock, session_id: str) -> None:
    """The session ends: its cookie signs nobody in any more, wherever it was copied. Staged."""
    if not 0 < len(session_id) <= TOKEN_MAX:
        return
    found = await uow.sign_in.web_session(token_hash(session_id))
    if found is None or found.ended_at is not None:
        return
    now = clock.now()
    await uow.sign_in.end_session(found.session_hash, now)
    member = await uow.members.get(found.member_id)
    if member is not None:
        await record(uow, now, member.branch_id, member.id, "signed_out", f"member:{member.id}")
