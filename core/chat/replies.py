"""What core answers: messages made of translatable text and rows of buttons."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..i18n import Text
from ..model.digests import DigestView

if TYPE_CHECKING:
    from ..views.model import View


@dataclass(frozen=True)
class Button:
    """A button: a press carries `token` back to core; a link button opens the bot at `/start <link>`.

    `share` asks the platform to offer the link for sharing rather than open it. `invite` names a
    branch's chat ("circle:3"): the button opens the platform's link for asking to join it.
    """

    label: Text | str
    token: str = ""
    link: str = ""
    share: bool = False
    invite: str = ""


@dataclass(frozen=True)
class Attachment:
    """A file that comes with a message: a calendar entry, an attendee list."""

    filename: str
    data: bytes
    mime: str


@dataclass(frozen=True)
class Message:
    """Lines of text (joined by line breaks when rendered) and rows of buttons under them."""

    lines: tuple[Text | str, ...]
    buttons: tuple[tuple[Button, ...], ...] = ()
    #: what the message is about, so an adapter may edit or place it ("review:12", "dream:3")
    topic: str = ""
    #: set when the message asks for a number, so a typed number is not read as a button's
    wants_number: bool = False
    #: a file to send with the message
    attachment: Attachment | None = None
    #: a picture shown with the message: {"platform": ..., "file_id": ...} or {"url": ...}
    image: dict[str, str] | None = None
    #: the message is the new state of the one whose button was pressed, so it may replace it
    replaces: bool = False
    #: a digest, which adapters render with their channel's template (the lines are a short fallback)
    digest: DigestView | None = None
    #: the view model the message was laid out from, for surfaces that draw views themselves
    view: "View | None" = None

    @classmethod
    def of(cls, *lines: Text | str, buttons: list[list[Button]] | None = None, topic: str = "",
           wants_number: bool = False, attachment: Attachment | None = None, image: dict[str, str] | None = None,
           replaces: bool = False) -> "Message":
        return cls(tuple(lines), tuple(tuple(row) for row in (buttons or []) if row), topic, wants_number,
                   attachment, image or None, replaces)

    def with_view(self, view: "View") -> "Message":
        return replace(self, view=view)


@dataclass(frozen=True)
class Reply:
    """Messages for one person, with the language they read."""

    language: str
    messages: tuple[Message, ...] = field(default_factory=tuple)
    #: the input was refused (nothing changed); platforms may show this as an alert
    refused: bool = False
