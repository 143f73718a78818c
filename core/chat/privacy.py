"""A person's own data in chat: `/mydata` shows what is stored and sends all of it as a file; `/erase` asks
plainly, then erases."""

from __future__ import annotations

from ..i18n import LANGUAGES, Text, _, join
from ..model.accounts import platform_name
from ..model.bank import PLEDGE_STATE_LABELS
from ..model.dreams import STATE_LABELS
from ..model.padrivere import ApplicationStatus
from ..model.privacy import KIND_LABELS, confirmation_minute
from ..usecases import privacy
from ..views.actions import Action, Press
from ..views.preferences import FREQUENCY_LABELS
from ..views.text import excerpt

from .members import ROLE_LABELS
from .replies import Attachment, Button, Message
from .turn import Turn

APPLICATION_LABELS = {ApplicationStatus.PENDING.value: _("waiting for a decision"),
                      ApplicationStatus.APPROVED.value: _("approved"),
                      ApplicationStatus.DECLINED.value: _("declined")}
#: kinds the summary names in lines of their own above the counts
SHOWN_APART = {"members", "identities", "role_grants", "member_preferences", "dreams", "padrivere", "notices",
               "web_sessions", "pledges"}


async def mydata(t: Turn) -> list[Message]:
    s = await privacy.summary(t.uow, t.actor)
    lines: list[Text | str] = [
        _("What the dream bank keeps about you:"),
        _("Name: {name} (member number {number})", name=t.actor.display_name, number=t.actor.id),
        _("Branch: {branch}; language: {language}", branch=t.branch.name,
          language=LANGUAGES.get(t.actor.speaks(t.branch.language), t.actor.speaks(t.branch.language))),
        _("Accounts: {platforms}", platforms=join([platform_name(p) for p in dict.fromkeys(
            i.platform for i in s.identities)] or ["—"])),
        _("Roles: {roles}", roles=join([_("{role} in {branch}", role=ROLE_LABELS[r], branch=b) for b, r in s.roles])
          if s.roles else _("resident")),
    ]
    p = s.preferences
    if p.email:
        lines.append(_("Email: {address} (confirmed)", address=p.email))
    if p.pending_email:
        lines.append(_("Email: {address} (waiting for its code)", address=p.pending_email))
    if not p.email and not p.pending_email:
        lines.append(_("Email: none"))
    lines.append(_("Digest: {frequency}; see /settings", frequency=FREQUENCY_LABELS[p.digest]))
    if s.dreams:
        lines.append(_("Your dreams:"))
        lines += [_("• {title} — {state}", title=d.title, state=STATE_LABELS[d.state]) for d in s.dreams]
    if s.pledges:
        lines.append(_("Your offers of help:"))
        lines += [_("• {title}: {text} ({state})", title=title, text=excerpt(p.description, 80),
                    state=PLEDGE_STATE_LABELS[p.state]) for title, p in s.pledges]
    lines += [_("Pådriver application: {state}", state=APPLICATION_LABELS.get(a, a)) for a in s.applications]
    for kind, count in sorted(s.counts.items(), key=lambda kc: list(KIND_LABELS).index(kc[0])
                              if kc[0] in KIND_LABELS else len(KIND_LABELS)):
        if kind in SHOWN_APART:
            continue
        label = KIND_LABELS.get(kind, kind)
        titles = s.about.get(kind)
        lines.append(_("{kind}: {number} ({dreams})", kind=label, number=count, dreams=join(titles)) if titles
                     else _("{kind}: {number}", kind=label, number=count))
    lines.append(_("Sign-ins on the web pages: {number}", number=s.counts.get("web_sessions", 0)))
    lines.append(_("Messages to you waiting to be sent: {number}", number=s.notices_waiting))
    lines.append(_("“Download everything” sends all of it as a file; /erase erases you."))
    download = Button(_("Download everything"), t.codec.encode(Action.DOWNLOAD_DATA, t.actor.id))
    return [Message.of(*lines, buttons=[[download]])]


async def download(t: Turn, press: Press) -> list[Message]:
    if not press.args or press.args[0] != str(t.actor.id):
        return [Message.of(_("That button was for someone else, or for an earlier account; send /mydata."))]
    filename, data = await privacy.export(t.uow, t.clock, t.actor.id)
    return [Message.of(_("Everything the dream bank keeps about you, as a JSON file."),
                       attachment=Attachment(filename, data, "application/json"))]


async def erase(t: Turn) -> list[Message]:
    confirm = Button(_("Erase everything"), t.codec.encode(Action.ERASE, t.actor.id,
                                                           confirmation_minute(t.clock.now())))
    keep = Button(_("Keep my data"), t.codec.encode(Action.KEEP_DATA))
    return [Message.of(
        _("Do you want to be erased from the dream bank?"),
        _("Deleted: your name, your accounts on every platform, your email address and settings, your pådriver "
          "profile and roles, what you were filling in, messages waiting for you, and your sign-ins."),
        _("Kept without your name, as “a former member”: your public dreams, updates and reports, and your votes, "
          "likes, offers of help and answers to events, so that their counts stay right. A dream of yours that is "
          "still open is withdrawn or handed to the bank manager."),
        _("Cannot be recalled: messages already delivered in chats stay where they are."),
        _("This cannot be undone. If you write again later, you start as someone new."),
        buttons=[[confirm, keep]])]


async def confirm_erase(t: Turn, press: Press) -> list[Message]:
    if len(press.args) != 2 or not all(a.isdigit() and len(a) <= 12 for a in press.args):
        return [Message.of(_("This confirmation is no longer valid, and nothing was erased. Send /erase again if "
                             "you want your data erased."))]
    privacy.ensure_confirmation(t.actor, int(press.args[0]), int(press.args[1]), t.clock)
    await privacy.erase_member(t.uow, t.clock, t.actor.id)
    return [Message.of(_("You are erased. Your name, accounts and settings are gone; what you gave in public stays "
                         "as from “a former member”."),
                       _("Messages already delivered in chats cannot be recalled. Thank you for your dreams."))]


async def keep(t: Turn, press: Press) -> list[Message]:
    return [Message.of(_("Nothing was erased; your data stays as it was."))]


COMMANDS = {"mydata": mydata, "erase": erase}
PRESSES = {Action.DOWNLOAD_DATA: download, Action.ERASE: confirm_erase, Action.KEEP_DATA: keep}
