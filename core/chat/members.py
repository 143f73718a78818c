"""A member in chat: the greeting, what they can do, who the bank knows them as, their language, and the
notices about their roles."""

from __future__ import annotations

from ..i18n import LANGUAGES, Text, _, join
from ..links import BRANCH, DREAM, EVENT, PROJECT, Start
from ..model.accounts import platform_name
from ..model.members import Role
from ..model.notices import NoticeKind
from ..usecases import members
from ..views.actions import Action, Press
from ..views.model import Act, Choice, Note
from ..views.roles import ROLE_LABELS
from . import branches, events
from .bank import offer_help
from .dreams import open_dream
from .projects import open_project
from .layout import as_message
from .replies import Message
from .turn import Turn


async def start(t: Turn) -> list[Message]:
    """Greets; `/start d12` (a shared link) opens dream 12, `/start p12` offers help to it, `/start e3` shows
    event 3, `/start f4` project 4, `/start b-fjordby` joins that branch (core/links.py reads them). A new person
    in a deployment of several branches is offered to choose theirs."""
    start = Start.read(t.args[0]) if t.args else None
    by_link = start is not None and start.opens == BRANCH
    if by_link:
        offer = await branches.arrived_by_link(t, start.slug)
        if offer is not None:
            return offer
    elif start is not None:
        if start.opens == EVENT:
            return [await events.event_view(t, start.number)]
        if start.opens == PROJECT:
            return await open_project(t, start.number)
        return await (open_dream(t, start.number) if start.opens == DREAM else offer_help(t, start.number))
    greeting = Message.of(_("Welcome to the dream bank of {branch}, {name}!", branch=t.branch.name,
                            name=t.actor.display_name),
                          _("Here you can deposit a dream for where you live, support the dreams of your "
                            "neighbours, and follow them as they become projects."))
    choice = [] if by_link else await branches.choice_at_first_start(t)  # who came by a branch's link chose it
    return [greeting, *choice, *await help_(t)]


async def help_(t: Turn) -> list[Message]:
    roles = await t.roles()
    lines: list[Text | str] = [
        _("What you can do:"), _("/deposit — deposit a dream"), _("/mydreams — your dreams and where they stand"),
        _("/bank — dreams in the bank: like them, offer help"), _("/dream N — open dream number N"),
        _("/needs N — what dream number N needs, and what is pledged"),
        _("/mypledges — your offers of help: change or withdraw them"),
        _("/projects — projects in the factory"),
        _("/plan N — the plan of project number N: who does what, money and tasks"),
        _("/tasks N — the tasks of project number N, and how far they got"), _("/archive — finished projects"),
        _("/funds — funds you can apply to, and their deadlines"),
        _("/topics — topics neighbours are talking over"), _("/topic — open a topic: a question or a current issue"),
        _("/language — choose your language"), _("/branch — your home branch, or move to another"),
        _("/whoami — what the bank knows about you"),
        _("/connect — use the same account on Telegram and Discord"),
        _("/settings — the digest, and what comes by email"), _("/email — add or change your email address"),
        _("/web — a link that signs you in to the web pages"),
        _("/mydata — what the bank keeps about you, and all of it as a file"),
        _("/erase — erase everything the bank keeps about you"),
        _("/cancel — leave what you are filling in")]
    if roles & {Role.BOARD, Role.BANK_MANAGER}:
        lines += [_("For the board:"), _("/review — dreams waiting for your vote"),
                  _("/audit N — the decisions about dream number N")]
    if Role.BANK_MANAGER in roles:
        lines.append(_("/reports — reported comments, to hide or keep"))
    lines += [_("The circle of pådrivere:"), _("/padriver — become a pådriver, or change your profile"),
              _("/padrivere — the pådriver page"), _("/events — gatherings and meetings coming up")]
    lines += [_("/ask — ask the municipality; a consultant answers you here"),
              _("/inquiries — your inquiries and their answers")]
    if Role.PADRIVER in roles:
        lines.append(_("/calls — calls for a hand that are open"))
    if Role.COMMUNITY_MANAGER in roles:
        lines += [_("For the community manager:"), _("/applications — pådriver applications waiting"),
                  _("/newevent — invite to an event"), _("/call — ask pådrivere for a hand"),
                  _("/newsletter — write a newsletter"), _("/newsletters — newsletters and how far they got"),
                  _("/competences — the list pådrivere choose from")]
    if roles & {Role.CONSULTANT, Role.ADMIN, Role.COMMUNITY_MANAGER}:
        lines.append(_("/newfund — register a fund, its themes and its deadline"))
    if roles & {Role.CONSULTANT, Role.ADMIN}:
        lines += [_("For consultants:"), _("/inquiries — the open inquiries you answer, and the response times"),
                  _("/expertise — the topics you answer, where the branch assigns inquiries by topic")]
    if Role.ADMIN in roles:
        lines += [_("For the branch's admins:"), _("/admin — the branch's settings"),
                  _("/roles — who holds which role; /grant and /revoke change them")]
    if t.operator:
        lines.append(_("/newbranch — open a new branch"))
    note = Note.of(*lines, actions=[[Act.to(Action.BANK, _("The bank")), Act.to(Action.MINE, _("My dreams"))]])
    return [as_message(note, t.codec)]


async def whoami(t: Turn) -> list[Message]:
    roles = sorted(await t.roles(), key=list(Role).index)
    role_text = [ROLE_LABELS[r] for r in roles]
    return [Message.of(
        _("You are {name}, in the branch {branch}.", name=t.actor.display_name, branch=t.branch.name),
        _("Your member number: {id}", id=t.actor.id),
        _("Your roles: {roles}", roles=join(role_text) if role_text else _("resident")),
        _("Language: {language}", language=LANGUAGES[t.actor.speaks(t.branch.language)]),
        _("Linked: {platforms} (/connect links another)", platforms=join(await linked_platforms(t))))]


async def linked_platforms(t: Turn) -> list[Text | str]:
    """The platforms where the member is themselves, each named once, in the order they were linked."""
    platforms = dict.fromkeys(i.platform for i in await t.uow.members.identities(t.actor.id))
    return [platform_name(p) for p in platforms]


async def language(t: Turn) -> list[Message]:
    choice = Choice(_("Which language would you like?"),
                    tuple(Act.to(Action.LANGUAGE, name, code) for code, name in LANGUAGES.items()),
                    frozenset({t.actor.speaks(t.branch.language)}))
    return [as_message(choice, t.codec)]


async def choose_language(t: Turn, press: Press) -> list[Message]:
    await members.choose_language(t.uow, t.actor, press.args[0] if press.args else "")
    return [Message.of(_("From now on I will write to you in English."))]


COMMANDS = {"start": start, "help": help_, "whoami": whoami, "language": language}
PRESSES = {Action.LANGUAGE: choose_language}

NOTICES = {
    NoticeKind.ROLE_GRANTED: (lambda p: [_("You are now {role} in this branch.", role=ROLE_LABELS[Role(p["role"])])],
                              lambda c, p: []),
    NoticeKind.ROLE_REVOKED: (lambda p: [_("You are no longer {role} in this branch.",
                                           role=ROLE_LABELS[Role(p["role"])])], lambda c, p: []),
    NoticeKind.ANNOUNCEMENT: (lambda p: [p["text"]], lambda c, p: []),
}
