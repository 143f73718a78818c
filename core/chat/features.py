"""The chat's features: each module holds its commands, button presses and notices (any may have none)."""

from __future__ import annotations

from typing import Any

from . import (accounts, archive, bank, branches, calls, digests, dreams, events, funds, inquiries, members, needs,
               newsletters, padrivere, plans, pledges, preferences, privacy, projects, reminders, reviews, sign_in,
               talk)

FEATURES = (members, accounts, dreams, reviews, bank, projects, archive, branches, padrivere, events, calls, funds,
            newsletters, digests, preferences, reminders, sign_in, privacy, inquiries, talk, plans, needs, pledges)


def collected(table: str) -> dict[Any, Any]:
    """Every feature's `COMMANDS`, `PRESSES` or `NOTICES`, in one table."""
    merged: dict[Any, Any] = {}
    for feature in FEATURES:
        merged.update(getattr(feature, table, {}))
    return merged
