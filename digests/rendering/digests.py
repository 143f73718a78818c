"""A digest for each channel: Telegram HTML cut within Telegram's limit, plain text, or HTML for a mail."""

from __future__ import annotations

from jinja2 import Environment

from core.links import Links
from core.model.digests import DigestView

from .environment import ITEM_BREAK, clean, render

TELEGRAM_LIMIT = 4096
CHANNELS = ("telegram", "console", "email_text", "email_html")


def render_digest(env: Environment, view: DigestView, channel: str, language: str, links: Links) -> list[str]:
    """The digest for one channel: Telegram HTML in parts of at most 4096 characters (cut only between
    items), plain text for the console and mail, or the HTML that goes inside a mail's layout."""
    values = {"digest": DigestView.from_params(clean(view.to_params())), "timezone": view.timezone, "links": links,
              "in_chat": channel in ("telegram", "console")}
    if channel == "telegram":
        text = render(env, "digest/telegram.html", language, values)
        return pack(text.split(ITEM_BREAK), TELEGRAM_LIMIT)
    if channel in ("console", "email_text"):
        return [render(env, "digest/text.txt", language, values).strip()]
    if channel == "email_html":
        return [render(env, "digest/email.html", language, values).strip()]
    raise ValueError(f"no digest for channel {channel!r}: use one of {', '.join(CHANNELS)}")


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
