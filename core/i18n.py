"""Text a person reads: lazy message ids with parameters, translated from gettext catalogs."""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from .formats import Formatted

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "dreambank"
LANGUAGES: dict[str, str] = {"en": "English", "nb": "Norsk bokmål", "da": "Dansk", "nl": "Nederlands"}
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Text:
    """A message id waiting for a language: translated and filled in only when rendered.

    Parameters are kept apart from the message so that each adapter can escape what a person
    typed for its own markup before it is put into the translated sentence.
    """

    msgid: str
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)
    plural: str | None = None
    count: int | None = None


def _(msgid: str, /, **params: Any) -> Text:
    return Text(msgid, params)


def ngettext(singular: str, plural: str, count: int, /, **params: Any) -> Text:
    return Text(singular, {"count": count, **params}, plural, count)


def supported(language: str | None) -> str | None:
    """The catalog language for a tag such as 'nb-NO' or 'no', or None when we have none."""
    if not language:
        return None
    tag = language.replace("_", "-").lower()
    primary = tag.split("-")[0]
    if primary in ("no", "nn"):
        primary = "nb"
    return primary if primary in LANGUAGES else None


@lru_cache(maxsize=None)
def catalog(language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def translate(text: Text | str, language: str, escape: Callable[[str], str] = str) -> str:
    """Render text in a language; parameters (which may hold what people typed) are escaped."""
    if isinstance(text, str):
        return escape(text)
    tr = catalog(language)
    if text.plural is not None and text.count is not None:
        pattern = tr.ngettext(text.msgid, text.plural, text.count)
    else:
        pattern = tr.gettext(text.msgid)
    values = {k: _render_value(v, language, escape) for k, v in text.params.items()}
    return pattern.format(**values)


def _render_value(value: Any, language: str, escape: Callable[[str], str]) -> str:
    if isinstance(value, Text):
        return translate(value, language, escape)
    if isinstance(value, Raw):
        return value.markup
    if isinstance(value, Formatted):  # a moment, number or amount, written as the reader's language writes it
        return escape(value.render(language))
    return escape(str(value))


@dataclass(frozen=True)
class Raw:
    """Already-rendered markup that must not be escaped again (only adapters make these)."""

    markup: str


def alone(value: Any) -> Text:
    """One value as a text of its own (a moment on a card's line), written in the reader's language."""
    return Text("{value}", {"value": value})


def join(parts: list[Text | str], separator: str = ", ") -> Text:
    """Several texts as one, each translated (and escaped) in its own right."""
    names = [f"p{i}" for i in range(len(parts))]
    pattern = separator.replace("{", "{{").replace("}", "}}").join("{" + n + "}" for n in names)
    return Text(pattern, dict(zip(names, parts)))
