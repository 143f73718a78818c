"""What core answers: messages made of translatable text and rows of buttons."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import Text


@dataclass(frozen=True)
class Button:
    label: Text
    token: str


@dataclass(frozen=True)
class Message:
    """Lines of text (joined by line breaks when rendered) and rows of buttons under them."""

    lines: tuple[Text, ...]
    buttons: tuple[tuple[Button, ...], ...] = ()
    #: what the message is about, so an adapter may edit or place it ("review:12", "dream:3")
    topic: str = ""

    @classmethod
    def of(cls, *lines: Text, buttons: list[list[Button]] | None = None, topic: str = "") -> "Message":
        return cls(tuple(lines), tuple(tuple(row) for row in (buttons or []) if row), topic)


@dataclass(frozen=True)
class Reply:
    """Messages for one person, with the language they read."""

    language: str
    messages: tuple[Message, ...] = field(default_factory=tuple)
