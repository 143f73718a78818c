"""One person on several platforms in chat: `/connect` shows a one-time code, `/connect CODE` typed on the other
platform joins the two accounts."""

from __future__ import annotations

from ..i18n import _
from ..model.accounts import platform_name
from ..model.members import Identity
from ..usecases import accounts
from .replies import Message
from .turn import Turn


async def connect(t: Turn) -> list[Message]:
    if not t.args:
        code = await accounts.start_link(t.uow, t.clock, t.actor)
        return [Message.of(
            _("To use this account on another platform too (Telegram, Discord), write /connect {code} in your chat "
              "with me there within 10 minutes. The code works once.", code=code),
            _("Everything you have here (dreams, likes, offers of help, roles, choices) will be yours there too."))]
    identity = t.identity or Identity(t.actor_platform(), "")
    member = await accounts.finish_link(t.uow, t.clock, identity, "".join(t.args))
    return [Message.of(_("Done: this {platform} account is {name}'s now, with everything that is yours. /whoami shows "
                         "where you are linked.", platform=platform_name(t.actor_platform()), name=member.display_name))]


COMMANDS = {"connect": connect}
