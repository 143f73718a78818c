"""Rendering core's messages as terminal text, with buttons as numbered choices."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Sequence

from core.chat.replies import Button, Message, Reply
from core.i18n import translate
from core.model.digests import DigestView

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
WIDTH = 100
#: a digest as the console shows it, in a language (its template's text, handed in by the composition root)
DigestText = Callable[[DigestView, str], Sequence[str]]


def plain(text: str) -> str:
    """What a person typed, made safe for a terminal: no escape sequences, no control characters."""
    return _CONTROL.sub("", text)


def render(reply: Reply, key: Callable[[Button], str], marker: str = "", digest: DigestText | None = None) -> str:
    """The reply as text; each button is shown as `[key] label`, its key given by `key`.

    A marker (📬 for notices) stands before each message's first line.
    """
    return "\n".join(_message(message, reply.language, key, marker, digest) for message in reply.messages)


def _message(message: Message, language: str, key: Callable[[Button], str], marker: str,
             digest: DigestText | None) -> str:
    prefix = "     " if marker else "  "
    lines: list[str] = []
    parts = message.lines
    if message.digest is not None and digest is not None:  # the digest has a template of its own for the console
        parts = tuple(digest(message.digest, language))
    for part in parts:
        for line in translate(part, language, plain).splitlines() or [""]:
            lines += textwrap.wrap(line, WIDTH, initial_indent=prefix, subsequent_indent=prefix) or [prefix.rstrip()]
    if message.image:
        lines.append(prefix + "🖼 " + plain(message.image.get("url") or message.image.get("file_id", "")))
    if message.attachment is not None:
        lines.append(prefix + "📎 " + plain(message.attachment.filename))
    for row in message.buttons:
        cells = []
        for button in row:
            cells.append(f"[{key(button)}] {translate(button.label, language, plain)}")
        lines.append(prefix + "   ".join(cells))
    if marker and lines:
        lines[0] = "  " + marker + lines[0][len(prefix):]
    return "\n".join(lines)
