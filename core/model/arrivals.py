"""A platform's update as it arrives: whether it is new, and who sent it."""

from __future__ import annotations

from dataclasses import dataclass

from .branches import Branch
from .members import Member


@dataclass(frozen=True)
class Arrival:
    """Whether the update is new (one delivered again is not, and changes nothing), and, for a new one, the member
    who sent it with the branch they belong to, or None for both when the sender is not known yet."""

    new: bool
    member: Member | None = None
    branch: Branch | None = None
