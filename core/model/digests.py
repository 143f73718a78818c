"""What a digest says, as plain data: built by a pure function, rendered by templates per channel.

Everything here is JSON-friendly (strings, ints, lists, dicts) so that a digest can be written to the
outbox as a notice's parameters and rendered later, by whichever channel sends it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class DigestItem:
    """One line of a digest. `open` is the chat start parameter that opens it ("d12", "e3"); `at` is
    an ISO 8601 UTC time (an event's start), shown in the branch's time zone; `detail` is a short
    excerpt of what a person wrote; `count` a number worth showing (likes, free places, people needed)."""

    key: str
    title: str
    detail: str = ""
    open: str = ""
    at: str = ""
    place: str = ""
    count: int | None = None


@dataclass(frozen=True)
class DigestView:
    branch: str
    timezone: str
    frequency: str  # "daily" or "weekly"
    since: str  # ISO 8601 UTC: the window this digest covers
    until: str
    dreams: list[DigestItem] = field(default_factory=list)
    updates: list[DigestItem] = field(default_factory=list)
    events: list[DigestItem] = field(default_factory=list)
    calls: list[DigestItem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.dreams or self.updates or self.events or self.calls)

    @property
    def sections(self) -> list[tuple[str, list[DigestItem]]]:
        return [(name, items) for name, items in (("dreams", self.dreams), ("updates", self.updates),
                                                    ("events", self.events), ("calls", self.calls)) if items]

    def to_params(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> "DigestView":
        lists = {name: [DigestItem(**item) for item in params.get(name, [])]
                 for name in ("dreams", "updates", "events", "calls")}
        return cls(params["branch"], params["timezone"], params["frequency"], params["since"], params["until"],
                   **lists)
