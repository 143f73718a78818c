"""One person on several platforms: a one-time code asked for on one, typed on the other, joins the two.

The member who asks keeps everything (dreams, likes, pledges, roles, preferences); the identity typing the code
moves to them. An account that has anything of its own is never emptied into another: it is refused, and told
to do it the other way round.
"""

from __future__ import annotations

from ..clock import Clock
from ..errors import CountedRefusal, Refused
from ..i18n import _, join, ngettext
from ..model.accounts import (CODE_VALID, WRONG_MAX, WRONG_WINDOW, Holding, LinkCode, code_hash, new_code,
                              normal_code, platform_name)
from ..model.members import WEB, Identity, Member, Role
from ..ports import UnitOfWork
from . import access
from .auditing import record
from .padrivere import join_circle

HOLDING_NAMES = {
    Holding.DREAMS: _("dreams"), Holding.ROLES: _("roles"), Holding.LIKES: _("likes"),
    Holding.PLEDGES: _("offers of help"),    Holding.RSVPS: _("answers to events"), Holding.PADRIVER: _("a pådriver application"),
    Holding.SIGNUPS: _("answers to calls"), Holding.TEAMS: _("places on project teams"),
}


async def start_link(uow: UnitOfWork, clock: Clock, member: Member) -> str:
    """A new one-time code for the member, valid CODE_VALID; the one they had before stops working. Only its
    hash is stored, so the code returned is the only copy."""
    now = clock.now()
    code = new_code()
    await uow.accounts.put_code(LinkCode(int(member.id or 0), code_hash(code), now, now + CODE_VALID))
    return code


async def finish_link(uow: UnitOfWork, clock: Clock, identity: Identity, typed: str) -> Member:
    """The identity typing a member's code joins that member: from now on it is them on that platform.

    Refused, and counted toward WRONG_MAX in WRONG_WINDOW, when the code is wrong, expired or used (a
    CountedRefusal: the caller commits the count). Refused without counting when the identity is the member's
    already, when the member has an identity on that platform already, or when the typing account has anything
    of its own. Staged; the caller commits.
    """
    if identity.platform == WEB:  # signed in on the web a member is themself already; that is no account to join
        raise Refused(_("Type the code in your chat with me on the other platform."))
    now = clock.now()
    wrong = [at for at in await uow.accounts.wrong_since(identity, now - WRONG_WINDOW) if at + WRONG_WINDOW > now]
    if len(wrong) >= WRONG_MAX:
        minutes = max(1, -(-int((wrong[-WRONG_MAX] + WRONG_WINDOW - now).total_seconds()) // 60))
        raise Refused(ngettext("That was too many wrong codes. Please wait {count} minute and try again.",
                               "That was too many wrong codes. Please wait {count} minutes and try again.", minutes))
    code = normal_code(typed)
    found = await uow.accounts.code(code_hash(code)) if code else None
    if found is None or found.used_at is not None or found.expired(now):
        await uow.accounts.add_wrong(identity, now)
        if found is None:
            raise CountedRefusal(_("That code is not one I gave. Check it, or write /connect in your other account "
                                   "for a new one."))
        if found.used_at is not None:
            raise CountedRefusal(_("That code was used already. Write /connect in your other account for a new one."))
        raise CountedRefusal(_("That code has expired: a code works for 10 minutes. Write /connect in your other "
                               "account for a new one."))
    asker = await access.member(uow, found.member_id)
    typing = await uow.members.by_identity(identity)
    if typing is not None and typing.id == asker.id:
        raise Refused(_("This account asked for that code itself. Type it in your account on the other platform."))
    if any(i.platform == identity.platform for i in await uow.members.identities(asker.id)):
        raise Refused(_("The account that asked for this code has a {platform} account already. Write /connect "
                        "there instead, or ask a branch admin for help.", platform=platform_name(identity.platform)))
    if typing is not None and typing.id is not None:
        held = sorted(await uow.accounts.holdings(typing.id), key=list(Holding).index)
        if held:
            raise Refused(_("This account has {things} of its own, so I cannot join it to another. Do it the other "
                            "way round: write /connect here, and type the code in your other account.",
                            things=join([HOLDING_NAMES[h] for h in held])))
    await uow.accounts.move_identity(identity, asker.id)
    await uow.accounts.use_code(found.code_hash, now)
    if Role.PADRIVER in await uow.members.roles(asker.branch_id, asker.id):  # the new account opens the circle too
        await join_circle(uow, clock, asker.branch_id, asker.id)
    await record(uow, now, asker.branch_id, asker.id, "link_account", f"member:{asker.id}",
                 platform=identity.platform, **({"left_member": typing.id} if typing is not None else {}))
    return asker
