"""The factory: a dream being realised by a team, with updates, until it is archived."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from ..errors import Refused
from ..i18n import Text, _, ngettext

ROLE_MAX = 60
UPDATE_MAX = 4000
REPORT_MAX = 2000
EVALUATION_MAX = 2000

LEAD_ROLE = "lead"


class ProjectState(str, Enum):
    ACTIVE = "active"
    COMPLETED = "completed"
    DISCONTINUED = "discontinued"


PROJECT_STATE_LABELS = {
    ProjectState.ACTIVE: _("under way"),
    ProjectState.COMPLETED: _("completed"),
    ProjectState.DISCONTINUED: _("discontinued"),
}

#: where a project stands, as its card and the lists of dreams say it
STANDING_LABELS = {
    ProjectState.ACTIVE: _("a project in the factory"),
    ProjectState.COMPLETED: _("completed, in the archive"),
    ProjectState.DISCONTINUED: _("discontinued, in the archive"),
}


@dataclass
class Project:
    dream_id: int
    branch_id: int
    title: str
    lead_id: int
    started_at: datetime
    state: ProjectState = ProjectState.ACTIVE
    closed_at: datetime | None = None
    evaluation: str = ""
    report: str = ""
    id: int | None = None

    def close(self, outcome: ProjectState, evaluation: str, report: str, at: datetime) -> None:
        if self.state is not ProjectState.ACTIVE:
            raise Refused(_("This project is already in the archive."))
        if outcome is ProjectState.ACTIVE:
            raise Refused(_("Choose whether the project was completed or discontinued."))
        report, evaluation = report.strip(), evaluation.strip()
        if not 1 <= len(report) <= REPORT_MAX:
            raise Refused(ngettext("The final report needs 1 to {count} character.",
                                   "The final report needs 1 to {count} characters.", REPORT_MAX))
        if len(evaluation) > EVALUATION_MAX:
            raise Refused(ngettext("Please keep the evaluation under {count} character.",
                                   "Please keep the evaluation under {count} characters.", EVALUATION_MAX))
        self.state, self.evaluation, self.report, self.closed_at = outcome, evaluation, report, at

    @property
    def archived(self) -> bool:
        return self.state is not ProjectState.ACTIVE

    def archived_refusal(self) -> Text | None:
        """Why the project cannot change any more (it is in the archive); None while it is under way."""
        if self.state is not ProjectState.ACTIVE:
            return _("This project is in the archive; it cannot change any more.")
        return None


@dataclass(frozen=True)
class TeamMember:
    project_id: int
    member_id: int
    role: str


@dataclass
class ProjectUpdate:
    project_id: int
    author_id: int
    text: str
    at: datetime
    id: int | None = None

    def __post_init__(self) -> None:
        self.text = self.text.strip()
        if not 1 <= len(self.text) <= UPDATE_MAX:
            raise Refused(ngettext("An update needs 1 to {count} character.",
                                   "An update needs 1 to {count} characters.", UPDATE_MAX))


def check_role_name(role: str) -> str:
    role = role.strip()
    if not 1 <= len(role) <= ROLE_MAX:
        raise Refused(ngettext("A role needs 1 to {count} character.", "A role needs 1 to {count} characters.",
                               ROLE_MAX))
    return role
