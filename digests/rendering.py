"""Digests and emails rendered from the templates in digests/templates, for each channel and language.

One Jinja environment serves the whole project. Templates say everything in English through gettext;
the language is a variable of each render, so the same template gives English or Norwegian bokmål.
Templates ending in .html are escaped (Telegram's HTML, email HTML, web pages); .txt ones show what
people typed as they typed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import css_inline
from babel.dates import format_datetime
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape

from core.i18n import DEFAULT_LANGUAGE, catalog, supported
from core.model.digests import DigestView
from core.model.notices import NoticeKind

TEMPLATES = Path(__file__).parent / "templates"
TELEGRAM_LIMIT = 4096
CHANNELS = ("telegram", "console", "email_text", "email_html")
EMAIL_KINDS = (NoticeKind.DIGEST, NoticeKind.NEWSLETTER, NoticeKind.EVENT_REMINDER, NoticeKind.EMAIL_CODE)

#: where a Telegram message may be cut: the templates put it before each item and section
ITEM_BREAK = "\x1e"
#: control characters have no place in what people read, and one of them marks the cuts above
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

#: how a moment is written in each language (babel supplies the names of days and months)
_PATTERNS = {
    "en": {"when": "EEEE d MMMM, HH:mm", "day": "EEEE d MMMM", "clock": "HH:mm"},
    "nb": {"when": "EEEE d. MMMM 'kl.' HH:mm", "day": "EEEE d. MMMM", "clock": "HH:mm"},
}
_BABEL_LOCALES = {"en": "en_GB", "nb": "nb_NO"}


@dataclass(frozen=True)
class Links:
    """How a chat start parameter ("d12", "e3") becomes something a reader can follow on one channel.

    On Telegram it is a deep link that opens the bot; in the console a command to type; in mail the
    Telegram deep link when the bot is known, and nothing otherwise (mail cannot open a console).
    """

    bot_username: str | None = None
    command: bool = False

    @classmethod
    def telegram(cls, bot_username: str) -> "Links":
        return cls(bot_username=bot_username)

    @classmethod
    def console(cls) -> "Links":
        return cls(command=True)

    @classmethod
    def email(cls, bot_username: str | None) -> "Links":
        return cls(bot_username=bot_username or None)

    def url(self, param: str) -> str | None:
        """A link to follow, or None where there is none."""
        if not param or not self.bot_username:
            return None
        return f"https://t.me/{self.bot_username}?start={quote(param, safe='')}"

    def text(self, param: str) -> str | None:
        """What plain text shows for it: the command to type, or the link."""
        if param and self.command:
            return f"/start {param}"
        return self.url(param)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def render_digest(view: DigestView, channel: str, language: str, links: Links) -> list[str]:
    """The digest for one channel: Telegram HTML in parts of at most 4096 characters (cut only between
    items), plain text for the console and mail, or the HTML that goes inside a mail's layout."""
    values = {"digest": _clean_digest(view), "timezone": view.timezone, "links": links,
              "in_chat": channel in ("telegram", "console")}
    if channel == "telegram":
        text = _render("digest/telegram.html", language, values)
        return pack(text.split(ITEM_BREAK), TELEGRAM_LIMIT)
    if channel in ("console", "email_text"):
        return [_render("digest/text.txt", language, values).strip()]
    if channel == "email_html":
        return [_render("digest/email.html", language, values).strip()]
    raise ValueError(f"no digest for channel {channel!r}: use one of {', '.join(CHANNELS)}")


def render_email(kind: NoticeKind, params: dict[str, Any], language: str, links: Links,
                 unsubscribe_url: str) -> RenderedEmail:
    """Subject, plain text and HTML (its styles inlined, as mail programs want) of one email.

    Every mail ends with why it came and a link that stops it. A missing parameter raises
    jinja2.UndefinedError rather than sending a mail with a hole in it.
    """
    if kind not in EMAIL_KINDS:
        raise ValueError(f"no email for a {kind.value} notice")
    params = _clean(params)
    values: dict[str, Any] = {**params, "kind": kind.value, "links": links, "unsubscribe_url": unsubscribe_url,
                              "in_chat": False}
    if kind is NoticeKind.DIGEST:
        view = DigestView.from_params(params)
        values.update(digest=view, timezone=view.timezone)
    values.setdefault("timezone", "UTC")
    name = f"email/{kind.value}"
    subject = " ".join(_render_block(f"{name}.txt", "subject", language, values).split())
    values["subject"] = subject
    text = _render(f"{name}.txt", language, values).strip() + "\n"
    html = _INLINER.inline(_render(f"{name}.html", language, values))
    return RenderedEmail(subject, text, html)


def render_page(template: str, language: str, **values: Any) -> str:
    """A web page from the templates (the unsubscribe pages), in the reader's language."""
    return _render(template, language, _clean(values))


def pack(blocks: list[str], limit: int) -> list[str]:
    """Blocks joined into as few parts as fit in `limit` characters each; a block is never cut, unless it
    alone is longer than a part (then at line ends)."""
    parts: list[str] = []
    current = ""
    for block in _fitting(blocks, limit):
        if current and len((current + block).strip()) > limit:
            parts.append(current.strip())
            current = ""
        current += block
    if current.strip():
        parts.append(current.strip())
    return parts or [""]


def _fitting(blocks: list[str], limit: int) -> list[str]:
    """The blocks, each cut at line ends where it alone would not fit."""
    out: list[str] = []
    for block in blocks:
        if len(block.strip()) <= limit:
            out.append(block)
            continue
        lines = block.splitlines(keepends=True)
        out.extend(line[:limit] for line in lines)  # a single line this long is not something templates make
    return out


# --- the environment ---------------------------------------------------------------------------------

def _language(language: str | None) -> str:
    return supported(language) or DEFAULT_LANGUAGE


@pass_context
def _gettext(context: Context, message: str) -> str:
    return catalog(_language(context.get("language"))).gettext(message)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return catalog(_language(context.get("language"))).ngettext(singular, plural, n)


def _moment(context: Context, iso: str, pattern: str) -> str:
    if not iso:
        return ""
    language = _language(context.get("language"))
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


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
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


ENVIRONMENT = _environment()
_INLINER = css_inline.CSSInliner(keep_style_tags=False)


def _render(template: str, language: str, values: dict[str, Any]) -> str:
    return ENVIRONMENT.get_template(template).render(values, language=_language(language),
                                                     markup=template.endswith(".html"))


def _render_block(template: str, block: str, language: str, values: dict[str, Any]) -> str:
    """One block of a template alone (a mail's subject lives in its text template)."""
    found = ENVIRONMENT.get_template(template)
    context = found.new_context({**values, "language": _language(language), "markup": template.endswith(".html")})
    return "".join(found.blocks[block](context))


def _clean(value: Any) -> Any:
    """Parameters without control characters (newlines and tabs stay)."""
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_clean(v) for v in value)
    return value


def _clean_digest(view: DigestView) -> DigestView:
    return DigestView.from_params(_clean(view.to_params()))
