"""The one Jinja environment: templates say everything in English through gettext, in the reader's language.

The language is a variable of each render, so the same template gives English or Norwegian bokmål.
Templates ending in .html are escaped (Telegram's HTML, email HTML, web pages); .txt ones show what
people typed as they typed it. The environment is built by the composition root and handed to renderers.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape

from core.i18n import DEFAULT_LANGUAGE, catalog, supported

#: the templates of what the platform pushes: digests and mail
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
#: where a Telegram message may be cut: the templates put it before each item and section
ITEM_BREAK = "\x1e"
#: control characters have no place in what people read, and one of them marks the cuts above
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

#: how a moment is written in each language (babel supplies the names of days and months)
_PATTERNS = {
    "en": {"when": "EEEE d MMMM, HH:mm", "day": "EEEE d MMMM", "clock": "HH:mm"},
    "nb": {"when": "EEEE d. MMMM 'kl.' HH:mm", "day": "EEEE d. MMMM", "clock": "HH:mm"},
    "da": {"when": "EEEE 'den' d. MMMM 'kl.' HH.mm", "day": "EEEE 'den' d. MMMM", "clock": "HH.mm"},
}
_BABEL_LOCALES = {"en": "en_GB", "nb": "nb_NO", "da": "da_DK"}


def template_environment(*folders: Path) -> Environment:
    """The environment over `folders` (digests' own templates when none are named), strict about missing
    values, escaping HTML, with gettext and the date filters installed."""
    env = Environment(
        loader=FileSystemLoader(list(folders or (TEMPLATES,))),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False, default=False),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.policies["ext.i18n.trimmed"] = True  # the same msgids that babel.cfg's `trimmed` extracts
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(when=when, day=day, clock=clock, span=span, paragraphs=paragraphs)
    env.globals["item_break"] = ITEM_BREAK
    return env


def render(env: Environment, template: str, language: str, values: dict[str, Any]) -> str:
    """One template in the reader's language (one we have, else the default)."""
    return env.get_template(template).render(values, language=language_of(language),
                                             markup=template.endswith(".html"))


def render_block(env: Environment, template: str, block: str, language: str, values: dict[str, Any]) -> str:
    """One block of a template alone (a mail's subject lives in its text template)."""
    found = env.get_template(template)
    context = found.new_context({**values, "language": language_of(language), "markup": template.endswith(".html")})
    return "".join(found.blocks[block](context))


def clean(value: Any) -> Any:
    """Parameters without control characters (newlines and tabs stay)."""
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(clean(v) for v in value)
    return value


def language_of(language: str | None) -> str:
    return supported(language) or DEFAULT_LANGUAGE


@pass_context
def _gettext(context: Context, message: str) -> str:
    return catalog(language_of(context.get("language"))).gettext(message)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return catalog(language_of(context.get("language"))).ngettext(singular, plural, n)


def _moment(context: Context, iso: str, pattern: str) -> str:
    if not iso:
        return ""
    language = language_of(context.get("language"))
    at = datetime.fromisoformat(iso)
    return format_datetime(at, _PATTERNS[language][pattern], tzinfo=ZoneInfo(context["timezone"]),
                           locale=_BABEL_LOCALES[language])


@pass_context
def when(context: Context, iso: str) -> str:
    """An ISO UTC time in the branch's time zone and the reader's language: "Tuesday 12 May, 18:00"."""
    return _moment(context, iso, "when")


@pass_context
def day(context: Context, iso: str) -> str:
    """Its date only: "Tuesday 12 May"."""
    return _moment(context, iso, "day")


@pass_context
def clock(context: Context, iso: str) -> str:
    """Its time of day only: "18:00"."""
    return _moment(context, iso, "clock")


@pass_context
def span(context: Context, starts: str, ends: str | None) -> str:
    """From start to end: "Tuesday 12 May, 18:00–20:00", or both in full when they fall on different days."""
    if not ends:
        return when(context, starts)
    if day(context, starts) == day(context, ends):
        return f"{when(context, starts)}–{clock(context, ends)}"
    return f"{when(context, starts)} – {when(context, ends)}"


def paragraphs(text: str) -> Markup:
    """What a person wrote, as HTML paragraphs: escaped, blank lines part paragraphs, single ones break lines."""
    chunks = [c.strip() for c in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if c.strip()]
    return Markup("\n").join(Markup("<p>{}</p>").format(Markup("<br>\n").join(escape(line) for line in
                                                                              c.split("\n"))) for c in chunks)
