"""Members, their identities on each platform, and the roles they hold in a branch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from ..errors import Refused
from ..i18n import Text, _, join


class Role(str, Enum):
    BOARD = "board"
    BANK_MANAGER = "bank_manager"
    COMMUNITY_MANAGER = "community_manager"
    CONSULTANT = "consultant"
    PADRIVER = "padriver"
    ADMIN = "admin"


def parse_role(text: str) -> Role:
    """A role by its name (board, padriver, …), or Refused naming the roles there are."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise Refused(_("“{role}” is not a role; choose one of {roles}.", role=text,
                        roles=join([r.value for r in Role]))) from None


#: the name shown wherever an erased member's name was: their row stays, nameless, under what they gave in public
FORMER_MEMBER = _("a former member")


def shown_name(stored_name: str, erased: bool) -> str | Text:
    """The name a member is shown by: their own, or "a former member" once they were erased."""
    return FORMER_MEMBER if erased else stored_name


#: a member signed in on the web portal: they act as themself, named by their number. Such an identity is never
#: stored, never created, and never a place notices or replies go (the web keeps nobody's chat to write to)
WEB = "web"


@dataclass(frozen=True)
class Identity:
    """Who a person is on one platform: ('telegram', '12345'), ('console', 'anna')."""

    platform: str
    external_id: str


@dataclass
class Member:
    display_name: str
    branch_id: int
    language: str | None = None
    joined_at: datetime | None = None
    id: int | None = None
    #: the platform the member chose for their notices ("telegram", "discord"); None: wherever they are reachable
    notify_on: str | None = None

    def speaks(self, branch_language: str) -> str:
        return self.language or branch_language


@dataclass(frozen=True)
class RoleGrant:
    branch_id: int
    member_id: int
    role: Role
