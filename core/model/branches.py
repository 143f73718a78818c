"""A branch: one municipality or district running its own part of the bank."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import timedelta
from enum import Enum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import Refused
from ..formats import currency_of
from ..i18n import LANGUAGES, Text, _, join, ngettext

SLUG_MAX = 40
#: the deposit's three criteria, as its dialog names them, in the order of `Branch.criteria`
CRITERIA_FIELDS = ("non_profit", "social_value", "realisable")
NAME_MAX = 100
#: a branch's short name: lower-case letters, digits and single hyphens inside, as in links and commands
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: the web's own first path segments, which a branch's pages (/<slug>/) would otherwise hide or be hidden by
RESERVED_SLUGS = frozenset({"signin", "signout", "go", "static", "healthz", "unsubscribe", "telegram", "api", "data"})


class QuorumKind(str, Enum):
    MAJORITY = "majority"
    APPROVALS = "approvals"


@dataclass(frozen=True)
class QuorumRule:
    """How many board votes decide a review.

    MAJORITY: a choice wins when more than half of the board chose it.
    APPROVALS: approved at `needed` approvals; once that can no longer happen, the larger of
    reject and ask-for-information decides.
    """

    kind: QuorumKind = QuorumKind.MAJORITY
    needed: int = 0

    def __post_init__(self) -> None:
        if self.kind is QuorumKind.APPROVALS and self.needed < 1:
            raise ValueError("an approvals quorum needs at least one approval")

    def describe(self) -> str:
        return "majority" if self.kind is QuorumKind.MAJORITY else f"approvals:{self.needed}"

    @classmethod
    def parse(cls, text: str) -> "QuorumRule":
        """'majority' or 'approvals:N'."""
        text = text.strip().lower()
        if text == "majority":
            return cls()
        kind, _, number = text.partition(":")
        if kind == "approvals" and number.isdigit():
            return cls(QuorumKind.APPROVALS, int(number))
        raise ValueError(f"unknown quorum rule {text!r}: use 'majority' or 'approvals:N'")


@dataclass
class Branch:
    slug: str
    name: str
    language: str = "en"
    timezone: str = "Europe/Oslo"
    quorum: QuorumRule = field(default_factory=QuorumRule)
    stall_after: timedelta = timedelta(days=7)
    id: int | None = None
    #: the competences pådrivere choose from; empty means the default list, in the branch's language
    competences: tuple[str, ...] = ()
    #: when the digest goes out, in the branch's time zone: daily ones every day at the hour, weekly
    #: ones on the weekday (0 is Monday) at the hour
    digest_weekday: int = 0
    digest_hour: int = 9
    #: working days within which an inquiry to the municipality is answered
    response_days: int = 2
    #: the branch's own wording of the three deposit criteria (non-profit, social value, realisable), in that
    #: order; an empty one means the catalog's default, in the member's language
    criteria: tuple[str, str, str] = ("", "", "")
    #: what becomes of an erased member's open dream: handed to the bank manager (True) or retracted (False)
    erasure_hands_dreams: bool = False
    #: how a new inquiry gets its consultant: "round_robin", or "topic" (by the consultants' topics, in turn)
    inquiry_assignment: str = "round_robin"
    #: the days before a fund's deadline when the owners of matching dreams and projects are reminded, earliest
    #: reminder first
    fund_reminder_days: tuple[int, ...] = (14, 3)
    #: how residents reach the branch (an address, a phone number, a place), shown on its public pages; "" for none
    contact: str = ""

    @property
    def currency(self) -> str:
        """The ISO currency its amounts are in: from its language (NOK, DKK for Danish, EUR for Dutch)."""
        return currency_of(self.language)

    @property
    def own_wording(self) -> dict[str, str]:
        """The criteria the branch words its own way, by the deposit dialog's field names (the others are asked
        in the catalog's words)."""
        return {name: text for name, text in zip(CRITERIA_FIELDS, self.criteria) if text}


class ChatPurpose(str, Enum):
    """What a branch uses a group chat or channel for."""

    BOARD = "board"
    BANK = "bank"
    CIRCLE = "circle"  # the pådrivere's closed group


@dataclass(frozen=True)
class ChatLink:
    """A branch's chat on one platform: the board's group, the bank's public channel, the pådrivere's group.

    `invite_link` is the link the platform made for joining it (by request), once one was made.
    `role_id` is the platform's role that opens the chat, where a platform opens chats by role (Discord's
    circle is a category whose channels the role opens); empty where membership of the chat itself is the key.
    """

    branch_id: int
    purpose: ChatPurpose
    platform: str
    chat_id: str
    title: str = ""
    invite_link: str = ""
    role_id: str = ""


def check_slug(slug: str) -> str:
    """A branch's short name as it appears in commands and links, or Refused."""
    if not (_SLUG.match(slug) and len(slug) <= SLUG_MAX):
        raise Refused(_("“{slug}” cannot be a branch's short name: use lower-case letters a–z, digits and hyphens, "
                        "at most {max}, like fjordby or nordre-aker.", slug=slug, max=SLUG_MAX))
    if slug in RESERVED_SLUGS:
        raise Refused(_("“{slug}” is a word the web portal uses for itself, so it cannot be a branch's short name; "
                        "pick another, like the place's name.", slug=slug))
    return slug


def check_branch_name(name: str) -> str:
    name = " ".join(name.split())
    if not 1 <= len(name) <= NAME_MAX:
        raise Refused(ngettext("A branch's name needs 1 to {count} character.",
                               "A branch's name needs 1 to {count} characters.", NAME_MAX))
    return name


def check_timezone(zone: str) -> str:
    """An IANA time zone name the system knows, like Europe/Oslo, or Refused."""
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise Refused(_("“{zone}” is not a time zone I know; use a name like Europe/Oslo or America/New_York.",
                        zone=zone)) from None
    return zone


def check_language(language: str) -> str:
    """A language the catalogs are written in, or Refused."""
    if language not in LANGUAGES:
        raise Refused(_("“{language}” is not a language I speak yet; choose one of {languages}.", language=language,
                        languages=join(list(LANGUAGES))))
    return language


STALL_DAYS_MAX = 90
RESPONSE_DAYS_MAX = 30
CRITERION_MAX = 300
#: a fund's deadline is reminded of at most this many times, each at most this many days before
FUND_REMINDERS_MAX = 3
FUND_REMINDER_DAYS_MAX = 90


def check_whole_number(text: str, low: int, high: int) -> int:
    """A whole number from `low` to `high`, as a person types it, or Refused."""
    text = text.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 4 and low <= int(text) <= high):
        raise Refused(_("Please type a whole number from {low} to {high}.", low=low, high=high))
    return int(text)


def check_reminder_days(text: str) -> tuple[int, ...]:
    """The days before a fund's deadline when owners are reminded, as an admin types them ("14, 3"): one to
    FUND_REMINDERS_MAX whole numbers from 1 to FUND_REMINDER_DAYS_MAX, each once, the earliest reminder first; or
    Refused."""
    words = [w for w in re.split(r"[,;\s]+", text.strip()) if w]
    if not 1 <= len(words) <= FUND_REMINDERS_MAX:
        raise Refused(_("Please type one to {most} numbers of days, with commas between them, like 14, 3.",
                        most=FUND_REMINDERS_MAX))
    days = {check_whole_number(w, 1, FUND_REMINDER_DAYS_MAX) for w in words}
    return tuple(sorted(days, reverse=True))


def check_criterion(text: str) -> str:
    """A branch's own wording of a deposit criterion; empty (or "-") goes back to the catalog's wording."""
    return _one_line_or_none(text, CRITERION_MAX, ngettext("A criterion's wording needs at most {count} character.",
                                                           "A criterion's wording needs at most {count} characters.",
                                                           CRITERION_MAX))


CONTACT_MAX = 300


def check_contact(text: str) -> str:
    """How residents reach the branch, as its about page shows it; empty (or "-") for none."""
    return _one_line_or_none(text, CONTACT_MAX, ngettext("The contact needs at most {count} character.",
                                                         "The contact needs at most {count} characters.",
                                                         CONTACT_MAX))


def _one_line_or_none(text: str, most: int, too_long: Text) -> str:
    """`text` on one line, or empty for "-"; refused with `too_long` past `most` characters."""
    text = " ".join(text.split())
    if text == "-":
        return ""
    if len(text) > most:
        raise Refused(too_long)
    return text


def parse_quorum(text: str) -> QuorumRule:
    """A quorum rule as an operator writes it ('majority', 'approvals:2'), or Refused."""
    try:
        return QuorumRule.parse(text)
    except ValueError:
        raise Refused(_("“{rule}” is not a quorum rule: use majority, or approvals:N with N at least 1.",
                        rule=text)) from None


@dataclass(frozen=True)
class ChatAddressRule:
    """How a platform with group chats names them, and whether its chats are opened by a role."""

    chat_id: re.Pattern[str]
    wrong_chat: Text
    #: the pattern of a role's id on a platform whose chats a role opens; None where there are no roles
    role_id: re.Pattern[str] | None = None
    #: the purposes whose chat on this platform is opened by a role, so one must be named
    role_needed_for: frozenset[ChatPurpose] = frozenset()


#: Telegram's groups and channels have negative numbers; Discord's channels, categories and roles are
#: snowflakes (positive numbers), and its pådrivere's category is opened by a role
CHAT_ADDRESS_RULES = {
    "telegram": ChatAddressRule(
        re.compile(r"^-[1-9][0-9]{0,19}$"),
        _("“{chat_id}” is not a Telegram group or channel: its id is a negative number, like -1001234567890.")),
    "discord": ChatAddressRule(
        re.compile(r"^[1-9][0-9]{0,19}$"),
        _("“{chat_id}” is not a Discord channel or category: its id is a number, like 1234567890123456789 "
          "(right-click it with Developer Mode on, then Copy Channel ID)."),
        re.compile(r"^[1-9][0-9]{0,19}$"), frozenset({ChatPurpose.CIRCLE})),
}


def check_chat_address(platform: str, chat_id: str) -> tuple[str, str]:
    """A group chat or channel named as a platform knows it, or Refused."""
    rule = CHAT_ADDRESS_RULES.get(platform)
    if rule is None:
        raise Refused(_("“{platform}” is not a platform with group chats I can link; choose one of {platforms}.",
                        platform=platform, platforms=join(list(CHAT_ADDRESS_RULES))))
    if not rule.chat_id.match(chat_id):
        raise Refused(replace(rule.wrong_chat, params={"chat_id": chat_id}))
    return platform, chat_id


def check_chat_role(platform: str, purpose: ChatPurpose, role_id: str) -> str:
    """The role that opens a branch's chat, where the platform opens chats by role; "" where it does not.

    Refused when a platform without roles is given one, when a role's id is not one the platform makes, or when
    the platform needs one for this purpose (Discord's pådrivere category) and none is named. A platform not
    listed (the console, tests) takes what it is given.
    """
    rule = CHAT_ADDRESS_RULES.get(platform)
    if rule is None:
        return role_id
    if rule.role_id is None:
        if role_id:
            raise Refused(_("On {platform} a chat is not opened by a role: link it without one.", platform=platform))
        return role_id
    if not role_id and purpose in rule.role_needed_for:
        raise Refused(_("Name the role that opens the pådrivere's category too: approved pådrivere get it. "
                        "Its id is a number, like 1234567890123456789 (right-click the role with Developer Mode on, "
                        "then Copy Role ID)."))
    if role_id and not rule.role_id.match(role_id):
        raise Refused(_("“{role_id}” is not a role's id: it is a number, like 1234567890123456789.", role_id=role_id))
    return role_id
