"""The quorum rules: from a board's votes to a decision, or to none yet."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from collections.abc import Iterable

from .branches import QuorumKind, QuorumRule
from .reviews import Choice


@dataclass(frozen=True)
class Tally:
    approve: int = 0
    reject: int = 0
    more_info: int = 0

    @classmethod
    def of(cls, choices: Iterable[Choice]) -> "Tally":
        c = Counter(choices)
        return cls(c[Choice.APPROVE], c[Choice.REJECT], c[Choice.MORE_INFO])

    @property
    def cast(self) -> int:
        return self.approve + self.reject + self.more_info

    def count(self, choice: Choice) -> int:
        return {Choice.APPROVE: self.approve, Choice.REJECT: self.reject, Choice.MORE_INFO: self.more_info}[choice]


@dataclass(frozen=True)
class Verdict:
    """Where a review stands: decided with an outcome, tied (for the bank manager), or open."""

    outcome: Choice | None = None
    tied: bool = False


def decide(rule: QuorumRule, board_size: int, tally: Tally) -> Verdict:
    """Apply a branch's quorum rule. `board_size` is the number of members who may vote."""
    if board_size <= 0:
        return Verdict(tied=True)
    outstanding = max(board_size - tally.cast, 0)
    if rule.kind is QuorumKind.MAJORITY:
        for choice in Choice:
            if tally.count(choice) * 2 > board_size:
                return Verdict(choice)
        if outstanding == 0 or _no_majority_possible(board_size, tally, outstanding):
            return Verdict(tied=True)
        return Verdict()
    needed = min(rule.needed, board_size)
    if tally.approve >= needed:
        return Verdict(Choice.APPROVE)
    if tally.approve + outstanding < needed:
        if tally.reject > tally.more_info:
            return Verdict(Choice.REJECT)
        if tally.more_info > tally.reject:
            return Verdict(Choice.MORE_INFO)
        if outstanding == 0:
            return Verdict(tied=True)
    if outstanding == 0:
        return Verdict(tied=True)
    return Verdict()


def _no_majority_possible(board_size: int, tally: Tally, outstanding: int) -> bool:
    return all((tally.count(c) + outstanding) * 2 <= board_size for c in Choice)
