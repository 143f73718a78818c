"""Core's messages as Telegram HTML with inline keyboards, photos and files, within Telegram's limits."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from core.chat.replies import Attachment, Button, Message
from core.i18n import translate
from core.links import Links, share_url

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
HEADING_MAX = 200
PLATFORM = "telegram"
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Outgoing:
    """One Telegram message: HTML text and, on the last part of a long message, its keyboard.

    With `photo` (a file_id or a URL) or `document` the text is the caption of that photo or file.
    """

    text: str
    keyboard: InlineKeyboardMarkup | None = None
    photo: str | None = None
    document: Attachment | None = None

    @property
    def is_text(self) -> bool:
        return self.photo is None and self.document is None


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def render(message: Message, language: str, bot_username: str, limit: int = MESSAGE_LIMIT,
           invites: Mapping[str, str] | None = None, public_url: str = "") -> list[Outgoing]:
    """What a person typed is escaped; the first line is bold; long text is split at line or word ends.

    A picture or file carries the text as its caption when it fits; otherwise the picture comes
    before the text and the file after it. `invites` maps a button's `invite` to its URL; an
    invite button without one is left out. A share button shares the portal's page at `public_url`
    when the deployment has one (it opens in any browser, with its card), else the bot's deep link.
    """
    lines = [translate(line, language, escape) for line in message.lines]
    if lines and 0 < len(lines[0]) <= HEADING_MAX and "\n" not in lines[0]:
        lines[0] = f"<b>{lines[0]}</b>"  # short enough that no cut falls inside it
    text = "\n".join(lines)
    keyboard = keyboard_of(message, language, bot_username, invites, public_url)
    photo, document = photo_of(message.image), message.attachment
    if (photo or document) and fits_caption(text):
        first = Outgoing(text, keyboard, photo=photo, document=None if photo else document)
        return [first, Outgoing("", document=document)] if photo and document else [first]
    parts = split(text, limit) or [""]
    out = [Outgoing(p) for p in parts[:-1]] + [Outgoing(parts[-1], keyboard)]
    if photo:
        out.insert(0, Outgoing("", photo=photo))
    if document:
        out.append(Outgoing("", document=document))
    return out


def photo_of(image: Mapping[str, str] | None) -> str | None:
    """What Telegram can show: its own file_id, or a URL; a picture from another platform is left out."""
    if not image:
        return None
    if image.get("platform") == PLATFORM and image.get("file_id"):
        return image["file_id"]
    return image.get("url") or None


def fits_caption(text: str) -> bool:
    """Telegram counts a caption's length after the markup is parsed, in UTF-16 code units."""
    visible = html.unescape(_TAG.sub("", text))
    return len(visible.encode("utf-16-le")) // 2 <= CAPTION_LIMIT


def invites_of(messages: tuple[Message, ...] | list[Message]) -> set[str]:
    """The chats the messages' buttons invite to ("circle:3")."""
    return {b.invite for m in messages for row in m.buttons for b in row if b.invite}


def keyboard_of(message: Message, language: str, bot_username: str,
                invites: Mapping[str, str] | None = None, public_url: str = "") -> InlineKeyboardMarkup | None:
    links = Links.telegram(bot_username, public_url)
    rows = [[b for b in (_button(b, language, links, invites or {}) for b in row) if b is not None]
            for row in message.buttons]
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None


def _button(button: Button, language: str, links: Links,
            invites: Mapping[str, str]) -> InlineKeyboardButton | None:
    label = translate(button.label, language)[:64]
    if button.invite:
        url = invites.get(button.invite)
        return InlineKeyboardButton(label, url=url) if url else None
    if button.link:
        if button.share:
            return InlineKeyboardButton(label, url=share_url(links.share(button.link) or ""))
        return InlineKeyboardButton(label, url=links.url(button.link) or "")
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
