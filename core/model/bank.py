"""The bank's public side: likes and pledges of help."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from ..errors import Refused
from ..i18n import _, ngettext
from .dreams import Need

PLEDGE_MAX = 1000
AMOUNT_MAX = Decimal("100000000")


@dataclass(frozen=True)
class Like:
    dream_id: int
    member_id: int
    at: datetime


@dataclass
class Pledge:
    dream_id: int
    member_id: int
    kind: Need
    description: str
    amount: Decimal | None
    at: datetime
    id: int | None = None

    def __post_init__(self) -> None:
        self.description = self.description.strip()
        if not 1 <= len(self.description) <= PLEDGE_MAX:
            raise Refused(ngettext("Please describe your help in 1 to {count} character.",
                                   "Please describe your help in 1 to {count} characters.", PLEDGE_MAX))
        if self.amount is not None and not (0 < self.amount <= AMOUNT_MAX):
            raise Refused(_("An amount must be a positive number."))
