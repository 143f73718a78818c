"""What is pushed on Discord from templates (digests, newsletters, calls, reminders), in Discord's Markdown.

Each comes as a title and a body cut into parts that fit an embed's description (4096 characters),
cut only between items. What people wrote is escaped before it reaches the template, so it shows as
written: no bold, no links, no quote, no mention or timestamp of its own. Times are Discord's
timestamps, which each reader's app shows in their own time zone and language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jinja2 import Environment

from core.links import Links
from core.model.digests import DigestView
from core.model.notices import NoticeKind

from .digests import pack
from .environment import ITEM_BREAK, clean, render, render_block

#: an embed's description
EMBED_LIMIT = 4096
#: an embed's title
TITLE_LIMIT = 256
DISCORD_KINDS = (NoticeKind.DIGEST, NoticeKind.NEWSLETTER, NoticeKind.CALL_POSTED, NoticeKind.EVENT_REMINDER)
#: parameters that are not what anyone wrote: times, codes, zones (escaping would break them)
_PLAIN = frozenset({"timezone", "since", "until", "frequency", "open", "at", "starts_at", "ends_at", "key",
                    "status", "image", "kind", "audience"})
_SPECIAL = re.compile(r"([\\*_~`|\[\]<>])")
_LINE_START = re.compile(r"(?m)^(\s*)([#-])")


@dataclass(frozen=True)
class DiscordText:
    title: str
    parts: list[str]


def markdown_escaped(text: str) -> str:
    """Text shown as written in Discord: its markdown, masked links, timestamps and mentions made inert."""
    text = _LINE_START.sub(r"\1\\\2", _SPECIAL.sub(r"\\\1", text))
    return text.replace("@", "@\u200b")


def escaped(value: Any, key: str = "") -> Any:
    """Parameters with every text a person wrote escaped (times, codes and zones left as they are)."""
    if key in _PLAIN:
        return value
    if isinstance(value, str):
        return markdown_escaped(value)
    if isinstance(value, dict):
        return {k: escaped(v, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(escaped(v) for v in value)
    return value


def stamp(iso: str, style: str = "f") -> str:
    """A Discord timestamp: each reader sees the moment in their own time zone ("R": "in 3 days")."""
    if not iso:
        return ""
    return f"<t:{int(datetime.fromisoformat(iso).timestamp())}:{style}>"


def render_discord(env: Environment, kind: NoticeKind, params: dict[str, Any], language: str,
                   links: Links = Links()) -> DiscordText:
    """The title and the embed-sized parts of one notice from its Discord template."""
    if kind not in DISCORD_KINDS:
        raise ValueError(f"no Discord template for a {kind.value} notice")
    params = escaped(clean(params))
    values: dict[str, Any] = {**params, "links": links, "stamp": stamp, "in_chat": True}
    if kind is NoticeKind.DIGEST:
        view = DigestView.from_params(params)
        values.update(digest=view, timezone=view.timezone)
    values.setdefault("timezone", "UTC")
    name = f"discord/{kind.value}.md"
    title = " ".join(render_block(env, name, "title", language, values).split())
    body = render(env, name, language, values)
    return DiscordText(title[:TITLE_LIMIT], pack([b for b in body.split(ITEM_BREAK)], EMBED_LIMIT))
