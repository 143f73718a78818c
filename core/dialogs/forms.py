"""Forms: fields with a kind and limits, defined once and asked by every adapter."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field as attribute
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import TYPE_CHECKING, Any, Awaitable, Callable

from ..cleaning import clean_text
from ..i18n import DEFAULT_LANGUAGE, Text, _, ngettext, translate

if TYPE_CHECKING:
    from ..clock import Clock
    from ..model.branches import Branch
    from ..model.members import Member
    from ..ports import UnitOfWork
    from ..views.model import View

#: a form's finish: the answers (and the dialog's context) handed to its use case, and what the
#: person is shown afterwards; plain arguments, so every surface finishes a form the same way
Finish = Callable[["UnitOfWork", "Clock", "Member", "Branch", dict[str, Any], dict[str, Any]],
                  Awaitable[list["View"]]]


class FieldKind(str, Enum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    CHOICE = "choice"
    CHOICES = "choices"
    YES_NO = "yes_no"
    DATE = "date"
    DATETIME = "datetime"
    NUMBER = "number"
    IMAGE = "image"


class Invalid(Exception):
    def __init__(self, reason: Text) -> None:
        super().__init__(reason.msgid)
        self.reason = reason


@dataclass(frozen=True)
class Option:
    value: str
    label: Text | str


YES_WORDS = {"y", "yes", "j", "ja", "jo", "yep", "ok", "1"}
NO_WORDS = {"n", "no", "nei", "nej", "nee", "0"}
_URL = re.compile(r"^https://[^\s<>\"']+$")
_DATE_TIME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2})[:.](\d{2})$")
_DATE_TIME_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}) (\d{1,2})[:.](\d{2})$")
clean = clean_text  # every answer is cleaned as it is read (core.cleaning says what goes and what stays)


@dataclass(frozen=True)
class Field:
    name: str
    kind: FieldKind
    prompt: Text
    min_length: int = 1
    max_length: int = 200
    options: tuple[Option, ...] = ()
    required: bool = True
    must_be_yes: Text | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    #: a NUMBER that must be a whole number
    whole: bool = False
    #: options that differ per dialog: a key of the dialog's context holding [[value, label], ...]
    options_from: str = ""
    #: asked only when an earlier answer is one of some values: (that field's name, the key of the dialog's
    #: context listing the values); otherwise it is passed over and left empty. A form shown whole shows it
    #: always, and takes it only after those answers.
    when: tuple[str, str] = ()

    def asked(self, answers: Mapping[str, Any], context: Mapping[str, Any]) -> bool:
        """Whether this field is asked, given the answers so far."""
        if not self.when:
            return True
        name, key = self.when
        return str(answers.get(name)) in {str(value) for value in context.get(key) or []}
    #: a TEXT answer written in numbers ("14, 3"), so that a surface pressing buttons by number lets it be typed
    numbers: bool = False

    def parse(self, raw: str, language: str = DEFAULT_LANGUAGE) -> Any:
        """Turn typed text into this field's value, or raise Invalid with a kind reason.

        An option may be typed as its button says in `language`, as its number, or as its value.
        """
        text = clean(raw)
        if self.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
            if self.kind is FieldKind.TEXT:
                text = " ".join(text.split())
            if len(text) > self.max_length:
                raise Invalid(ngettext("That is {count} character; please keep it to {max}.",
                                       "That is {count} characters; please keep it to {max}.", len(text),
                                       max=self.max_length))
            if len(text) < self.min_length:
                raise Invalid(ngettext("Please write at least {count} character.",
                                       "Please write at least {count} characters.", self.min_length))
            return text
        if self.kind is FieldKind.YES_NO:
            word = text.lower()
            if word in YES_WORDS:
                return True
            if word in NO_WORDS:
                return False
            raise Invalid(_("Please answer yes or no."))
        if self.kind is FieldKind.NUMBER:
            try:
                number = Decimal(text.replace(",", ".").replace(" ", ""))
            except InvalidOperation:
                raise Invalid(_("Please write a number, like 500.")) from None
            if not number.is_finite() or (self.minimum is not None and number < self.minimum) or (
                    self.maximum is not None and number > self.maximum):
                raise Invalid(_("Please write a number between {min} and {max}.", min=self.minimum, max=self.maximum))
            if self.whole:
                if number != number.to_integral_value():
                    raise Invalid(_("Please write a whole number, like 20."))
                return str(int(number))
            return str(number)
        if self.kind is FieldKind.DATE:
            try:
                return date.fromisoformat(text).isoformat()
            except ValueError:
                raise Invalid(_("Please write a date as YYYY-MM-DD, like 2027-05-17.")) from None
        if self.kind is FieldKind.DATETIME:
            return _date_time(text)
        if self.kind is FieldKind.IMAGE:
            if _URL.match(text) and len(text) <= 500:
                return {"url": text}
            raise Invalid(_("Please send a picture (or a link to one starting with https://)."))
        chosen = [self.option_for(part, language) for part in re.split(r"[,;]", text) if part.strip()]
        if self.kind is FieldKind.CHOICE:
            if len(chosen) != 1:
                raise Invalid(_("Please choose one of the options."))
            return chosen[0]
        if not chosen:
            raise Invalid(_("Please choose at least one of the options."))
        return sorted(set(chosen), key=self.values().index)

    def option_for(self, word: str, language: str = DEFAULT_LANGUAGE) -> str:
        word = " ".join(word.strip().removeprefix(TICK).split()).casefold()
        for number, option in enumerate(self.options, 1):
            said = {str(number), option.value.casefold(), _label(option.label, language),
                    _label(option.label, DEFAULT_LANGUAGE)}
            if word in said:
                return option.value
        raise Invalid(_("“{word}” is not one of the options.", word=word[:40]))

    def values(self) -> list[str]:
        return [o.value for o in self.options]


#: what a ticked option's button starts with; typed along with the label, it is not part of the answer
TICK = "✓"


def _label(label: Text | str, language: str) -> str:
    return " ".join(translate(label, language).split()).casefold()


def _date_time(text: str) -> str:
    """'2027-05-17 18:00' (or '17.05.2027 18:00') as '2027-05-17T18:00', a wall-clock time."""
    found = _DATE_TIME.match(text)
    if found:
        year, month, day, hour, minute = (int(g) for g in found.groups())
    else:
        found = _DATE_TIME_DMY.match(text)
        if not found:
            raise Invalid(_("Please write a date and time as YYYY-MM-DD HH:MM, like 2027-05-17 18:00."))
        day, month, year, hour, minute = (int(g) for g in found.groups())
    try:
        return datetime(year, month, day, hour, minute).isoformat(timespec="minutes")
    except ValueError:
        raise Invalid(_("Please write a date and time as YYYY-MM-DD HH:MM, like 2027-05-17 18:00.")) from None


@dataclass(frozen=True)
class Situation:
    """What reading and checking answers needs besides the answers themselves.

    The time now (UTC), the branch's time zone (times are typed on its clock), the language the
    person reads (options may be typed as they are labelled in it), and the dialog's context: what
    it is about, and the options that differ per dialog (see `Field.options_from`).
    """

    now: datetime
    timezone: str = "UTC"
    language: str = DEFAULT_LANGUAGE
    context: Mapping[str, Any] = attribute(default_factory=dict)


@dataclass(frozen=True)
class Check:
    """A rule about one or more answers, run as soon as all of `fields` are answered.

    `rule` returns why the answers do not fit, or None. When it refuses, the person is asked
    again for `blame` (the last of `fields` unless named), with the reason.
    """

    fields: tuple[str, ...]
    rule: Callable[[dict[str, Any], Situation], Text | None]
    blame: str = ""

    @property
    def field(self) -> str:
        return self.blame or self.fields[-1]


@dataclass(frozen=True)
class Form:
    """A dialog: its fields in order, the checks across them, and whether the answers are confirmed."""

    name: str
    title: Text
    fields: tuple[Field, ...]
    summary: Callable[[dict[str, Any]], list[Text]] | None = None
    confirm_label: Text = _("Confirm")
    checks: tuple[Check, ...] = ()
    #: what happens with the answers (see `Finish`)
    finish: Finish | None = None
    #: the form shown whole, page by page: groups of at most five field names, every field once, in the
    #: order they are shown; empty for groups of five in field order (see core.dialogs.pages)
    pages: tuple[tuple[str, ...], ...] = ()

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def index(self, name: str) -> int:
        return next(i for i, f in enumerate(self.fields) if f.name == name)
