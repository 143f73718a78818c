"""A branch: one municipality or district running its own part of the bank."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum


class QuorumKind(str, Enum):
    MAJORITY = "majority"
    APPROVALS = "approvals"


@dataclass(frozen=True)
class QuorumRule:
    """How many board votes decide a review.

    MAJORITY: a choice wins when more than half of the board chose it.
    APPROVALS: approved at `needed` approvals; once that can no longer happen, the larger of
    reject and ask-for-information decides.
    """

    kind: QuorumKind = QuorumKind.MAJORITY
    needed: int = 0

    def __post_init__(self) -> None:
        if self.kind is QuorumKind.APPROVALS and self.needed < 1:
            raise ValueError("an approvals quorum needs at least one approval")

    def describe(self) -> str:
        return "majority" if self.kind is QuorumKind.MAJORITY else f"approvals:{self.needed}"

    @classmethod
    def parse(cls, text: str) -> "QuorumRule":
        """'majority' or 'approvals:N'."""
        text = text.strip().lower()
        if text == "majority":
            return cls()
        kind, _, number = text.partition(":")
        if kind == "approvals" and number.isdigit():
            return cls(QuorumKind.APPROVALS, int(number))
        raise ValueError(f"unknown quorum rule {text!r}: use 'majority' or 'approvals:N'")


@dataclass
class Branch:
    slug: str
    name: str
    language: str = "en"
    timezone: str = "Europe/Oslo"
    quorum: QuorumRule = field(default_factory=QuorumRule)
    stall_after: timedelta = timedelta(days=7)
    id: int | None = None
    #: the competences pådrivere choose from; empty means the default list, in the branch's language
    competences: tuple[str, ...] = ()
    #: when the digest goes out, in the branch's time zone: daily ones every day at the hour, weekly
    #: ones on the weekday (0 is Monday) at the hour
    digest_weekday: int = 0
    digest_hour: int = 9


class ChatPurpose(str, Enum):
    """What a branch uses a group chat or channel for."""

    BOARD = "board"
    BANK = "bank"
    CIRCLE = "circle"  # the pådrivere's closed group


@dataclass(frozen=True)
class ChatLink:
    """A branch's chat on one platform: the board's group, the bank's public channel, the pådrivere's group.

    `invite_link` is the link the platform made for joining it (by request), once one was made.
    """

    branch_id: int
    purpose: ChatPurpose
    platform: str
    chat_id: str
    title: str = ""
    invite_link: str = ""
