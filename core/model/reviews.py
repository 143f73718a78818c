"""A review: one round of board votes on a deposit or on a proposed withdrawal, and the interests board members
declare in a dream, which recuse them from its reviews."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from ..i18n import _

COMMENT_MAX = 1000
#: an interest's reason is one line
INTEREST_REASON_MAX = 200


class ReviewKind(str, Enum):
    DEPOSIT = "deposit"
    WITHDRAWAL = "withdrawal"


class Choice(str, Enum):
    APPROVE = "approve"
    REJECT = "reject"
    MORE_INFO = "more_info"


CHOICE_LABELS = {
    Choice.APPROVE: _("Approve"),
    Choice.REJECT: _("Reject"),
    Choice.MORE_INFO: _("Ask for more information"),
}


@dataclass
class Review:
    dream_id: int
    branch_id: int
    kind: ReviewKind
    round: int
    opened_at: datetime
    motivation: str = ""
    decided_at: datetime | None = None
    outcome: Choice | None = None
    settled_by: int | None = None
    id: int | None = None

    @property
    def open(self) -> bool:
        return self.outcome is None and self.decided_at is None


@dataclass(frozen=True)
class Vote:
    review_id: int
    voter_id: int
    choice: Choice
    comment: str
    cast_at: datetime


@dataclass(frozen=True)
class Interest:
    """A board member's declared interest in a dream: they are recused from its reviews (this round, later rounds
    and its withdrawal) until they take the declaration back while a review is open."""

    dream_id: int
    member_id: int
    reason: str
    declared_at: datetime
