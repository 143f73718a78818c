"""A dream's list of needs: each need a kind, a description and, where it can be counted, an amount (hours of
time, a sum of money, a count of anything else); and how far the standing pledges against each one cover it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ..errors import Refused
from ..formats import Number
from ..i18n import Text, _, ngettext
from .bank import STANDING, Pledge
from .dreams import NEED_LABELS, Need

#: a need's description holds what a dream's "more about its needs" held, so it has the same room
NEED_TEXT_MAX = 1000
#: needs one dream may list: a longer list is not read by anyone offering help
NEEDS_MAX = 20
#: the most a need (or a pledge against it) may count, by kind: a number past it is a slip of the keyboard
AMOUNT_LIMITS = {Need.TIME: Decimal("100000"), Need.MONEY: Decimal("100000000")}
#: the most a need counted in pieces (materials, a venue's days, anything else) may count
COUNT_MAX = Decimal("1000000")
CENT = Decimal("0.01")


def amount_limit(kind: Need) -> Decimal:
    return AMOUNT_LIMITS.get(Need(kind), COUNT_MAX)


def check_amount(kind: Need, amount: object) -> Decimal | None:
    """An amount of a need or a pledge of this kind: more than 0 and at most the kind's limit; hours and money to
    the hundredth, anything else counted whole. None stays None (the need is not counted)."""
    if amount is None:
        return None
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        raise Refused(_("Please write an amount, like 10.")) from None
    limit = amount_limit(kind)
    if not value.is_finite() or not Decimal(0) < value <= limit:
        raise Refused(_("An amount is more than 0 and at most {max}.", max=Number(limit)))
    if kind in AMOUNT_LIMITS and value != value.quantize(CENT):
        raise Refused(_("Please give the amount with at most two decimals."))
    if kind not in AMOUNT_LIMITS and value != value.to_integral_value():
        raise Refused(_("Please count it in whole numbers, like 3."))
    return value.quantize(CENT)


@dataclass
class DreamNeed:
    """One line of what a dream needs; without a description it is read as its kind's name."""

    dream_id: int
    kind: Need
    description: str = ""
    amount: Decimal | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        self.kind = Need(self.kind)
        self.description = (self.description or "").strip()
        if len(self.description) > NEED_TEXT_MAX:
            raise Refused(ngettext("Please describe the need in at most {count} character.",
                                   "Please describe the need in at most {count} characters.", NEED_TEXT_MAX))
        self.amount = check_amount(self.kind, self.amount)


@dataclass(frozen=True)
class Coverage:
    """One need and what the standing pledges against it come to: the sum of their amounts (for a need with an
    amount) and how many they are."""

    need: DreamNeed
    pledged: Decimal
    offers: int

    @property
    def missing(self) -> Decimal | None:
        """What is still missing of the need's amount (never below 0); None for a need without an amount."""
        if self.need.amount is None:
            return None
        return max(Decimal("0.00"), self.need.amount - self.pledged)

    @property
    def covered(self) -> bool:
        """A counted need is covered once its amount is pledged; any other once someone stands by it."""
        missing = self.missing
        return self.offers > 0 if missing is None else missing == 0


def coverage(needs: Iterable[DreamNeed], pledges: Iterable[Pledge]) -> tuple[Coverage, ...]:
    """Each need with what the standing pledges against it come to (declined and withdrawn ones count for
    nothing; a pledge without an amount counts as an offer, adding nothing to a sum)."""
    standing = [p for p in pledges if p.state in STANDING and p.need_id is not None]
    out = []
    for need in needs:
        against = [p for p in standing if p.need_id == need.id]
        pledged = sum((p.amount or Decimal(0) for p in against), Decimal("0.00"))
        out.append(Coverage(need, pledged, len(against)))
    return tuple(out)


def open_count(covered: Iterable[Coverage]) -> int:
    """How many needs are not covered yet: the bank's "most needed" order."""
    return sum(1 for c in covered if not c.covered)


def all_covered(covered: tuple[Coverage, ...]) -> bool:
    return bool(covered) and all(c.covered for c in covered)


def need_name(need: DreamNeed) -> Text:
    """What a need is called: its kind, and its description when it has one."""
    if need.description:
        return _("{kind}: {description}", kind=NEED_LABELS[need.kind], description=need.description)
    return NEED_LABELS[need.kind]


def as_params(covered: Iterable[Coverage]) -> list[dict[str, Any]]:
    """Coverage as a notice carries it (plain JSON), to be read back by `from_params` when it is written out."""
    return [{"kind": c.need.kind.value, "description": c.need.description,
             "amount": str(c.need.amount) if c.need.amount is not None else "", "pledged": str(c.pledged),
             "offers": c.offers} for c in covered]


def from_params(params: Iterable[dict[str, Any]]) -> tuple[Coverage, ...]:
    return tuple(Coverage(DreamNeed(0, Need(p["kind"]), str(p.get("description") or ""),
                                    Decimal(p["amount"]) if p.get("amount") else None),
                          Decimal(str(p.get("pledged") or "0")), int(p.get("offers") or 0)) for p in params)
