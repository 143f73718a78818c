"""Branches in chat: joining one by its link or choosing one, moving one's home with /branch, a branch's
settings (/admin) and roles (/roles, /grant, /revoke) for its admins, opening a branch (/newbranch) for the
deployment's operators, linking a group or channel with /link, and the notices when one is lost or moved."""

from __future__ import annotations

from ..errors import Refused
from ..i18n import LANGUAGES, Text, _, join
from ..model.branch_settings import SETTINGS
from ..model.members import Role, parse_role
from ..model.notices import NoticeKind
from ..usecases import branches, members
from ..usecases.chats import PURPOSES
from ..views.actions import Action, Press
from ..views.branches import home_choice, move_offer, settings_card
from ..views.model import Act, Choice, Note
from ..views.roles import ROLE_LABELS
from ..dialogs.branches import form_name
from .layout import as_message
from .links import LINK_HINT, NOT_HERE, link_here, link_press
from .replies import Message
from .turn import Turn

#: what a role is called where an admin types it
ROLE_WORDS = ", ".join(r.value for r in Role)


async def arrived_by_link(t: Turn, slug: str) -> list[Message] | None:
    """`/start b-fjordby`: one who is new was registered in that branch already (None: greet them as usual);
    a member of another branch is asked whether to move there, never moved without saying so."""
    there = await t.uow.branches.by_slug(slug)
    if there is None:
        return [Message.of(_("There is no branch called “{slug}”. Nothing was changed; /branch lists the branches "
                             "there are.", slug=slug))]
    if there.id == t.branch.id:
        return None if t.joined else [Message.of(_("You are in {branch} already.", branch=there.name))]
    return [as_message(move_offer(t.branch, there), t.codec)]


async def choice_at_first_start(t: Turn) -> list[Message]:
    """A brand-new person in a deployment of several branches chooses where they live; one branch: nothing."""
    every = await branches.all_branches(t.uow)
    if not t.joined or len(every) < 2:
        return []
    note = home_choice(_("You are in {branch} for now. Is another branch where you live? Choose it here, or "
                         "later with /branch.", branch=t.branch.name), every, t.branch.id, Action.BRANCH_MOVE)
    return [as_message(note, t.codec)]


async def branch(t: Turn) -> list[Message]:
    """`/branch`: one's home branch, and the others to move to."""
    every = await branches.all_branches(t.uow)
    if len(every) < 2:
        return [Message.of(_("Your home branch is {branch}, the only branch there is.", branch=t.branch.name))]
    prompt = _("Your home branch is {branch}. Choose another to move there:", branch=t.branch.name)
    return [as_message(home_choice(prompt, every, t.branch.id, Action.BRANCH_PICK), t.codec)]


async def pick(t: Turn, press: Press) -> list[Message]:
    there = await t.uow.branches.get(press.number(0))
    if there is None:
        raise Refused(_("That branch does not exist."))
    if there.id == t.branch.id:
        return [Message.of(_("You are in {branch} already.", branch=there.name))]
    return [as_message(move_offer(t.branch, there), t.codec)]


async def move(t: Turn, press: Press) -> list[Message]:
    left = t.branch
    moved = await branches.move_home(t.uow, t.clock, t.actor, press.number(0))
    there = await t.uow.branches.get(moved.branch_id)
    if there is None or there.id == left.id:
        return [Message.of(_("You are in {branch} already.", branch=left.name))]
    t.branch = there
    return [Message.of(_("Welcome to {branch}! It is your home branch now.", branch=there.name),
                       _("What you did in {branch} stays there.", branch=left.name))]


async def stay(t: Turn, press: Press) -> list[Message]:
    return [Message.of(_("You stay in {branch}. Nothing was changed.", branch=t.branch.name))]


async def admin(t: Turn) -> list[Message]:
    """`/admin`: the branch's settings, for its admins."""
    await branches.require_admin(t.uow, t.actor, t.branch.id)
    return [as_message(settings_card(t.branch), t.codec)]


async def setting(t: Turn, press: Press) -> list[Message]:
    await branches.require_admin(t.uow, t.actor, t.branch.id)
    index = press.number(0)
    if not 0 <= index < len(SETTINGS):
        raise Refused(_("That setting does not exist. Nothing was changed."))
    chosen = SETTINGS[index]
    if not chosen.choices:
        return await t.start_dialog(form_name(chosen.name), {"setting": chosen.name})
    options = tuple(Act.to(Action.BRANCH_SET, label, index, value) for value, label in chosen.choices)
    return [as_message(Choice(chosen.ask, options), t.codec)]


async def set_choice(t: Turn, press: Press) -> list[Message]:
    index = press.number(0)
    if not 0 <= index < len(SETTINGS) or len(press.args) < 2:
        raise Refused(_("That setting does not exist. Nothing was changed."))
    changed = await branches.change_setting(t.uow, t.clock, t.actor, t.branch.id, SETTINGS[index].name,
                                            press.args[1])
    t.branch = changed  # the answer is in the branch's language as it is now
    return [as_message(settings_card(changed), t.codec)]


async def roles(t: Turn) -> list[Message]:
    """`/roles`: who holds which role in the branch, and how to grant and revoke one."""
    held = await branches.role_holders(t.uow, t.actor, t.branch.id)
    lines: list[Text | str] = [_("Roles in {branch}:", branch=t.branch.name)]
    for role, people in held.items():
        names = join([_("{name} (no. {id})", name=m.display_name, id=m.id) for m in people]) if people else "—"
        lines.append(_("{role}: {people}", role=ROLE_LABELS[role], people=names))
    lines += [_("/grant N role gives member number N a role; /revoke N role takes it back."),
              _("The roles: {roles}. A member sees their number with /whoami.", roles=ROLE_WORDS)]
    return [Message.of(*lines)]


async def _change_role(t: Turn, grant: bool) -> list[Message]:
    usage = "/grant 12 board" if grant else "/revoke 12 board"
    await branches.require_admin(t.uow, t.actor, t.branch.id)
    number = t.number_arg(usage)
    if len(t.args) < 2:
        raise Refused(_("Please add a role, like: {usage}", usage=usage))
    role = parse_role(t.args[1])
    target = await branches.member_here(t.uow, t.branch.id, number)
    change = members.grant_role if grant else members.revoke_role
    done = await change(t.uow, t.clock, t.actor, t.branch.id, target.id, role)
    label, name = ROLE_LABELS[role], target.display_name
    if grant:
        said = (_("{name} is now {role} in {branch}.", name=name, role=label, branch=t.branch.name) if done
                else _("{name} is {role} already. Nothing was changed.", name=name, role=label))
    else:
        said = (_("{name} is no longer {role} in {branch}.", name=name, role=label, branch=t.branch.name) if done
                else _("{name} is not {role}. Nothing was changed.", name=name, role=label))
    return [Message.of(said)]


async def grant(t: Turn) -> list[Message]:
    return await _change_role(t, grant=True)


async def revoke(t: Turn) -> list[Message]:
    return await _change_role(t, grant=False)


async def newbranch(t: Turn) -> list[Message]:
    """`/newbranch fjordby Fjordby kommune nb Europe/Oslo`: the language and time zone may be left out."""
    words = list(t.args)
    if len(words) < 2:
        raise Refused(_("Please write the short name and the name, like: {usage}",
                        usage="/newbranch nordre-aker Nordre Aker nb Europe/Oslo"))
    slug, rest = words[0], words[1:]
    timezone = rest.pop() if len(rest) > 1 and "/" in rest[-1] else "Europe/Oslo"
    language = rest.pop() if len(rest) > 1 and rest[-1] in LANGUAGES else "en"
    opened = await branches.open_branch_in_chat(t.uow, t.clock, t.actor, t.operator, slug, " ".join(rest),
                                                language, timezone)
    return [as_message(Note.of(
        _("The branch {branch} is open ({slug}, {language}, {timezone}).", branch=opened.name, slug=opened.slug,
          language=LANGUAGES[opened.language], timezone=opened.timezone),
        _("People join it by its link: /start b-{slug}. Give it an admin with the command line's "
          "dreambank member grant.", slug=opened.slug)), t.codec)]


async def link(t: Turn) -> list[Message]:
    """`/link board` or `/link bank`, written in the group or channel that should serve the branch; `/link circle
    ROLE_ID` where the platform opens the circle's chat by a role (a Discord category)."""
    purpose = PURPOSES.get(t.args[0].lower()) if t.args else None
    if purpose is None:
        return [Message.of(LINK_HINT)]
    if t.place is None or t.place.private:
        return [Message.of(NOT_HERE)]
    return [await link_here(t, t.branch.id, purpose, t.args[1] if len(t.args) > 1 else "")]


COMMANDS = {"link": link, "branch": branch, "admin": admin, "roles": roles, "grant": grant, "revoke": revoke,
            "newbranch": newbranch}
PRESSES = {Action.LINK_CHAT: link_press, Action.BRANCH_PICK: pick, Action.BRANCH_MOVE: move,
           Action.BRANCH_STAY: stay, Action.BRANCH_SETTING: setting, Action.BRANCH_SET: set_choice}

NOTICES = {
    NoticeKind.CHAT_LOST: (
        lambda p: [_("⚠ The branch's {purpose} chat “{title}” can no longer be reached ({reason}). It is unlinked; "
                     "link a new one with /link in the new chat.", purpose=p["purpose"], title=p["title"],
                     reason=p["reason"])],
        lambda c, p: []),
    NoticeKind.CHAT_MOVED: (
        lambda p: [_("ℹ The branch's {purpose} chat “{title}” became a supergroup, with a new address. It stays "
                     "linked, and what was on its way there is posted there now.", purpose=p["purpose"],
                     title=p["title"])],
        lambda c, p: []),
}
