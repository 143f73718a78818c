"""How a member's choices look: what the bank sends them, with each choice to change in place."""

from __future__ import annotations

from collections.abc import Sequence

from ..i18n import Text, _
from ..model.accounts import platform_name
from ..model.branches import Branch
from ..model.preferences import DigestFrequency, Preferences
from ..usecases import preferences as choices
from .actions import Action
from .model import Act, Card

FREQUENCY_CODES = {"d": DigestFrequency.DAILY, "w": DigestFrequency.WEEKLY, "n": DigestFrequency.NEVER}
FREQUENCY_LABELS = {DigestFrequency.DAILY: _("daily"), DigestFrequency.WEEKLY: _("weekly"),
                    DigestFrequency.NEVER: _("never")}
SWITCH_LABELS = {"digest_in_chat": _("Digest here in chat"), "digest_by_email": _("Digest by email"),
                 "newsletters_by_email": _("Newsletters by email"), "reminders_by_email": _("Event reminders by email"),
                 "name_public": _("My name on the public web pages of projects I am in")}
WEEKDAYS = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday"))


def settings_card(p: Preferences, branch: Branch, mail: bool, platforms: Sequence[str] = (),
                  notify_on: str | None = None, on_page: bool = False) -> Card:
    """The digest's frequency and when it comes, the email address when the deployment sends email, and a
    switch for each choice; a choice that needs an address is refused until there is one. A member on more
    than one chat platform (`platforms`) chooses the one their notices go to. `on_page`: the web page shows the
    address in a form of its own, so the card leaves out the line about the chat's /email."""
    weekday, hour = WEEKDAYS[branch.digest_weekday % 7], "%02d" % branch.digest_hour
    body: list[Text] = [
        _("Digest of what happened: {frequency}.", frequency=FREQUENCY_LABELS[p.digest]),
        _("Daily digests come at {hour}:00, weekly ones on {weekday} at {hour}:00.", hour=hour, weekday=weekday)]
    if mail and not on_page:
        body.append(_("Email: {address}", address=p.email) if p.email else
                    _("No email address yet: /email name@example.org adds one."))
    frequency = tuple(Act.to(Action.DIGEST_FREQUENCY,
                             _("✓ {choice}", choice=FREQUENCY_LABELS[f]) if p.digest is f else FREQUENCY_LABELS[f],
                             code, pressed=p.digest is f)
                      for code, f in FREQUENCY_CODES.items())
    rows: list[tuple[Act, ...]] = [frequency]
    for index, name in enumerate(choices.SWITCHES):
        on = getattr(p, name)
        label = _("✓ {choice}", choice=SWITCH_LABELS[name]) if on else _("✗ {choice}", choice=SWITCH_LABELS[name])
        refused = choices.switch_refusal(p, name, on_page)
        rows.append((Act.to(Action.SWITCH, label, index, refused=refused, pressed=on),))
    if len(platforms) > 1:
        body.append(_("Notices on: {platform}.", platform=platform_name(notify_on)) if notify_on in platforms else
                    _("Notices on: wherever I reach you first."))
        rows.append(tuple(Act.to(Action.NOTIFY_ON, _("✓ {choice}", choice=platform_name(x)) if x == notify_on
                                 else platform_name(x), x, pressed=x == notify_on) for x in platforms))
    return Card("settings", None, _("⚙ What the bank sends you"), body=tuple(body), actions=tuple(rows))
