"""Email as a delivery channel: a notice rendered to a mail with an unsubscribe link, and sent over SMTP.

The delivery engine paces and records it like any platform; the "chat" is the address the notice was
written for. A bounced address is Unreachable: core forgets it, so nothing more is sent there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import aiosmtplib
from jinja2 import Environment, TemplateError

from core.clock import Clock
from core.links import Surfaces
from core.model.notices import Delivery
from core.model.preferences import MAIL_TOPIC_OF, MailTopic
from digests.delivery.channels import Limits, Rejected, Transient, Unreachable
from digests.rendering.email import render_email

from .message import build_message
from .smtp import SmtpConnection, SmtpServer
from .tokens import UnsubscribeTokens

PLATFORM = "email"
#: how much of a Message-ID the outbox keeps as the notice's message id
MESSAGE_ID_KEPT = 255
#: enhanced status codes (RFC 3463) and words with which servers say the mailbox is not there
_NO_SUCH_MAILBOX = ("5.1.1", "5.1.2", "5.1.3", "5.1.6", "5.1.10", "5.2.1", "user unknown", "no such user",
                    "mailbox unavailable", "does not exist", "recipient address rejected", "address rejected")


class EmailChannel:
    platform = PLATFORM

    def __init__(self, clock: Clock, templates: Environment, surfaces: Surfaces, tokens: UnsubscribeTokens,
                 smtp_url: str, sender: str, per_second: float = 5.0, timeout: float = 30.0) -> None:
        """Links in mail open the deployment's bot, and unsubscribe links its public address (which must be set)."""
        if not surfaces.public_url:
            raise ValueError("mail needs the deployment's public address for its unsubscribe links")
        self._clock, self._templates, self._tokens, self._sender = clock, templates, tokens, sender
        self._surfaces, self._links = surfaces, surfaces.for_email()
        self._smtp = SmtpConnection(SmtpServer.parse(smtp_url), timeout)
        self.limits = Limits(per_second=per_second, per_chat_per_second=per_second,
                             per_group_per_minute=per_second * 60)

    def is_group(self, chat_id: str) -> bool:
        return False

    def unsubscribe_url(self, member_id: int, topic: MailTopic) -> str:
        """The mail's one-click link (served by web/unsubscribe.py)."""
        return self._surfaces.web(f"unsubscribe/{self._tokens.make(member_id, topic)}") or ""

    async def send(self, delivery: Delivery, pace: Callable[[], Awaitable[None]]) -> str | None:
        """Returns the mail's Message-ID (as much of it as the outbox keeps)."""
        notice = delivery.notice
        topic = MAIL_TOPIC_OF.get(notice.kind.value)
        if topic is None or notice.member_id is None:
            raise Rejected(f"a {notice.kind.value} notice is not something to mail")
        link = self.unsubscribe_url(notice.member_id, topic)
        try:
            rendered = render_email(self._templates, notice.kind, notice.params, delivery.language, self._links, link)
        except (TemplateError, KeyError, TypeError, ValueError) as broken:
            raise Rejected(f"the mail could not be written: {broken}") from broken
        message = build_message(rendered, self._sender, delivery.chat_id, link, self._clock.now())
        await pace()
        try:
            await self._smtp.send(message)
        except Exception as trouble:
            meant = failure(trouble)
            if meant is trouble:
                raise
            raise meant from trouble
        return str(message["Message-ID"])[:MESSAGE_ID_KEPT]

    async def close(self) -> None:
        await self._smtp.close()


def failure(trouble: Exception) -> Exception:
    """What an SMTP error means for the engine: the mailbox is gone (Unreachable), this mail is refused for
    good (Rejected), or it is worth trying again later (Transient: 4xx, the network, a timeout, and what is
    wrong with our own account rather than with the mail)."""
    if isinstance(trouble, aiosmtplib.SMTPRecipientsRefused):
        refusals = trouble.recipients
        said = "; ".join(f"{r.code} {r.message}" for r in refusals)
        return Unreachable(said) if refusals and all(r.code >= 500 for r in refusals) else Transient(said)
    if isinstance(trouble, aiosmtplib.SMTPResponseException):
        said = f"{trouble.code} {trouble.message}"
        if trouble.code < 500 or isinstance(trouble, (aiosmtplib.SMTPAuthenticationError,
                                                      aiosmtplib.SMTPSenderRefused)):
            return Transient(said)
        if isinstance(trouble, aiosmtplib.SMTPRecipientRefused) or _about_mailbox(trouble.message):
            return Unreachable(said)
        return Rejected(said)
    if isinstance(trouble, aiosmtplib.SMTPNotSupported):
        return Rejected(str(trouble))
    if isinstance(trouble, (aiosmtplib.SMTPException, OSError, asyncio.TimeoutError)):
        return Transient(f"{type(trouble).__name__}: {trouble}")
    if isinstance(trouble, ValueError):  # an address aiosmtplib will not put in an envelope
        return Rejected(str(trouble))
    return trouble


def _about_mailbox(said: str) -> bool:
    text = said.lower()
    return any(sign in text for sign in _NO_SUCH_MAILBOX)
