"""Every button press, by its action, from each feature's module; each press is checked again by its use case."""

from __future__ import annotations

from typing import Awaitable, Callable

from ..views.actions import Action, Press
from . import (archive, bank, branches, calls, dreams, events, members, newsletters, padrivere,
               preferences, projects, reviews)
from .replies import Message
from .turn import Turn

PRESSES: dict[Action, Callable[[Turn, Press], Awaitable[list[Message]]]] = {}
for _feature in (members, dreams, reviews, bank, projects, archive, branches, padrivere, events, calls,
                 newsletters, preferences):
    PRESSES.update(_feature.PRESSES)
