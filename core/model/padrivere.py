"""Pådrivere: applications to the community manager's circle and the profiles of those approved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from ..i18n import Text, _

COMPETENCE_MAX = 60
COMPETENCES_MAX = 40
OTHER_MAX = 300
AVAILABILITY_MAX = 300

#: what a new branch offers applicants to choose from, until its community manager edits the list
DEFAULT_COMPETENCES: tuple[Text, ...] = (
    _("organising events"), _("building and repairs"), _("gardening"), _("cooking"),
    _("communication and social media"), _("funding applications"), _("children and young people"),
    _("culture and music"), _("sport and outdoor life"), _("technology"), _("languages and translation"),
)


class ApplicationStatus(str, Enum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"


@dataclass
class Padriver:
    """A member's application to the circle and, once approved, their pådriver profile."""

    branch_id: int
    member_id: int
    competences: list[str]
    other: str
    availability: str
    public: bool
    applied_at: datetime
    status: ApplicationStatus = ApplicationStatus.PENDING
    decided_at: datetime | None = None
    decided_by: int | None = None
    reason: str = ""
    id: int | None = None

    def all_competences(self) -> list[str]:
        return [*self.competences, *([self.other] if self.other else [])]


@dataclass(frozen=True)
class Contributions:
    """What a pådriver has done, credited from the records themselves."""

    pledges: int = 0
    events: int = 0
    calls: int = 0
    roles: tuple[tuple[str, str], ...] = ()  # (project title, role on its team)

    @property
    def any(self) -> bool:
        return bool(self.pledges or self.events or self.calls or self.roles)
