"""Funds and pools a branch's staff know of: who gives, for what themes, how much, until when, and where to apply.

A fund's themes are a few short words; they match a dream or project whose title or story has one of them as a
whole word (in any letters, æøå too), or which needs what a theme names ("money", "penger").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from ..i18n import LANGUAGES, Text, _, translate
from ..errors import Refused
from .dreams import NEED_LABELS, Need

FUND_NAME_MAX = 120
GIVER_MAX = 120
THEME_MAX = 40
THEMES_MAX = 8
LINK_MAX = 500
AMOUNT_MAX = 100_000_000


@dataclass
class Fund:
    """A fund or pool; its deadline is a date in the branch's time zone, the last day to apply."""

    branch_id: int
    name: str
    giver: str
    themes: list[str]
    deadline: date
    link: str
    created_by: int
    created_at: datetime
    amount_min: int | None = None
    amount_max: int | None = None
    id: int | None = None

    def open_on(self, today: date) -> bool:
        return today <= self.deadline


def theme_list(text: str) -> list[str]:
    """The themes written with commas between them, trimmed, lower-cased, each once, in order."""
    return list(dict.fromkeys(t.strip().lower() for t in text.split(",") if t.strip()))


def link_problem(link: str) -> Text | None:
    """Why the link is not a web address (http or https, with a host), or None."""
    link = link.strip()
    try:
        parts = urlsplit(link)
        scheme, host = parts.scheme.lower(), parts.hostname
    except ValueError:
        scheme, host = "", None
    if len(link) > LINK_MAX or scheme not in ("http", "https") or not host or any(c.isspace() for c in link):
        return _("Please give a web address that starts with https:// (or http://).")
    return None


def check_link(link: str) -> str:
    """The link, trimmed, when it is a web address; otherwise Refused."""
    problem = link_problem(link)
    if problem is not None:
        raise Refused(problem)
    return link.strip()


def deadline_problem(deadline: date, today: date) -> Text | None:
    return _("The deadline has passed already; please give a date from today on.") if deadline < today else None


def amounts_problem(smallest: int | None, largest: int | None) -> Text | None:
    if smallest is not None and largest is not None and smallest > largest:
        return _("The smallest amount cannot be more than the largest.")
    return None


def _need_names(need: Need) -> set[str]:
    return {need.value, *(translate(NEED_LABELS[need], language).lower() for language in LANGUAGES)}


def matches(themes: Iterable[str], title: str, story: str, needs: Iterable[Need]) -> bool:
    """Whether one of the themes is a whole word of the title or story, or names one of the needs."""
    text = f"{title}\n{story}"
    named = set().union(*(_need_names(n) for n in needs)) if needs else set()
    for theme in themes:
        theme = theme.strip().lower()
        if not theme:
            continue
        if theme in named or re.search(rf"(?<!\w){re.escape(theme)}(?!\w)", text, re.IGNORECASE):
            return True
    return False
