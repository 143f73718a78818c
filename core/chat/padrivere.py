"""The circle of pådrivere in chat: applying and changing one's profile, the pådriver page, the applications
the community manager decides, the list of competences, and what the notices about them say."""

from __future__ import annotations

from typing import Any

from ..i18n import Text, _
from ..usecases import padrivere
from ..views.padrivere import (application_card, application_lines, applications_listing, circle_invite,
                               circle_listing, competences_note, decision_acts, profile_card)
from .buttons import Action, ButtonCodec, Press
from .layout import as_buttons, as_message
from .replies import Button, Message
from .turn import Turn


async def padriver(t: Turn) -> list[Message]:
    """Apply to become a pådriver; a pådriver sees their profile and can change it."""
    await padrivere.ensure_can_apply(t.uow, t.actor, t.branch)
    offered = padrivere.competence_list(t.branch)
    context = {"competences": [[c, c] for c in offered]}
    mine = await padrivere.profile(t.uow, t.clock, t.actor, t.branch)
    if mine is not None:
        earlier, credit = mine
        previous = {"competences": [c for c in earlier.competences if c in offered], "other": earlier.other,
                    "availability": earlier.availability, "public": earlier.public}
        note = Message.of(_("You are a pådriver of {branch}. Thank you! Here you can change what your profile "
                            "says.", branch=t.branch.name))
        card = as_message(profile_card(t.actor, earlier, credit, t.branch.id), t.codec)
        return [note, card, *await t.start_dialog("padriver", context, previous)]
    intro = Message.of(_("Pådrivere are the people who make things happen here: they help dreams become "
                         "projects, come to gatherings and answer calls for a hand."),
                       _("Tell us what you are good at. The community manager reads every application and you "
                         "will hear back here."))
    return [intro, *await t.start_dialog("padriver", context)]


async def padrivere_page(t: Turn, page: int = 1) -> list[Message]:
    rows = await padrivere.page(t.uow, t.clock, t.branch.id)
    return [as_message(circle_listing(t.branch.name, rows, page), t.codec)]


async def applications(t: Turn, page: int = 1) -> list[Message]:
    found = await padrivere.pending_applications(t.uow, t.actor, t.branch.id)
    return [as_message(applications_listing(found, page), t.codec)]


async def open_application(t: Turn, press: Press) -> list[Message]:
    facts = await padrivere.application_facts(t.uow, t.actor, press.number(0))
    return [as_message(application_card(facts), t.codec)]


async def competences(t: Turn) -> list[Message]:
    """`/competences`, `/competences add NAME`, `/competences remove NAME` (the manager edits the list)."""
    if t.args and t.args[0].lower() in ("add", "remove"):
        name = " ".join(t.args[1:])
        add, remove = ([name], []) if t.args[0].lower() == "add" else ([], [name])
        listed = await padrivere.set_competences(t.uow, t.clock, t.actor, t.branch, add, remove)
    else:
        listed = padrivere.competence_list(t.branch)
    manager = await padrivere.is_manager(t.uow, t.actor, t.branch.id)
    return [as_message(competences_note(listed, manager), t.codec)]


async def decide_application(t: Turn, press: Press) -> list[Message]:
    application_id, choice = press.number(0), press.args[1]
    if choice == "y":
        decided = await padrivere.decide(t.uow, t.clock, t.actor, application_id, True)
        return [Message.of(_("{name} is now a pådriver, and has been told.", name=decided.applicant.display_name),
                           replaces=True)]
    await padrivere.ensure_can_decide_application(t.uow, t.actor, application_id)
    return await t.start_dialog("padriver_decline", {"application_id": application_id})


def _page(press: Press) -> int:
    return press.number(0) if press.args else 1


COMMANDS = {"padriver": padriver, "padrivere": padrivere_page, "applications": applications,
            "competences": competences}
PRESSES = {
    Action.APPLY: lambda t, p: padriver(t), Action.DECIDE_APPLICATION: decide_application,
    Action.PADRIVERE: lambda t, p: padrivere_page(t, _page(p)),
    Action.APPLICATIONS: lambda t, p: applications(t, _page(p)), Action.OPEN_APPLICATION: open_application,
}

# -- what the notices about the circle say ---------------------------------------------------------


def _decided(p: dict[str, Any]) -> list[Text]:
    if not p["approved"]:
        lines = [_("Thank you for applying to become a pådriver. The community manager has said no for now.")]
        if p.get("reason"):
            lines.append(_("They wrote: {reason}", reason=p["reason"]))
        return lines
    lines = [_("🌟 Welcome, pådriver! The community manager has approved your application.")]
    if p.get("circle"):
        lines.append(_("Join the pådrivere's closed group with the button below: ask to join, and I let you in."))
    lines.append(_("You will get invitations to gatherings and calls for a hand here. /padrivere shows the "
                   "pådriver page."))
    return lines


def _decided_buttons(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    if p["approved"] and p.get("circle") and p.get("branch_id"):
        return as_buttons([[circle_invite(p["branch_id"])]], codec)
    return []


NOTICES = {
    "padriver_applied": (application_lines,
                         lambda c, p: as_buttons([decision_acts(p["application_id"])], c)),
    "padriver_decided": (_decided, _decided_buttons),
    "circle_admission": (lambda p: [_("Welcomed into the pådrivere's group.")], lambda c, p: []),
    "circle_removal": (lambda p: [_("Removed from the pådrivere's group.")], lambda c, p: []),
}
