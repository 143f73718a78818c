"""What a person sees, before any surface draws it: cards, pages of entries, choices.

A view model holds translatable text and the actions this viewer may take; it knows nothing of
chat messages, HTML or buttons. Each action is either allowed or refused, and a refused one
carries the reason its use case gives, so every surface can hide it, grey it out or explain it
without deciding anything again. Telegram and the console lay a view out as lines and buttons,
Discord as an embed with components, the web portal as a page with forms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..i18n import Text, _
from .actions import Action

#: entries on one page of a list: under Discord's 25 components a message, in rows of five
PAGE_SIZE = 10


@dataclass(frozen=True)
class Act:
    """An action the viewer may take here: `action` with `args`, or a refusal with the use case's reason.

    `link` is an address to open instead of a press (sharing a dream, asking to join a group):
    a surface-specific address built from the deployment's configured surfaces, never hard-coded.
    `share` asks the surface to offer the link for sharing; `invite` names a branch's chat
    ("circle:3") whose join link the surface makes.
    """

    action: Action | None
    label: Text | str
    args: tuple[str, ...] = ()
    refused: Text | None = None
    link: str = ""
    share: bool = False
    invite: str = ""
    #: a second press undoes the first (a like): surfaces may draw it as a toggle
    pressed: bool = False

    @property
    def allowed(self) -> bool:
        return self.refused is None

    @classmethod
    def to(cls, action: Action, label: Text | str, *args: object, refused: Text | None = None,
           pressed: bool = False) -> "Act":
        return cls(action, label, tuple(str(a) for a in args), refused, pressed=pressed)


@dataclass(frozen=True)
class Fact:
    """One labelled value on a card: "Needs: time, money"."""

    label: Text | str
    value: Text | str


@dataclass(frozen=True)
class Card:
    """One thing shown whole: a dream, a project, an event, a call, an application.

    `kind` and `id` say what it is ("dream", 12), so a surface can link to it or replace an
    earlier message about it. `actions` are grouped in rows as they belong together.
    """

    kind: str
    id: int | None
    title: Text | str
    state: Text | str | None = None
    fields: tuple[Fact, ...] = ()
    body: tuple[Text | str, ...] = ()
    actions: tuple[tuple[Act, ...], ...] = ()
    image: dict[str, Any] | None = None

    @property
    def topic(self) -> str:
        return f"{self.kind}:{self.id}" if self.id is not None else self.kind

    def allowed(self) -> list[Act]:
        return [a for row in self.actions for a in row if a.allowed]

    def act(self, action: Action) -> Act | None:
        """The card's action of that kind, allowed or refused; None when the viewer is not offered it."""
        return next((a for row in self.actions for a in row if a.action is action), None)


@dataclass(frozen=True)
class Entry:
    """One line of a list, and the action that opens it."""

    title: Text | str
    detail: Text | str | None = None
    open: Act | None = None


@dataclass(frozen=True)
class Listing:
    """A list of entries, one page at a time; `previous` and `next` turn the page when there is one."""

    title: Text | str
    entries: tuple[Entry, ...]
    empty: Text | str
    page: int = 1
    pages: int = 1
    total: int = 0
    previous: Act | None = None
    next: Act | None = None
    intro: tuple[Text | str, ...] = ()
    actions: tuple[tuple[Act, ...], ...] = ()


@dataclass(frozen=True)
class Choice:
    """A question with its options, each an action; `chosen` marks the options already picked."""

    prompt: Text | str
    options: tuple[Act, ...]
    chosen: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Note:
    """A short answer: what just happened, and what the person may do next."""

    lines: tuple[Text | str, ...]
    actions: tuple[tuple[Act, ...], ...] = ()
    topic: str = ""

    @classmethod
    def of(cls, *lines: Text | str, actions: list[list[Act]] | None = None, topic: str = "") -> "Note":
        return cls(tuple(lines), tuple(tuple(row) for row in actions or [] if row), topic)


@dataclass(frozen=True)
class Question:
    """One question of a form asked step by step, or its last "is this right?", or a kind second look.

    `lines` say what is asked (the step, the question, hints, the answer given before); `options`
    are the answers to pick from (`pressed` marks those ticked so far), `actions` the rows of
    everything else (done, keep, skip, confirm, change, cancel). `field` names the field asked, or is
    empty at the confirmation. `sheet` is the whole form, for surfaces that show it at once.
    """

    lines: tuple[Text | str, ...]
    options: tuple[Act, ...] = ()
    actions: tuple[tuple[Act, ...], ...] = ()
    field: str = ""
    kind: str = ""
    #: the answer is a number, so a typed number is not read as an option's
    wants_number: bool = False
    sheet: "Sheet | None" = None


@dataclass(frozen=True)
class Input:
    """One field of a whole form, with what a surface needs to draw and check it before sending.

    `kind` is the field's kind ("text", "long_text", "choice", "choices", "yes_no", "date",
    "datetime", "number", "image"); `options` are (value, label) pairs; `value` is the answer given
    so far, or the one given before (when amending), to fill the input with; `refused` says why the
    answer sent was not taken.
    """

    name: str
    kind: str
    label: Text | str
    required: bool = True
    min_length: int = 0
    max_length: int = 0
    minimum: str | None = None
    maximum: str | None = None
    whole: bool = False
    options: tuple[tuple[str, Text | str], ...] = ()
    value: Any = None
    refused: Text | None = None


@dataclass(frozen=True)
class Sheet:
    """A whole form to fill in at once, in pages of at most five inputs (a modal's limit).

    `instance` names the dialog the answers go back to; `page` (1-based) is the page to show now.
    """

    form: str
    title: Text | str
    pages: tuple[tuple[Input, ...], ...]
    submit: Text | str
    instance: str = ""
    page: int = 1

    @property
    def inputs(self) -> tuple[Input, ...]:
        return tuple(i for page in self.pages for i in page)

    @property
    def refusals(self) -> dict[str, Text]:
        return {i.name: i.refused for i in self.inputs if i.refused is not None}


#: anything a surface is asked to show
View = Card | Listing | Choice | Note | Question | Sheet


def paged(items: list[Any], page: int, size: int = PAGE_SIZE) -> tuple[list[Any], int, int]:
    """The items on `page` (1-based, clamped to the pages there are), that page, and how many pages."""
    pages = max(1, -(-len(items) // size))
    page = min(max(1, page), pages)
    return items[(page - 1) * size: page * size], page, pages


def turns(action: Action, page: int, pages: int, *args: object) -> tuple[Act | None, Act | None]:
    """The acts that turn a list to its previous and next page (`action` with `args`, then the page number)."""
    previous = Act.to(action, _("‹ Previous"), *args, page - 1) if page > 1 else None
    following = Act.to(action, _("Next ›"), *args, page + 1) if page < pages else None
    return previous, following
