"""Moments, numbers and money written in each reader's conventions (Babel), chosen when the text is rendered.

A sentence carries a `Moment`, a `Number` or a `Money` as a parameter; `core.i18n.translate` writes it in
the reader's language, so one notice sent to many reads "2026-05-12 18:00" in English and "12. mai 2026
kl. 18:00" in bokmål. `CONVENTIONS` is the one table of locales and patterns: chat, digests, mail and pages
all read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.numbers import format_currency, format_decimal

#: how a moment is shown: date and time, the date alone, the time of day alone; the long ones write the
#: weekday and the month out, for digests, mail and pages
Style = Literal["when", "day", "clock", "long_when", "long_day"]


@dataclass(frozen=True)
class Conventions:
    """How one language writes moments (Babel date patterns) and which Babel locale writes its numbers."""

    locale: str
    when: str
    day: str
    clock: str
    long_when: str
    long_day: str

    def pattern(self, style: Style) -> str:
        return str(getattr(self, style))


#: English keeps the plain "2026-05-12 18:00" of its chat; the others write dates as their readers do
CONVENTIONS: dict[str, Conventions] = {
    "en": Conventions("en_GB", "yyyy-MM-dd HH:mm", "yyyy-MM-dd", "HH:mm", "EEEE d MMMM, HH:mm", "EEEE d MMMM"),
    "nb": Conventions("nb_NO", "d. MMM y 'kl.' HH:mm", "d. MMM y", "HH:mm", "EEEE d. MMMM 'kl.' HH:mm",
                      "EEEE d. MMMM"),
    "da": Conventions("da_DK", "d. MMM y 'kl.' HH.mm", "d. MMM y", "HH.mm", "EEEE 'den' d. MMMM 'kl.' HH.mm",
                      "EEEE 'den' d. MMMM"),
    "nl": Conventions("nl_NL", "d MMM y HH:mm", "d MMM y", "HH:mm", "EEEE d MMMM 'om' HH:mm", "EEEE d MMMM"),
}
FALLBACK = "en"

#: the currency a branch counts in, from its language while branches have no currency of their own
CURRENCY_OF_LANGUAGE = {"en": "NOK", "nb": "NOK", "da": "DKK", "nl": "EUR"}


def conventions(language: str | None) -> Conventions:
    """The conventions of a language tag ('nb', 'nb-NO', 'da_DK'), English's for one we have none for."""
    primary = (language or "").replace("_", "-").split("-")[0].lower()
    primary = "nb" if primary in ("no", "nn") else primary
    return CONVENTIONS.get(primary, CONVENTIONS[FALLBACK])


def moment(at: datetime, zone: str, style: Style, language: str | None) -> str:
    """An aware moment in a time zone, written in a language's style."""
    found = conventions(language)
    return format_datetime(at, found.pattern(style), tzinfo=ZoneInfo(zone), locale=found.locale)


def number(value: int | Decimal, language: str | None) -> str:
    """A number grouped as the language groups it: 1,234 (en), 1 234 (nb), 1.234 (da, nl)."""
    return format_decimal(value, locale=conventions(language).locale)


def money(amount: Decimal | int, currency: str, language: str | None) -> str:
    """An amount in an ISO currency, as the language writes it: 1 234,50 kr (nb), €1,234.50 (en)."""
    return format_currency(amount, currency, locale=conventions(language).locale)


def currency_of(language: str | None) -> str:
    """The currency of a branch speaking `language` (NOK unless Danish or Dutch)."""
    primary = (language or "").replace("_", "-").split("-")[0].lower()
    return CURRENCY_OF_LANGUAGE.get(primary, "NOK")


class Formatted:
    """A parameter written only when the reader's language is known (see `core.i18n.translate`)."""

    def render(self, language: str | None) -> str:
        raise NotImplementedError

    def __str__(self) -> str:
        return self.render(FALLBACK)


@dataclass(frozen=True)
class Moment(Formatted):
    """A moment shown in a time zone: 'when' (date and time), 'day', 'clock', or their long forms."""

    at: datetime
    zone: str
    style: Style = "when"

    def render(self, language: str | None) -> str:
        return moment(self.at, self.zone, self.style, language)


@dataclass(frozen=True)
class Number(Formatted):
    value: int | Decimal

    def render(self, language: str | None) -> str:
        return number(self.value, language)


@dataclass(frozen=True)
class Money(Formatted):
    amount: Decimal
    currency: str

    def render(self, language: str | None) -> str:
        return money(self.amount, self.currency, language)
