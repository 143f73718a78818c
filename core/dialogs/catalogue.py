"""Every dialog the platform asks, by name: each feature's forms, which carry their own finish."""

from __future__ import annotations

from . import bank, branches, calls, dreams, events, newsletters, padrivere, plans, projects, reviews
from .bank import PLEDGE
from .dreams import AMEND, DEPOSIT, NEED_OPTIONS, RETRACT, WITHDRAWAL
from .forms import Form
from .projects import CLOSE, TEAM_ROLE, UPDATE
from .reviews import COMMENT

__all__ = ["AMEND", "CLOSE", "COMMENT", "DEPOSIT", "FORMS", "NEED_OPTIONS", "PLEDGE", "RETRACT", "TEAM_ROLE",
           "UPDATE", "WITHDRAWAL"]

FORMS: dict[str, Form] = {f.name: f for feature in (dreams, bank, reviews, projects, plans, padrivere, events,
                                                    calls, newsletters, branches) for f in feature.FORMS}
