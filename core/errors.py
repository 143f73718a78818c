"""Errors core raises: each carries a kind sentence for the person whose action was refused."""

from __future__ import annotations

from .i18n import Text


class Refused(Exception):
    """An action was not allowed; nothing was changed. `reason` is shown to the person."""

    def __init__(self, reason: Text) -> None:
        super().__init__(reason.msgid)
        self.reason = reason


class NotFound(Refused):
    """What the action was about does not exist (or is not visible to this person)."""


class Conflict(Exception):
    """Storage found that a uniqueness rule would break (a second vote, a second like)."""


class CountedRefusal(Refused):
    """A refusal that is itself kept: the attempt counts toward a limit (a wrong code typed), so what the use
    case staged before refusing, that count and nothing else, is committed by the caller."""
