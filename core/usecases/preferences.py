"""A member's choices: the digest's frequency and channels, an email address confirmed by a code, and
what comes by email; one-click unsubscribing from a mail's link."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import timedelta

from ..clock import Clock
from ..errors import Refused
from ..i18n import Text, _
from ..model.accounts import platform_name
from ..model.branches import Branch
from ..model.members import WEB, Member
from ..model.notices import Notice, NoticeKind
from ..model.preferences import DigestFrequency, MailTopic, Preferences
from ..ports import UnitOfWork
from .auditing import record

EMAIL = "email"
ADDRESS_MAX = 254
CODE_VALID = timedelta(minutes=30)
CODE_AGAIN_AFTER = timedelta(seconds=60)
CODE_TRIES = 5
_ADDRESS = re.compile(r"^[^@\s<>()\[\]\\,;:\"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$")

#: the choices a member can switch on and off, by the name a button carries
SWITCHES = ("digest_in_chat", "digest_by_email", "newsletters_by_email", "reminders_by_email", "name_public")
EMAIL_SWITCHES = {"digest_by_email", "newsletters_by_email", "reminders_by_email"}


def ensure_mail_sent(mail: bool) -> None:
    """Email addresses are asked for only where the deployment sends email."""
    if not mail:
        raise Refused(_("This dream bank does not send email yet. Digests and reminders come here in the chat."))


def normalized(address: str, on_page: bool = False) -> str:
    """The address as it will be used, or Refused with a kind word when it cannot be one (`on_page`: said without
    the chat's /email, as the address was typed in a page's box)."""
    address = address.strip()
    if len(address) > ADDRESS_MAX or not _ADDRESS.match(address):
        raise Refused(_("That does not look like an email address. Type it like this: name@example.org") if on_page
                      else _("That does not look like an email address. Try again, like this: /email name@example.org"))
    local, _at, domain = address.rpartition("@")
    return f"{local}@{domain.lower()}"


def _hash(member_id: int, address: str, code: str) -> str:
    return hmac.new(code.encode(), f"{member_id}:{address}".encode(), hashlib.sha256).hexdigest()


async def request_email(uow: UnitOfWork, clock: Clock, member: Member, branch: Branch, address: str,
                        on_page: bool = False) -> str:
    """Start confirming an address: a six-digit code is mailed to it (only its hash is kept). The address
    counts once the member types the code back. Returns the normalized address. `on_page`: asked for on a web
    page, so neither a refusal nor the mail sends the member to the chat's /email."""
    address = normalized(address, on_page)
    now = clock.now()
    preferences = await uow.preferences.get(member.id)
    if preferences.email == address:
        raise Refused(_("{address} is your confirmed address already.", address=address))
    if preferences.code_sent_at is not None and now - preferences.code_sent_at < CODE_AGAIN_AFTER \
            and preferences.pending_email == address:
        raise Refused(_("A code is on its way to {address}. Give it a minute before asking for another.",
                        address=address))
    code = f"{secrets.randbelow(1_000_000):06d}"
    preferences.pending_email, preferences.code_hash = address, _hash(member.id, address, code)
    preferences.code_sent_at, preferences.code_tries = now, 0
    await uow.preferences.save(preferences)
    await uow.outbox.put(Notice(member.id, branch.id, NoticeKind.EMAIL_CODE,
                                dict(code=code, branch=branch.name, minutes=int(CODE_VALID.total_seconds() // 60),
                                     **({"on_page": True} if on_page else {})),
                                now, via=EMAIL, address=address))
    await record(uow, now, branch.id, member.id, "email_requested", f"member:{member.id}")
    return address


async def confirm_email(uow: UnitOfWork, clock: Clock, member: Member, branch: Branch, code: str,
                        on_page: bool = False) -> tuple[Preferences, Text | None]:
    """The code typed back: the pending address becomes the member's address. A wrong code is counted (so the
    count is kept: it comes back as the second value, not as a refusal); after a few, or once the code is old,
    a new one must be asked for (`on_page`: on the web page's form, not with the chat's /email)."""
    preferences = await uow.preferences.get(member.id)
    address = preferences.pending_email
    if address is None or preferences.code_hash is None or preferences.code_sent_at is None:
        raise Refused(_("There is no code waiting. Give your email address first.") if on_page else
                      _("There is no code waiting. Start with /email and your address."))
    if clock.now() - preferences.code_sent_at > CODE_VALID or preferences.code_tries >= CODE_TRIES:
        raise Refused(_("That code is no longer valid. Ask for a new one for {address}.", address=address)
                      if on_page else
                      _("That code is no longer valid. Ask for a new one with /email {address}.", address=address))
    if not hmac.compare_digest(preferences.code_hash, _hash(member.id, address, code.strip())):
        preferences.code_tries += 1
        await uow.preferences.save(preferences)
        if preferences.code_tries >= CODE_TRIES:
            return preferences, (_("That code is not right, and it is used up. Ask for a new one for {address}.",
                                   address=address) if on_page else
                                 _("That code is not right, and it is used up. Ask for a new one with /email "
                                   "{address}.", address=address))
        return preferences, _("That code is not right. Check the mail sent to {address} and try again.",
                              address=address)
    first = preferences.email is None
    preferences.email, preferences.pending_email, preferences.code_hash = address, None, None
    preferences.code_sent_at, preferences.code_tries = None, 0
    if first:  # a new address starts with what people ask an address for: newsletters and reminders
        preferences.newsletters_by_email = preferences.reminders_by_email = True
    await uow.preferences.save(preferences)
    await record(uow, clock.now(), branch.id, member.id, "email_confirmed", f"member:{member.id}")
    return preferences, None


async def forget_email(uow: UnitOfWork, clock: Clock, member: Member, branch: Branch) -> Preferences:
    preferences = await uow.preferences.get(member.id)
    if preferences.email is None and preferences.pending_email is None:
        raise Refused(_("The bank has no email address of yours."))
    preferences.unsubscribe(MailTopic.ALL)
    preferences.pending_email = preferences.code_hash = None
    preferences.code_sent_at = None
    await uow.preferences.save(preferences)
    await uow.outbox.drop_mail(member.id, clock.now())  # nor a code or mail still waiting for the address
    await record(uow, clock.now(), branch.id, member.id, "email_forgotten", f"member:{member.id}")
    return preferences


async def notice_platforms(uow: UnitOfWork, member: Member) -> list[str]:
    """The chat platforms the member is on, each once, in the order they joined them: where notices can go (never
    email, which has its own switches, nor the web, which keeps no chat to write to)."""
    return list(dict.fromkeys(i.platform for i in await uow.members.identities(member.id)
                              if i.platform not in (EMAIL, WEB)))


async def choose_notify_on(uow: UnitOfWork, member: Member, platform: str) -> Member:
    """Notices go to the member on this platform (while they are reachable there; elsewhere when not)."""
    if platform not in await notice_platforms(uow, member):
        raise Refused(_("This account is not on {platform}. /connect links it there first.",
                        platform=platform_name(platform)))
    member.notify_on = platform
    await uow.members.save(member)
    return member


async def choose_frequency(uow: UnitOfWork, member: Member, frequency: DigestFrequency) -> Preferences:
    preferences = await uow.preferences.get(member.id)
    preferences.digest = frequency
    await uow.preferences.save(preferences)
    return preferences


def switch_refusal(preferences: Preferences, name: str, on_page: bool = False) -> Text | None:
    """Why that choice cannot be switched now, or None: what comes by email needs a confirmed address first
    (`on_page`: added in the web page's own form, not with the chat's /email)."""
    if name not in SWITCHES:
        return _("That choice is not one the bank knows.")
    if not getattr(preferences, name) and name in EMAIL_SWITCHES and preferences.email is None:
        return _("First add your email address, in the form on this page.") if on_page else \
            _("First add your email address: /email name@example.org")
    return None


async def switch(uow: UnitOfWork, member: Member, name: str, on_page: bool = False) -> Preferences:
    """Turn one choice on or off. What comes by email needs a confirmed address first."""
    preferences = await uow.preferences.get(member.id)
    problem = switch_refusal(preferences, name, on_page)
    if problem is not None:
        raise Refused(problem)
    turning_on = not getattr(preferences, name)
    setattr(preferences, name, turning_on)
    await uow.preferences.save(preferences)
    return preferences


async def unsubscribe(uow: UnitOfWork, member_id: int, topic: MailTopic) -> bool:
    """No more email of that kind (for ALL: no email at all, and the address is forgotten). Idempotent:
    True when something changed. Staged; the caller commits."""
    if await uow.members.get(member_id) is None:
        return False
    preferences = await uow.preferences.get(member_id)
    changed = preferences.unsubscribe(topic)
    if changed:
        await uow.preferences.save(preferences)
    return changed


#: which choice each topic's unsubscribe turned off, so that undoing it can turn it on again
_RESUBSCRIBE = {MailTopic.DIGEST: "digest_by_email", MailTopic.NEWSLETTERS: "newsletters_by_email",
                MailTopic.REMINDERS: "reminders_by_email"}


async def resubscribe(uow: UnitOfWork, member_id: int, topic: MailTopic) -> bool:
    """Turn on again what an unsubscribe turned off; False when that cannot be done this way: after ALL, or
    once the address is gone (forgotten, or bounced), only the chat can add one again. Staged; the caller
    commits."""
    switch = _RESUBSCRIBE.get(topic)
    if switch is None or await uow.members.get(member_id) is None:
        return False
    preferences = await uow.preferences.get(member_id)
    if preferences.email is None:
        return False
    if not getattr(preferences, switch):
        setattr(preferences, switch, True)
        await uow.preferences.save(preferences)
    return True


async def address_bounced(uow: UnitOfWork, clock: Clock, member_id: int, address: str) -> None:
    """Mail to `address` bounced for good: the member's address is forgotten if it is still that one, and the
    mail waiting for it is dropped. Staged; the caller commits."""
    preferences = await uow.preferences.get(member_id)
    if preferences.email is not None and preferences.email.lower() == address.lower():
        preferences.email = None
        await uow.preferences.save(preferences)
    await uow.outbox.drop_mail(member_id, clock.now(), address)
