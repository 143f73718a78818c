"""The commands a person can type, each turned into use cases and views."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Awaitable, Callable
from zoneinfo import ZoneInfo

from ..errors import Refused
from ..i18n import LANGUAGES, Text, _, join
from ..model.members import Role
from ..model.reviews import CHOICE_LABELS, Choice
from ..usecases import access, bank, projects, reviews
from ..usecases.chats import PURPOSES
from . import calls, events, links, newsletters, padrivere, preferences
from .links import LINK_HINT
from .buttons import Action
from .lookups import dream_facts, name_of, projects_of
from .notices import ROLE_LABELS
from .replies import Button, Message
from .turn import Turn
from .views import dream_card, dream_list, project_card, project_list, review_card, vote_buttons


async def start(t: Turn) -> list[Message]:
    """Greets; `/start d12` (a shared link) opens dream 12, `/start p12` offers help to it."""
    payload = t.args[0] if t.args else ""
    if payload[:1] == "e" and payload[1:].isdigit() and len(payload) < 14:
        return [await events.event_view(t, int(payload[1:]))]
    if payload[:1] in ("d", "p") and payload[1:].isdigit() and len(payload) < 14:
        t.args = [payload[1:]]
        if payload[0] == "d":
            return await dream(t)
        return await offer_help(t, int(payload[1:]))
    greeting = Message.of(_("Welcome to the dream bank of {branch}, {name}!", branch=t.branch.name,
                            name=t.actor.display_name),
                          _("Here you can deposit a dream for where you live, support the dreams of your "
                            "neighbours, and follow them as they become projects."))
    return [greeting, *await help_(t)]


async def offer_help(t: Turn, dream_id: int) -> list[Message]:
    """The pledge dialog for a dream that takes offers (a share link's `p12`, or the "I can help" button)."""
    found = await bank.ensure_can_pledge(t.uow, t.actor, dream_id)
    return [Message.of(_("Thank you for wanting to help “{title}”!", title=found.title)),
            *await t.start_dialog("pledge", {"dream_id": found.id})]


async def help_(t: Turn) -> list[Message]:
    roles = await t.roles()
    lines: list[Text] = [_("What you can do:"),
                         _("/deposit — deposit a dream"), _("/mydreams — your dreams and where they stand"),
                         _("/bank — dreams in the bank: like them, offer help"), _("/dream N — open dream number N"),
                         _("/projects — projects in the factory"), _("/archive — finished projects"),
                         _("/language — choose your language"), _("/whoami — what the bank knows about you"),
                         _("/settings — the digest, and what comes by email"),
                         _("/email — add or change your email address"),
                         _("/cancel — leave what you are filling in")]
    if roles & {Role.BOARD, Role.BANK_MANAGER}:
        lines += [_("For the board:"), _("/review — dreams waiting for your vote"),
                  _("/audit N — the decisions about dream number N")]
    lines += [_("The circle of pådrivere:"), _("/padriver — become a pådriver, or change your profile"),
              _("/padrivere — the pådriver page"), _("/events — gatherings and meetings coming up")]
    if Role.PADRIVER in roles:
        lines.append(_("/calls — calls for a hand that are open"))
    if Role.COMMUNITY_MANAGER in roles:
        lines += [_("For the community manager:"), _("/applications — pådriver applications waiting"),
                  _("/newevent — invite to an event"), _("/call — ask pådrivere for a hand"),
                  _("/newsletter — write a newsletter"), _("/newsletters — newsletters and how far they got"),
                  _("/competences — the list pådrivere choose from")]
    return [Message.of(*lines, buttons=[[Button(_("The bank"), t.codec.encode(Action.BANK)),
                                         Button(_("My dreams"), t.codec.encode(Action.MINE))]])]


async def deposit(t: Turn) -> list[Message]:
    return [Message.of(_("Lovely — let's put your dream into words. It takes a few minutes, and /cancel stops at "
                         "any time.")), *await t.start_dialog("deposit")]


async def my_dreams(t: Turn) -> list[Message]:
    mine = list(await t.uow.dreams.owned_by(t.actor.id))
    return [dream_list(t.codec, _("Your dreams:"), mine, _("You have no dreams yet. /deposit starts one."), True,
                       await projects_of(t.uow, mine))]


async def bank_(t: Turn) -> list[Message]:
    dreams = await bank.bank_dreams(t.uow, t.branch.id)
    return [dream_list(t.codec, _("Dreams in the bank of {branch}:", branch=t.branch.name), dreams,
                       _("The bank is empty so far. Yours could be the first: /deposit"), False)]


async def dream(t: Turn) -> list[Message]:
    dream_id = t.number_arg("/dream 3")
    found = await access.public_dream(t.uow, t.actor, dream_id)
    return [dream_card(t.codec, await dream_facts(t.uow, found, t.actor), t.actor.id)]


async def review(t: Turn) -> list[Message]:
    roles = await t.roles()
    if not roles & {Role.BOARD, Role.BANK_MANAGER}:
        raise Refused(_("Only the board reviews dreams."))
    open_ = await t.uow.reviews.open_in(t.branch.id)
    if not open_:
        return [Message.of(_("Nothing is waiting for the board. Thank you!"))]
    out: list[Message] = []
    for r in open_[:20]:
        d = await access.dream(t.uow, r.dream_id)
        votes = await t.uow.reviews.votes(r.id)
        mine = next((v.choice for v in votes if v.voter_id == t.actor.id), None)
        voters = len(await reviews.eligible_voters(t.uow, d))
        tally = await reviews.tally(t.uow, r.id)
        card = review_card(t.codec, r, d, await name_of(t.uow, d.owner_id), tally, voters,
                           mine if Role.BOARD in roles and d.owner_id != t.actor.id else None)
        if Role.BOARD not in roles or d.owner_id == t.actor.id:
            card = Message(card.lines, (), card.topic)
        if Role.BANK_MANAGER in roles:
            card = Message(card.lines + (_("As bank manager you can settle it when tied or stalled:"),),
                           card.buttons + tuple(tuple(row) for row in vote_buttons(t.codec, r, Action.SETTLE)),
                           card.topic)
        out.append(card)
    return out


async def projects_(t: Turn) -> list[Message]:
    found = list(await t.uow.projects.in_branch(t.branch.id, active=True))
    return [project_list(t.codec, _("Projects in the factory:"), found,
                         _("No projects yet: when a dream has enough help, its owner can withdraw it into the "
                           "factory."))]


async def project(t: Turn) -> list[Message]:
    return [await project_view(t, t.number_arg("/project 2"))]


async def project_view(t: Turn, project_id: int) -> Message:
    p = await access.project(t.uow, project_id)
    team = [(await name_of(t.uow, m.member_id), m.role, m.member_id) for m in await t.uow.projects.team(p.id)]
    updates = [(await name_of(t.uow, u.author_id), u) for u in await t.uow.projects.updates(p.id)]
    return project_card(t.codec, p, team, updates, t.actor.id)


async def archive(t: Turn) -> list[Message]:
    found = await projects.archive(t.uow, t.branch.id)
    return [project_list(t.codec, _("The archive:"), found, _("The archive is empty so far."))]


async def language(t: Turn) -> list[Message]:
    return [Message.of(_("Which language would you like?"),
                       buttons=[[Button(name, t.codec.encode(Action.LANGUAGE, code))]
                                for code, name in LANGUAGES.items()])]


async def whoami(t: Turn) -> list[Message]:
    roles = sorted(await t.roles(), key=list(Role).index)
    role_text = [ROLE_LABELS[r] for r in roles]
    lines = [_("You are {name}, in the branch {branch}.", name=t.actor.display_name, branch=t.branch.name),
             _("Your roles: {roles}", roles=join(role_text) if role_text else _("resident")),
             _("Language: {language}", language=LANGUAGES[t.actor.speaks(t.branch.language)])]
    return [Message.of(*lines)]


async def audit(t: Turn) -> list[Message]:
    if not await access.has_role(t.uow, t.actor, Role.BOARD, Role.BANK_MANAGER, Role.ADMIN):
        raise Refused(_("Only the board can read the audit trail."))
    dream_id = t.number_arg("/audit 3")
    found = await access.dream(t.uow, dream_id)
    if found.branch_id != t.branch.id:
        raise Refused(_("There is no dream number {id}.", id=dream_id))
    entries = list(await t.uow.audit.about(f"dream:{found.id}"))
    project_ = await t.uow.projects.by_dream(found.id)
    if project_ is not None:
        entries += await t.uow.audit.about(f"project:{project_.id}")
    entries.sort(key=lambda e: (e.at, e.id or 0))
    lines = [_("Decisions about “{title}”:", title=found.title)]
    zone = ZoneInfo(t.branch.timezone)
    for e in entries[-40:]:
        label = AUDIT_LABELS.get(e.action, e.action)
        if "choice" in e.detail:
            label = _("{action}: {choice}", action=label, choice=CHOICE_LABELS[Choice(e.detail["choice"])])
        elif "outcome" in e.detail and e.detail["outcome"] in Choice._value2member_map_:
            label = _("{action}: {choice}", action=label, choice=CHOICE_LABELS[Choice(e.detail["outcome"])])
        lines.append(_("{at} — {who}: {action}", at=e.at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                       who=await name_of(t.uow, e.actor_id) if e.actor_id else _("the board"), action=label))
    return [Message.of(*lines)]


AUDIT_LABELS = {
    "deposit": _("deposited the dream"), "vote": _("voted"), "decide": _("decision"),
    "amend": _("amended the dream"), "retract": _("took the dream out"),
    "propose_withdrawal": _("asked to make it a project"), "pledge": _("offered help"),
    "start_project": _("the project started"), "team_add": _("added someone to the team"),
    "update": _("posted an update"), "close": _("closed the project"),
}


async def link(t: Turn) -> list[Message]:
    """`/link board` or `/link bank`, written in the group or channel that should serve the branch."""
    purpose = PURPOSES.get(t.args[0].lower()) if t.args else None
    if purpose is None:
        return [Message.of(LINK_HINT)]
    if t.place is None or t.place.private:
        return [Message.of(_("Write /link in the group or channel itself, not in a private chat."))]
    return [await links.link_here(t, t.branch.id, purpose)]


Handler = Callable[[Turn], Awaitable[list[Message]]]

COMMANDS: dict[str, Handler] = {
    "start": start, "help": help_, "deposit": deposit, "mydreams": my_dreams, "bank": bank_, "dream": dream,
    "review": review, "projects": projects_, "project": project, "archive": archive, "language": language,
    "whoami": whoami, "audit": audit, "link": link,
}

# the circle and a member's choices
for _feature in (padrivere, events, calls, newsletters, preferences):
    COMMANDS.update(_feature.COMMANDS)

#: what may be written in a group chat; everything else is for private chats
GROUP_COMMANDS = {"link", "help", "start"}


@dataclass(frozen=True)
class MenuEntry:
    command: str
    description: Text
    board_only: bool = False


#: the command menu a platform shows, in each language
MENU = (
    MenuEntry("deposit", _("deposit a dream")), MenuEntry("mydreams", _("your dreams and where they stand")),
    MenuEntry("bank", _("dreams in the bank")), MenuEntry("projects", _("projects in the factory")),
    MenuEntry("archive", _("finished projects")), MenuEntry("language", _("choose your language")),
    MenuEntry("help", _("what you can do")), MenuEntry("cancel", _("leave what you are filling in")),
    MenuEntry("events", _("gatherings and meetings coming up")),
    MenuEntry("padriver", _("become a pådriver")), MenuEntry("padrivere", _("the pådriver page")),
    MenuEntry("settings", _("the digest, and what comes by email")),
    MenuEntry("email", _("add or change your email address")),
    MenuEntry("review", _("dreams waiting for the board"), board_only=True),
)
