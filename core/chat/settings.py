"""A member's choices in chat: `/email` to add and confirm an address, `/settings` for the digest and email."""

from __future__ import annotations

from ..errors import Refused
from ..i18n import Text, _
from ..model.preferences import DigestFrequency, Preferences
from ..usecases import preferences as choices
from .buttons import Action, Press
from .replies import Button, Message
from .turn import Turn

FREQUENCY_CODES = {"d": DigestFrequency.DAILY, "w": DigestFrequency.WEEKLY, "n": DigestFrequency.NEVER}
FREQUENCY_LABELS = {DigestFrequency.DAILY: _("daily"), DigestFrequency.WEEKLY: _("weekly"),
                    DigestFrequency.NEVER: _("never")}
SWITCH_LABELS = {"digest_in_chat": _("Digest here in chat"), "digest_by_email": _("Digest by email"),
                 "newsletters_by_email": _("Newsletters by email"), "reminders_by_email": _("Event reminders by email")}
WEEKDAYS = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday"))


async def email(t: Turn) -> list[Message]:
    """`/email name@example.org` mails a code; `/email 123456` confirms it; `/email off` forgets the address."""
    arg = " ".join(t.args).strip()
    if not t.mail:
        raise Refused(_("This dream bank does not send email yet. Digests and reminders come here in the chat."))
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
                             address=chosen.email or "")), settings_view(t, chosen)]
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


def settings_view(t: Turn, p: Preferences, replaces: bool = False) -> Message:
    weekday, hour = WEEKDAYS[t.branch.digest_weekday % 7], t.branch.digest_hour
    lines: list[Text] = [
        _("⚙ What the bank sends you"),
        _("Digest of what happened: {frequency}.", frequency=FREQUENCY_LABELS[p.digest]),
        _("Daily digests come at {hour}:00, weekly ones on {weekday} at {hour}:00.", hour=f"{hour:02d}",
          weekday=weekday)]
    if t.mail:
        lines.append(_("Email: {address}", address=p.email) if p.email else
                     _("No email address yet: /email name@example.org adds one."))
    frequency_row = [Button(_("✓ {choice}", choice=FREQUENCY_LABELS[f]) if p.digest is f else FREQUENCY_LABELS[f],
                            t.codec.encode(Action.DIGEST_FREQUENCY, code))
                     for code, f in FREQUENCY_CODES.items()]
    rows = [frequency_row]
    for index, name in enumerate(choices.SWITCHES):
        if name in choices.EMAIL_SWITCHES and not p.email:
            continue
        on = getattr(p, name)
        label = _("✓ {choice}", choice=SWITCH_LABELS[name]) if on else _("✗ {choice}", choice=SWITCH_LABELS[name])
        rows.append([Button(label, t.codec.encode(Action.SWITCH, index))])
    return Message.of(*lines, buttons=rows, topic="settings", replaces=replaces)


async def settings(t: Turn) -> list[Message]:
    return [settings_view(t, await t.uow.preferences.get(t.actor.id))]


async def choose_frequency(t: Turn, press: Press) -> list[Message]:
    frequency = FREQUENCY_CODES.get(press.args[0] if press.args else "")
    if frequency is None:
        return await settings(t)
    return [settings_view(t, await choices.choose_frequency(t.uow, t.actor, frequency), replaces=True)]


async def switch(t: Turn, press: Press) -> list[Message]:
    index = press.number(0)
    if not 0 <= index < len(choices.SWITCHES):
        return await settings(t)
    return [settings_view(t, await choices.switch(t.uow, t.actor, choices.SWITCHES[index]), replaces=True)]


COMMANDS = {"email": email, "settings": settings}
PRESSES = {Action.SETTINGS: lambda t, p: settings(t), Action.DIGEST_FREQUENCY: choose_frequency,
           Action.SWITCH: switch}
