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
    """Where a review stands: decided with an outcome, tied (for the bank manager), or open. `unseated`: nobody
    is left to vote (every board member is recused, or there is no board), so it is the bank manager's too."""

    outcome: Choice | None = None
    tied: bool = False
    unseated: bool = False


def decide(rule: QuorumRule, board_size: int, tally: Tally, recused: int = 0) -> Verdict:
    """Apply a branch's quorum rule over the board less its `recused` members (who may not vote: the dream's
    owner, and those who declared an interest); `tally` holds the votes of the others only."""
    voters = board_size - recused
    if voters <= 0:
        return Verdict(tied=True, unseated=True)
    outstanding = max(voters - tally.cast, 0)
    if rule.kind is QuorumKind.MAJORITY:
        for choice in Choice:
            if tally.count(choice) * 2 > voters:
                return Verdict(choice)
        if outstanding == 0 or _no_majority_possible(voters, tally, outstanding):
            return Verdict(tied=True)
        return Verdict()
    needed = min(rule.needed, voters)
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


def _no_majority_possible(voters: int, tally: Tally, outstanding: int) -> bool:
    return all((tally.count(c) + outstanding) * 2 <= voters for c in Choice)
