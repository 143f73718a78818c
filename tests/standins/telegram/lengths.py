"""Telegram's length limits, counted as Telegram counts them: text in UTF-16 code units, button data in bytes.

An emoji such as 🌊 is one code point but two UTF-16 code units, so 4096 of them are too long for a message.
"""

from __future__ import annotations

MESSAGE_TEXT_LIMIT = 4096  # UTF-16 code units, after the entities are parsed out
CAPTION_LIMIT = 1024  # UTF-16 code units, after the entities are parsed out
CALLBACK_ANSWER_LIMIT = 200  # UTF-16 code units of answerCallbackQuery's text
CALLBACK_DATA_LIMIT = 64  # bytes of UTF-8
BUTTONS_LIMIT = 100
INVITE_LINK_NAME_LIMIT = 32  # UTF-16 code units
COMMAND_DESCRIPTION_LIMIT = 256  # UTF-16 code units


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units: the unit of Telegram's text limits and entity offsets."""
    return len(text.encode("utf-16-le")) // 2
