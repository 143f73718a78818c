"""The bank's public side: likes and pledges of help."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum

from ..errors import Refused
from ..formats import Money, Number
from ..i18n import Text, _, ngettext
from .dreams import Dream, Need

PLEDGE_MAX = 1000
AMOUNT_MAX = Decimal("100000000")


class PledgeState(str, Enum):
    """Where an offer of help stands: made and waiting for the owner, accepted, confirmed by its pledger when the
    dream became a project; or declined by the owner, or withdrawn by its pledger (those count for nothing)."""

    OFFERED = "offered"
    ACCEPTED = "accepted"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


#: the offers that stand: they count in what a need has pledged
STANDING = frozenset({PledgeState.OFFERED, PledgeState.ACCEPTED, PledgeState.CONFIRMED})

PLEDGE_STATE_LABELS = {
    PledgeState.OFFERED: _("waiting for the owner's answer"),
    PledgeState.ACCEPTED: _("accepted"),
    PledgeState.CONFIRMED: _("confirmed for the project"),
    PledgeState.DECLINED: _("declined"),
    PledgeState.WITHDRAWN: _("withdrawn"),
}


@dataclass(frozen=True)
class Like:
    dream_id: int
    member_id: int
    at: datetime


@dataclass(frozen=True)
class Support:
    """How a dream is cheered on, as one viewer sees it: its likes and followers, and whether the viewer is one."""

    likes: int
    followers: int
    liked: bool = False
    following: bool = False


@dataclass
class Pledge:
    dream_id: int
    member_id: int
    kind: Need
    description: str
    amount: Decimal | None
    at: datetime
    id: int | None = None
    #: the need of the dream it is set against (None for an offer made before dreams listed their needs, of a
    #: kind the dream did not ask for, or whose need was taken off the list)
    need_id: int | None = None
    state: PledgeState = PledgeState.OFFERED
    #: whether the owner has thanked its pledger for it
    thanked: bool = False

    def __post_init__(self) -> None:
        self.kind, self.state = Need(self.kind), PledgeState(self.state)
        self.description = self.description.strip()
        if not 1 <= len(self.description) <= PLEDGE_MAX:
            raise Refused(ngettext("Please describe your help in 1 to {count} character.",
                                   "Please describe your help in 1 to {count} characters.", PLEDGE_MAX))
        if self.amount is not None and not (0 < self.amount <= AMOUNT_MAX):
            raise Refused(_("An amount must be a positive number."))


    @property
    def standing(self) -> bool:
        return self.state in STANDING


def amount_shown(kind: Need, amount: Decimal, currency: str) -> Money | Number | Text:
    """An amount of a need or an offer as its reader writes it: money in the branch's currency, time in hours, any
    other need as a count."""
    if kind is Need.MONEY:
        return Money(amount, currency)
    if kind is Need.TIME:
        return ngettext("{hours} hour", "{hours} hours", 1 if amount == 1 else 2, hours=Number(amount))
    return Number(amount)


#: a page of the bank counts the dreams it finds up to this many and then says "more than": counting every one of
#: a hundred thousand dreams is what would make a page slow, and nobody pages that far
COUNT_MAX = 1000
#: a search longer than this is cut: nobody types more, and a long pattern only costs the database
SEARCH_MAX = 200


class BankSort(str, Enum):
    """The orders the bank is read in: the newest in it first, the most liked, or the one needing the most."""

    NEWEST = "newest"
    LIKED = "liked"
    NEEDED = "needed"


SORT_LABELS = {
    BankSort.NEWEST: _("newest first"),
    BankSort.LIKED: _("most liked first"),
    BankSort.NEEDED: _("most needs still open first"),
}


@dataclass(frozen=True)
class BankQuery:
    """Which of the bank's dreams to show and in what order: a need they have, words in their title or story, and
    the page (1-based). A text is cut to SEARCH_MAX and a blank one searches nothing; a page below 1 is the first."""

    sort: BankSort = BankSort.NEWEST
    need: Need | None = None
    text: str = ""
    page: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", self.text.strip()[:SEARCH_MAX].strip())
        object.__setattr__(self, "page", max(1, self.page))

    @classmethod
    def asked(cls, sort: str | None, need: str | None, text: str | None, page: int = 1) -> "BankQuery":
        """A query from what a reader typed or picked; what is not one of the choices is the default."""
        return cls(BankSort(sort) if sort in BankSort._value2member_map_ else BankSort.NEWEST,
                   Need(need) if need in Need._value2member_map_ else None, text or "", page)


@dataclass(frozen=True)
class BankEntry:
    """A dream on a page of the bank, with its likes and how many offers of help it has had, and its picture's
    digest when it has one (the page links the picture by it, so a new picture is never an old one kept)."""

    dream: Dream
    likes: int
    pledges: int
    picture: str | None = None


@dataclass(frozen=True)
class BankPage:
    """The dreams on one page of the bank, and how many dreams the query finds in all: counted up to COUNT_MAX + 1,
    so that a total above COUNT_MAX means "more than COUNT_MAX"."""

    entries: tuple[BankEntry, ...]
    total: int
