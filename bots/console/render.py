"""Rendering core's messages as terminal text, with buttons as numbered choices."""

from __future__ import annotations

import re
import textwrap

from core.chat.replies import Button, Message, Reply
from core.i18n import translate

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
WIDTH = 100


def plain(text: str) -> str:
    """What a person typed, made safe for a terminal: no escape sequences, no control characters."""
    return _CONTROL.sub("", text)


def render(reply: Reply, buttons: list[Button], prefix: str = "  ") -> str:
    """The reply as text; its buttons are appended to `buttons` and numbered by their place there."""
    return "\n".join(_message(message, reply.language, prefix, buttons) for message in reply.messages)


def _message(message: Message, language: str, prefix: str, buttons: list[Button]) -> str:
    lines: list[str] = []
    for part in message.lines:
        for line in translate(part, language, plain).splitlines() or [""]:
            lines += textwrap.wrap(line, WIDTH, initial_indent=prefix, subsequent_indent=prefix) or [prefix.rstrip()]
    for row in message.buttons:
        cells = []
        for button in row:
            buttons.append(button)
            cells.append(f"[{len(buttons)}] {translate(button.label, language, plain)}")
        lines.append(prefix + "   ".join(cells))
    return "\n".join(lines)
