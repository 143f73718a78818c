"""A platform's update as it arrives: whether it is new, who sent it, and the dialog they are in."""

from __future__ import annotations

from dataclasses import dataclass

from ..dialogs.state import DialogState
from .branches import Branch
from .members import Member


@dataclass(frozen=True)
class Arrival:
    """Whether the update is new (one delivered again is not, and changes nothing), and, for a new one, the member
    who sent it with the branch they belong to, or None for both when the sender is not known yet.

    `dialog_read` says whether the member's open dialog was read with them; `dialog` is then that dialog, or None
    when they are in none. A turn that has it need not read it again."""

    new: bool
    member: Member | None = None
    branch: Branch | None = None
    dialog: DialogState | None = None
    dialog_read: bool = False
