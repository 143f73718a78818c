"""Every button press, by its action, from each feature's module; each press is checked again by its use case."""

from __future__ import annotations

from typing import Awaitable, Callable

from ..views.actions import Action, Press
from .features import collected
from .replies import Message
from .turn import Turn

PRESSES: dict[Action, Callable[[Turn, Press], Awaitable[list[Message]]]] = collected("PRESSES")
