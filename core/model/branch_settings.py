"""A branch's settings as its admin changes them: each one's name, how it is shown, and the check of a new value."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Callable

from ..errors import Refused
from ..i18n import LANGUAGES, Text, _, join
from .branches import (RESPONSE_DAYS_MAX, STALL_DAYS_MAX, Branch, check_branch_name, check_contact, check_criterion,
                       check_language, check_reminder_days, check_timezone, check_whole_number, parse_quorum)

WEEKDAYS = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday"))
#: the catalog's wording of the three deposit criteria, shown where a branch has none of its own
DEFAULT_CRITERIA = (_("Is the dream non-profit — nobody earns money from it?"),
                    _("Does it strengthen social values or create positive activity where you live?"),
                    _("Can it be realised, at least in part? Big dreams are welcome."))



def criteria_questions(b: Branch) -> tuple[Text | str, Text | str, Text | str]:
    """The three questions a deposit asks, as the branch words them (the catalog's words where it does not): a
    dream fits the bank when each is answered yes."""
    first, second, third = (b.criteria[i] or DEFAULT_CRITERIA[i] for i in range(3))
    return first, second, third


#: how a new inquiry gets its consultant, by the branch's `inquiry_assignment`
ASSIGNMENT_CHOICES: dict[str, Text] = {"round_robin": _("the consultants in turn"),
                                       "topic": _("by the consultants' topics, else in turn")}
#: what becomes of an erased member's open dream, by the branch's `erasure_hands_dreams`
ERASURE_CHOICES: dict[bool, Text] = {False: _("it is retracted"), True: _("it goes to the bank manager")}


@dataclass(frozen=True)
class BranchSetting:
    """One setting: its label, the question that asks for a new value, the value shown now, and the change
    (Refused with the check's reason when the value cannot be). `choices` are the values to pick from, where
    there are few; else the value is typed."""

    name: str
    label: Text
    ask: Text
    shown: Callable[[Branch], Text | str]
    changed: Callable[[Branch, str], Branch]
    choices: tuple[tuple[str, Text | str], ...] = ()
    #: the lowest and highest value of a setting that is a whole number; None for one that is not
    bounds: tuple[int, int] | None = None
    #: a setting typed as numbers though not one whole number (a list of days)
    numbers: bool = False


def _criterion(index: int) -> tuple[Callable[[Branch], Text | str], Callable[[Branch, str], Branch]]:
    def shown(b: Branch) -> Text | str:
        return criteria_questions(b)[index]

    def changed(b: Branch, text: str) -> Branch:
        criteria = list(b.criteria)
        criteria[index] = check_criterion(text)
        return replace(b, criteria=(criteria[0], criteria[1], criteria[2]))
    return shown, changed


def _weekday(b: Branch, text: str) -> Branch:
    return replace(b, digest_weekday=check_whole_number(text, 0, 6))


def _assignment(text: str) -> str:
    if text.strip() not in ASSIGNMENT_CHOICES:
        raise Refused(_("That setting does not exist. Nothing was changed."))
    return text.strip()


SETTINGS: tuple[BranchSetting, ...] = (
    BranchSetting("name", _("Name"), _("What is the branch called? Type its new name."), lambda b: b.name,
                  lambda b, t: replace(b, name=check_branch_name(t))),
    BranchSetting("language", _("Language"), _("Which language does the branch speak to those who chose none?"),
                  lambda b: LANGUAGES.get(b.language, b.language),
                  lambda b, t: replace(b, language=check_language(t.strip())), tuple(LANGUAGES.items())),
    BranchSetting("timezone", _("Time zone"), _("Which time zone is the branch in? Type a name like Europe/Oslo."),
                  lambda b: b.timezone, lambda b, t: replace(b, timezone=check_timezone(t.strip()))),
    BranchSetting("quorum", _("Quorum rule"),
                  _("How does the board decide? Type majority, or approvals:N for N approvals (like approvals:2)."),
                  lambda b: b.quorum.describe(), lambda b, t: replace(b, quorum=parse_quorum(t))),
    BranchSetting("stall", _("Stall period (days)"),
                  _("After how many days without a decision may the bank manager settle a review? Type a number."),
                  lambda b: str(b.stall_after.days),
                  lambda b, t: replace(b, stall_after=timedelta(days=check_whole_number(t, 1, STALL_DAYS_MAX))),
                  bounds=(1, STALL_DAYS_MAX)),
    BranchSetting("weekday", _("Digest weekday"), _("On which weekday does the weekly digest go out?"),
                  lambda b: WEEKDAYS[b.digest_weekday % 7], _weekday,
                  tuple((str(i), day) for i, day in enumerate(WEEKDAYS))),
    BranchSetting("hour", _("Digest hour"), _("At which hour (0 to 23, the branch's time) do digests go out?"),
                  lambda b: "%02d:00" % b.digest_hour,
                  lambda b, t: replace(b, digest_hour=check_whole_number(t, 0, 23)), bounds=(0, 23)),
    BranchSetting("response", _("Inquiry response time (working days)"),
                  _("Within how many working days is an inquiry answered? Type a number."),
                  lambda b: str(b.response_days),
                  lambda b, t: replace(b, response_days=check_whole_number(t, 1, RESPONSE_DAYS_MAX)),
                  bounds=(1, RESPONSE_DAYS_MAX)),
    *(BranchSetting(name, label, _("Type the branch's own wording of this criterion, or - for the usual one."),
                    *_criterion(i))
      for i, (name, label) in enumerate((("non_profit", _("Criterion: non-profit")),
                                         ("social_value", _("Criterion: social value")),
                                         ("realisable", _("Criterion: realisable"))))),
    BranchSetting("erasure", _("An erased member's open dream"),
                  _("When a member has everything about them erased, what becomes of their dream that is still open?"),
                  lambda b: ERASURE_CHOICES[b.erasure_hands_dreams],
                  lambda b, t: replace(b, erasure_hands_dreams=check_whole_number(t, 0, 1) == 1),
                  tuple((str(int(hands)), shown) for hands, shown in ERASURE_CHOICES.items())),
    BranchSetting("assignment", _("Who gets a new inquiry"),
                  _("How does a new inquiry get its consultant? By topic, a consultant's /expertise decide."),
                  lambda b: ASSIGNMENT_CHOICES.get(b.inquiry_assignment, b.inquiry_assignment),
                  lambda b, t: replace(b, inquiry_assignment=_assignment(t)), tuple(ASSIGNMENT_CHOICES.items())),
    BranchSetting("fund_reminders", _("Fund reminders (days before the deadline)"),
                  _("How many days before a fund's deadline are the owners of matching dreams and projects reminded? "
                    "Type up to three numbers, like 14, 3."),
                  lambda b: join([str(d) for d in b.fund_reminder_days]),
                  lambda b, t: replace(b, fund_reminder_days=check_reminder_days(t)), numbers=True),
    BranchSetting("contact", _("Contact"),
                  _("How do residents reach the branch? Type an email address, a phone number or a place, as the "
                    "public pages should show it; or - for none."),
                  lambda b: b.contact or _("none"), lambda b, t: replace(b, contact=check_contact(t))),
)
BY_NAME = {s.name: s for s in SETTINGS}


def setting_called(name: str) -> BranchSetting:
    found = BY_NAME.get(name)
    if found is None:
        raise Refused(_("That setting does not exist. Nothing was changed."))
    return found
