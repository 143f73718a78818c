"""A dream: an idea a resident deposits, and the states it may pass through."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from ..errors import Refused
from ..i18n import Text, _, ngettext
from .projects import STANDING_LABELS, Project

TITLE_MAX = 120
STORY_MAX = 4000
NEEDS_DETAIL_MAX = 1000


class Need(str, Enum):
    TIME = "time"
    SKILLS = "skills"
    MATERIALS = "materials"
    MONEY = "money"
    VENUE = "venue"
    OTHER = "other"


NEED_LABELS = {
    Need.TIME: _("time"),
    Need.SKILLS: _("skills"),
    Need.MATERIALS: _("materials"),
    Need.MONEY: _("money"),
    Need.VENUE: _("a venue"),
    Need.OTHER: _("something else"),
}


class DreamState(str, Enum):
    DEPOSITED = "deposited"
    NEEDS_INFO = "needs_info"
    REJECTED = "rejected"
    APPROVED = "approved"
    RETRACTED = "retracted"
    PROJECT = "project"


STATE_LABELS = {
    DreamState.DEPOSITED: _("waiting for the board"),
    DreamState.NEEDS_INFO: _("the board asks for more information"),
    DreamState.REJECTED: _("not approved"),
    DreamState.APPROVED: _("in the bank"),
    DreamState.RETRACTED: _("withdrawn by you"),
    DreamState.PROJECT: _("a project in the factory"),
}

_ALLOWED = {
    DreamState.DEPOSITED: {DreamState.APPROVED, DreamState.REJECTED, DreamState.NEEDS_INFO, DreamState.RETRACTED},
    DreamState.NEEDS_INFO: {DreamState.DEPOSITED, DreamState.RETRACTED},
    DreamState.APPROVED: {DreamState.PROJECT, DreamState.RETRACTED},
    DreamState.REJECTED: set(),
    DreamState.RETRACTED: set(),
    DreamState.PROJECT: set(),
}


@dataclass
class Draft:
    """What a resident fills in: the dream's words and needs, and the three criteria."""

    title: str
    story: str
    needs: frozenset[Need]
    needs_detail: str = ""
    non_profit: bool = False
    social_value: bool = False
    realisable: bool = False

    def check(self) -> None:
        title, story = self.title.strip(), self.story.strip()
        if not 1 <= len(title) <= TITLE_MAX:
            raise Refused(ngettext("A title needs 1 to {count} character.", "A title needs 1 to {count} characters.",
                                   TITLE_MAX))
        if not 1 <= len(story) <= STORY_MAX:
            raise Refused(ngettext("The story needs 1 to {count} character.",
                                   "The story needs 1 to {count} characters.", STORY_MAX))
        if len(self.needs_detail) > NEEDS_DETAIL_MAX:
            raise Refused(ngettext("Please keep what the dream needs under {count} character.",
                                   "Please keep what the dream needs under {count} characters.", NEEDS_DETAIL_MAX))
        if not self.needs:
            raise Refused(_("Choose at least one thing the dream needs."))
        if not (self.non_profit and self.social_value and self.realisable):
            raise Refused(_("A dream can be deposited once all three criteria are confirmed."))


@dataclass
class Dream:
    branch_id: int
    owner_id: int
    title: str
    story: str
    needs: frozenset[Need]
    needs_detail: str
    state: DreamState
    deposited_at: datetime
    decided_at: datetime | None = None
    decision_reason: str = ""
    id: int | None = None

    @classmethod
    def deposit(cls, branch_id: int, owner_id: int, draft: Draft, at: datetime) -> "Dream":
        draft.check()
        return cls(branch_id, owner_id, draft.title.strip(), draft.story.strip(), frozenset(draft.needs),
                   draft.needs_detail.strip(), DreamState.DEPOSITED, at)

    def move_to(self, state: DreamState) -> None:
        refusal = self.move_refusal(state)
        if refusal is not None:
            raise Refused(refusal)
        self.state = state

    def move_refusal(self, state: DreamState) -> Text | None:
        """Why the dream cannot move to `state` now; None when it can."""
        if state not in _ALLOWED[self.state]:
            return _("This dream is {state}, so that cannot be done now.", state=STATE_LABELS[self.state])
        return None

    def amend(self, draft: Draft) -> None:
        draft.check()
        self.title, self.story = draft.title.strip(), draft.story.strip()
        self.needs, self.needs_detail = frozenset(draft.needs), draft.needs_detail.strip()
        self.move_to(DreamState.DEPOSITED)

    def as_draft(self) -> Draft:
        return Draft(self.title, self.story, self.needs, self.needs_detail, True, True, True)

    @property
    def public(self) -> bool:
        return self.state in (DreamState.APPROVED, DreamState.PROJECT)

    def standing(self, project: Project | None) -> Text:
        """Where the dream stands, its project's state included: a closed project's dream is in the archive."""
        if self.state is DreamState.PROJECT and project is not None:
            return STANDING_LABELS[project.state]
        return STATE_LABELS[self.state]

    def takes_support(self, project: Project | None) -> bool:
        """Likes and offers of help go to a dream in the bank or a project under way, not to the archive."""
        if self.state is DreamState.APPROVED:
            return True
        return self.state is DreamState.PROJECT and project is not None and not project.archived
