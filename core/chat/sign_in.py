"""Signing in to the web portal from a chat: `/web` gives a one-time link; and what the mailed link's notice
says in a chat (it only ever goes by mail)."""

from __future__ import annotations

from ..errors import Refused
from ..i18n import _
from ..usecases import sign_in
from .replies import Message
from .turn import Turn


async def web(t: Turn) -> list[Message]:
    if not t.web_url:
        raise Refused(_("This dream bank has no web pages to sign in to yet."))
    token = await sign_in.sign_in_link(t.uow, t.clock, t.actor)
    return [Message.of(_("Open this link to sign in to the dream bank's web pages as {name}:",
                         name=t.actor.display_name),
                       sign_in.sign_in_url(t.web_url, token),
                       _("It works once, within 15 minutes. Do not share it: whoever opens it is signed in as you."))]


COMMANDS = {"web": web}
NOTICES = {"sign_in_link": (lambda p: [_("A sign-in link was mailed to you.")], lambda c, p: [])}
