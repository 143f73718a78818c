"""A rendered email as a MIME message, with the headers that let mail programs offer one-click unsubscribing."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from digests.rendering.email import RenderedEmail


def build_message(rendered: RenderedEmail, sender: str, to: str, unsubscribe_url: str, at: datetime) -> EmailMessage:
    """multipart/alternative: the plain text first and the HTML last, which mail programs prefer.

    `List-Unsubscribe` with `List-Unsubscribe-Post` (RFC 8058) lets a mail program unsubscribe with one
    POST, without opening a page; `Auto-Submitted` keeps auto-replies and vacation notices away.
    """
    message = EmailMessage()
    message["Subject"] = rendered.subject
    message["From"] = sender
    message["To"] = to
    message["Date"] = format_datetime(at)
    message["Message-ID"] = make_msgid(domain=sender_domain(sender))
    message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    return message


def sender_domain(sender: str) -> str:
    """The domain of the sender's address, which Message-IDs are made under."""
    _name, address = parseaddr(sender)
    domain = address.rpartition("@")[2]
    return domain or "localhost"
