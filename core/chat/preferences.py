"""A member's choices in chat: `/email` to add and confirm an address, `/settings` for the digest and what
comes by email, and what the code notice says."""

from __future__ import annotations

from ..i18n import Text, _
from ..model.members import WEB
from ..model.preferences import Preferences
from ..usecases import preferences as choices
from ..views.preferences import FREQUENCY_CODES, settings_card
from .buttons import Action, Press
from .layout import as_message
from .replies import Message
from .turn import Turn


async def email(t: Turn) -> list[Message]:
    """`/email name@example.org` mails a code; `/email 123456` confirms it; `/email off` forgets the address."""
    arg = " ".join(t.args).strip()
    choices.ensure_mail_sent(t.mail)
    if not arg:
        return [_email_status(await t.uow.preferences.get(t.actor.id))]
    if arg.lower() in ("off", "remove", "forget", "av", "fjern"):
        await choices.forget_email(t.uow, t.clock, t.actor, t.branch)
        return [Message.of(_("Your email address is forgotten; no more mail comes from the bank."))]
    if arg.isdigit() and len(arg) <= 8:
        chosen, wrong = await choices.confirm_email(t.uow, t.clock, t.actor, t.branch, arg)
        if wrong is not None:
            return [Message.of(wrong)]
        return [Message.of(_("✅ {address} is confirmed. Newsletters and event reminders now come by email too.",
                             address=chosen.email or "")), await settings_view(t, chosen)]
    address = await choices.request_email(t.uow, t.clock, t.actor, t.branch, arg)
    return [Message.of(_("I have mailed a code to {address}. Type it here like this: /email 123456",
                         address=address),
                       _("No mail within a few minutes? Look in the spam folder, or check the address."))]


def _email_status(p: Preferences) -> Message:
    lines: list[Text] = []
    if p.email:
        lines.append(_("Your email address: {address}", address=p.email))
        lines.append(_("/email off forgets it; /email another@example.org changes it."))
    else:
        lines.append(_("The bank has no email address of yours."))
        lines.append(_("Add one with /email name@example.org: a code is mailed to it, which you type here."))
    if p.pending_email:
        lines.append(_("Waiting for the code mailed to {address}: type /email and the code.", address=p.pending_email))
    lines.append(_("/settings chooses what comes by email."))
    return Message.of(*lines)


async def settings_view(t: Turn, p: Preferences, replaces: bool = False) -> Message:
    platforms = await choices.notice_platforms(t.uow, t.actor)
    card = settings_card(p, t.branch, t.mail, platforms, t.actor.notify_on, on_page=t.actor_platform() == WEB)
    return as_message(card, t.codec, replaces=replaces)


async def settings(t: Turn) -> list[Message]:
    return [await settings_view(t, await t.uow.preferences.get(t.actor.id))]


async def choose_notify_on(t: Turn, press: Press) -> list[Message]:
    await choices.choose_notify_on(t.uow, t.actor, press.args[0] if press.args else "")
    return [await settings_view(t, await t.uow.preferences.get(t.actor.id), replaces=True)]


async def choose_frequency(t: Turn, press: Press) -> list[Message]:
    frequency = FREQUENCY_CODES.get(press.args[0] if press.args else "")
    if frequency is None:
        return await settings(t)
    return [await settings_view(t, await choices.choose_frequency(t.uow, t.actor, frequency), replaces=True)]


async def switch(t: Turn, press: Press) -> list[Message]:
    index = press.number(0)
    if not 0 <= index < len(choices.SWITCHES):
        return await settings(t)
    chosen = await choices.switch(t.uow, t.actor, choices.SWITCHES[index], on_page=t.actor_platform() == WEB)
    return [await settings_view(t, chosen, replaces=True)]


COMMANDS = {"email": email, "settings": settings}
PRESSES = {Action.SETTINGS: lambda t, p: settings(t), Action.DIGEST_FREQUENCY: choose_frequency,
           Action.SWITCH: switch, Action.NOTIFY_ON: choose_notify_on}
NOTICES = {"email_code": (lambda p: [_("A confirmation code was mailed to you.")], lambda c, p: [])}
