"""Core's messages as Telegram HTML with inline keyboards, within Telegram's limits."""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import quote

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from core.chat.replies import Button, Message
from core.i18n import translate

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
HEADING_MAX = 200


@dataclass(frozen=True)
class Outgoing:
    """One Telegram message: HTML text and, on the last part of a long message, its keyboard."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def render(message: Message, language: str, bot_username: str, limit: int = MESSAGE_LIMIT) -> list[Outgoing]:
    """What a person typed is escaped; the first line is bold; long text is split at line or word ends."""
    lines = [translate(line, language, escape) for line in message.lines]
    if lines and 0 < len(lines[0]) <= HEADING_MAX and "\n" not in lines[0]:
        lines[0] = f"<b>{lines[0]}</b>"  # short enough that no cut falls inside it
    parts = split("\n".join(lines), limit) or [""]
    keyboard = keyboard_of(message, language, bot_username)
    return [Outgoing(p) for p in parts[:-1]] + [Outgoing(parts[-1], keyboard)]


def keyboard_of(message: Message, language: str, bot_username: str) -> InlineKeyboardMarkup | None:
    if not message.buttons:
        return None
    return InlineKeyboardMarkup([[_button(b, language, bot_username) for b in row] for row in message.buttons])


def deep_link(bot_username: str, payload: str) -> str:
    return f"https://t.me/{bot_username}?start={payload}"


def _button(button: Button, language: str, bot_username: str) -> InlineKeyboardButton:
    label = translate(button.label, language)[:64]
    if button.link:
        url = deep_link(bot_username, button.link)
        if button.share:
            url = f"https://t.me/share/url?url={quote(url, safe='')}"
        return InlineKeyboardButton(label, url=url)
    return InlineKeyboardButton(label, callback_data=button.token)


def split(text: str, limit: int) -> list[str]:
    """Cut text into parts of at most `limit` characters, preferring line ends, then spaces.

    Parts never end inside an HTML entity or tag.
    """
    parts: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut < limit // 2:
            cut = text.rfind(" ", 0, limit)
        if cut < limit // 2:
            cut = _safe_hard_cut(text, limit)
        parts.append(text[:cut])
        text = text[cut:].lstrip("\n ")
    if text:
        parts.append(text)
    return parts


def _safe_hard_cut(text: str, limit: int) -> int:
    cut = limit
    amp, semi = text.rfind("&", 0, cut), text.rfind(";", 0, cut)
    if amp > semi:
        cut = amp
    lt, gt = text.rfind("<", 0, cut), text.rfind(">", 0, cut)
    if lt > gt:
        cut = lt
    return cut if cut > 0 else limit
