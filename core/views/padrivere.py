"""How the circle looks: an application with the manager's decision, the applications waiting, and the
pådriver page of those who agreed to be shown (a visitor may read it too)."""

from __future__ import annotations

from typing import Any

from ..i18n import Text, _, join, ngettext
from ..model.members import Member
from ..model.padrivere import Contributions, Padriver
from ..usecases import padrivere
from ..usecases.padrivere import ApplicationFacts
from .actions import Action
from .model import Act, Card, Entry, Listing, Note
from .paging import page_of


def application_params(member: Member, application: Padriver) -> dict[str, Any]:
    """What an application shows, as plain JSON (the notice to the manager carries the same)."""
    return dict(application_id=application.id, name=member.display_name,
                competences=application.all_competences(), availability=application.availability,
                public=application.public)


def application_lines(p: dict[str, Any]) -> list[Text]:
    return [_("🌱 {name} wants to become a pådriver.", name=p["name"]),
            _("Competences: {list}", list=join(p["competences"]) if p["competences"] else "—"),
            _("Available: {when}", when=p["availability"]),
            _("Shown on the pådriver page: {answer}", answer=_("yes") if p["public"] else _("no"))]


def decision_acts(application_id: int, refused: Text | None = None) -> tuple[Act, ...]:
    return (Act.to(Action.DECIDE_APPLICATION, _("Approve"), application_id, "y", refused=refused),
            Act.to(Action.DECIDE_APPLICATION, _("Decline"), application_id, "n", refused=refused))


def application_card(facts: ApplicationFacts) -> Card:
    """An application, with Approve and Decline while it waits (for the community manager, who reads it)."""
    lines = application_lines(application_params(facts.applicant, facts.application))
    refused = padrivere.decide_refusal(facts.application, facts.decided_by)
    return Card("application", facts.application.id, lines[0], body=tuple(lines[1:]),
                actions=(decision_acts(facts.application.id or 0, refused),))


def applications_listing(found: list[ApplicationFacts], page: int = 1) -> Listing:
    """The applications waiting, oldest first, each opening its card."""
    return page_of(_("Applications waiting:"), found, page,
                   lambda f: Entry(f.applicant.display_name, join(f.application.all_competences()) or None,
                                   Act.to(Action.OPEN_APPLICATION, f.applicant.display_name, f.application.id)),
                   _("No applications are waiting."), Action.APPLICATIONS)


def contribution_text(c: Contributions) -> Text:
    parts: list[Text] = []
    if c.pledges:
        parts.append(ngettext("{count} offer of help", "{count} offers of help", c.pledges))
    if c.events:
        parts.append(ngettext("{count} event attended", "{count} events attended", c.events))
    if c.calls:
        parts.append(ngettext("{count} call answered", "{count} calls answered", c.calls))
    for title, role in c.roles[:5]:
        parts.append(_("{role} in “{title}”", role=role, title=title))
    return join(parts) if parts else _("just getting started")


def circle_listing(branch_name: str, rows: list[tuple[Member, Padriver, Contributions]], page: int = 1) -> Listing:
    """The pådriver page: those who agreed to be shown, with what they know and what they did; public."""
    def entry(row: tuple[Member, Padriver, Contributions]) -> Entry:
        member, profile, credit = row
        return Entry(_("🌟 {name}", name=member.display_name),
                     _("Competences: {list} · Contributed: {what}", list=join(profile.all_competences()) or "—",
                       what=contribution_text(credit)))

    return page_of(_("The pådrivere of {branch}", branch=branch_name), rows, page, entry,
                   _("No pådrivere are shown here yet. /padriver tells you how to become one."), Action.PADRIVERE)


def profile_card(member: Member, profile: Padriver, credit: Contributions, branch_id: int) -> Card:
    """A pådriver's own profile: what it says, whether it is shown, what they did; and the way into the group."""
    return Card("padriver", member.id, _("🌟 {name}", name=member.display_name), body=(
        _("Competences: {list}", list=join(profile.all_competences()) or "—"),
        _("Available: {when}", when=profile.availability),
        _("Shown on the pådriver page: {answer}", answer=_("yes") if profile.public else _("no")),
        _("Contributed: {what}", what=contribution_text(credit))), actions=((circle_invite(branch_id),),))


def competences_note(listed: list[str], manager: bool) -> Note:
    """The competences pådrivere choose from; the community manager is told how to change the list."""
    lines: list[Text | str] = [_("The competences pådrivere choose from:"), *(f"• {c}" for c in listed)]
    if manager:
        lines.append(_("Change the list with /competences add NAME or /competences remove NAME."))
    return Note.of(*lines)


def circle_invite(branch_id: int) -> Act:
    """The button that asks to join the pådrivere's closed group (the surface makes the join link)."""
    return Act(None, _("Join the pådriver group"), invite=f"circle:{branch_id}")
