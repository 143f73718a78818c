"""Every dialog the platform asks, by name: each feature's forms, which carry their own finish."""

from __future__ import annotations

from . import (bank, branches, calls, dreams, events, funds, inquiries, needs, newsletters, padrivere, plans,
               projects, reviews, talk)
from .bank import PLEDGE
from .dreams import AMEND, DEPOSIT, NEED_OPTIONS, RETRACT, WITHDRAWAL
from .forms import Form
from .projects import CLOSE, TEAM_ROLE, UPDATE
from .reviews import COMMENT

__all__ = ["AMEND", "CLOSE", "COMMENT", "DEPOSIT", "FORMS", "NEED_OPTIONS", "PLEDGE", "RETRACT", "TEAM_ROLE",
           "UPDATE", "WITHDRAWAL"]

_WITH_FORMS = (dreams, bank, reviews, projects, padrivere, events, calls, funds, newsletters, branches, inquiries,
               talk, plans, needs)
FORMS: dict[str, Form] = {f.name: f for feature in _WITH_FORMS for f in feature.FORMS}
