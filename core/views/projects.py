"""How a project looks: its card with what this viewer may do, the factory's list, and choosing a teammate."""

from __future__ import annotations

from ..i18n import Text, _
from ..model.members import Member
from ..model.projects import PROJECT_STATE_LABELS, STANDING_LABELS, Project, ProjectState
from ..usecases.access import close_refusal
from ..usecases.projects import ProjectFacts, team_refusal, update_refusal
from .actions import Action
from .plans import progress
from .model import Act, Card, Entry, Listing
from .needs import coverage_lines
from .paging import page_of
from .talk import comments_button
from .text import excerpt


def project_card(facts: ProjectFacts, viewer: Member | None) -> Card:
    """A project as `viewer` (None for a visitor) sees it: the team may post updates; the lead may add to
    the team and close it, as may the bank manager close it; each allowed or refused by its use case."""
    project = facts.project
    state = STANDING_LABELS[project.state] if project.archived else PROJECT_STATE_LABELS[project.state]
    body: list[Text | str] = [_("Team:")]
    body += [_("• {name} — {role}", name=name or _("a member of the team"), role=_("lead") if role == "lead" else role)
             for name, role, _m in facts.team]
    done, total = facts.progress
    if total:
        body.append(progress(done, total))
    if facts.needs:
        body.append(_("What the dream needs, and what is pledged:"))
        body += coverage_lines(facts.needs, facts.currency)
    if facts.updates:
        body.append(_("Latest updates:"))
        body += [_("• {author}: {text}", author=a or _("a member of the team"), text=excerpt(u.text, 300))
                 for a, u in facts.updates[-3:]]
    if project.state is not ProjectState.ACTIVE:
        if project.evaluation:
            body.append(_("Evaluation: {text}", text=project.evaluation))
        body.append(_("Final report: {text}", text=project.report))
    rows: list[tuple[Act, ...]] = []
    viewer_id = viewer.id if viewer is not None else None
    if facts.planned or viewer_id in facts.team_ids:
        rows.append((Act.to(Action.PLAN, _("The plan"), project.id),))
    if viewer_id in facts.team_ids:
        rows.append((Act.to(Action.UPDATE, _("Post an update"), project.id,
                            refused=update_refusal(project, facts.team_ids, viewer)),))
    if viewer_id == project.lead_id:
        rows.append((Act.to(Action.TEAM, _("Add someone to the team"), project.id, 0,
                            refused=team_refusal(project, viewer)),))
    if viewer_id == project.lead_id or facts.bank_manager:
        rows.append((Act.to(Action.CLOSE, _("Close the project"), project.id,
                            refused=close_refusal(project, viewer, facts.bank_manager)),))
    if viewer is not None:  # last, so the buttons above keep their places
        rows.append((comments_button(project.dream_id, facts.comments),))
    return Card("project", project.id, _("🏭 {title} (project no. {id})", title=project.title, id=project.id),
                state, body=tuple(body), actions=tuple(rows))


def project_entry(project: Project) -> Entry:
    return Entry(excerpt(project.title, 40), PROJECT_STATE_LABELS[project.state],
                 Act.to(Action.OPEN_PROJECT, project.title, project.id))


def factory_list(projects: list[Project], page: int = 1) -> Listing:
    return page_of(_("Projects in the factory:"), projects, page, project_entry,
                   _("No projects yet: when a dream has enough help, its owner can withdraw it into the factory."),
                   Action.PROJECTS)


def team_candidates(project: Project, candidates: list[tuple[int, str]], page: int = 1) -> Listing:
    """The project's followers the lead may add to the team, each a press that asks for their role."""
    return page_of(_("Who joins the team? These people follow the project:"), candidates, page,
                   lambda c: Entry(c[1], None, Act.to(Action.TEAM, c[1], project.id, c[0])),
                   _("Everyone who follows the project is on the team already. When more people like it or offer "
                     "help, you can add them here."), Action.TEAM, project.id, 0)
