"""A notice: something a member must be told, written to the outbox with the change causing it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from .members import Role


class NoticeKind(str, Enum):
    REVIEW_REQUESTED = "review_requested"
    REVIEW_TIED = "review_tied"
    DREAM_DECIDED = "dream_decided"
    BOARD_DECIDED = "board_decided"
    PLEDGE_RECEIVED = "pledge_received"
    WITHDRAWAL_REQUESTED = "withdrawal_requested"
    WITHDRAWAL_DECIDED = "withdrawal_decided"
    PROJECT_STARTED = "project_started"
    TEAM_JOINED = "team_joined"
    PROJECT_UPDATED = "project_updated"
    PROJECT_CLOSED = "project_closed"
    ROLE_GRANTED = "role_granted"
    ROLE_REVOKED = "role_revoked"
    REVIEW_POST = "review_post"
    DREAM_POST = "dream_post"
    UPDATE_POST = "update_post"
    ARCHIVE_POST = "archive_post"
    CHAT_LOST = "chat_lost"
    CHAT_MOVED = "chat_moved"
    ANNOUNCEMENT = "announcement"
    PADRIVER_APPLIED = "padriver_applied"
    PADRIVER_DECIDED = "padriver_decided"
    CIRCLE_ADMISSION = "circle_admission"
    CIRCLE_REMOVAL = "circle_removal"
    EVENT_INVITATION = "event_invitation"
    EVENT_POST = "event_post"
    EVENT_CHANGED = "event_changed"
    EVENT_CANCELLED = "event_cancelled"
    EVENT_PROMOTED = "event_promoted"
    CALL_POSTED = "call_posted"
    CALL_FULL = "call_full"
    NEWSLETTER = "newsletter"
    DIGEST = "digest"
    EVENT_REMINDER = "event_reminder"
    TEAM_NUDGE = "team_nudge"
    BOARD_REMINDER = "board_reminder"
    EMAIL_CODE = "email_code"
    SIGN_IN_LINK = "sign_in_link"
    FUND_MATCH = "fund_match"
    FUND_REMINDER = "fund_reminder"
    FUND_POST = "fund_post"
    INQUIRY_ASSIGNED = "inquiry_assigned"
    INQUIRY_OWNER = "inquiry_owner"
    INQUIRY_MESSAGE = "inquiry_message"
    INQUIRY_LATE = "inquiry_late"
    COMMENT_POSTED = "comment_posted"
    COMMENT_POST = "comment_post"
    COMMENT_REPORTED = "comment_reported"
    COMMENT_HIDDEN = "comment_hidden"
    MEMBER_MUTED = "member_muted"
    PLAN_CHANGED = "plan_changed"
    TASK_DUE = "task_due"
    TASK_OVERDUE = "task_overdue"
    PLEDGE_ANSWERED = "pledge_answered"
    PLEDGE_CHANGED = "pledge_changed"
    PLEDGE_CONFIRM = "pledge_confirm"
    NEEDS_COVERED = "needs_covered"


#: kinds that have a mail of their own (digests/templates/email), so that one can go by email when no chat is left
MAILED_KINDS = frozenset({NoticeKind.DIGEST, NoticeKind.NEWSLETTER, NoticeKind.EVENT_REMINDER})
#: a param set on a notice written anew elsewhere after its platform proved unreachable: it falls back only once
FELL_BACK = "fell_back_from"

#: kinds whose params hold a secret (a code to type back, a link that signs in) or what must not outlive the
#: sending (the accounts of a member being erased, to take them out of the closed group): blanked once the notice
#: is sent, failed or dropped
SECRET_KINDS = frozenset({NoticeKind.EMAIL_CODE, NoticeKind.SIGN_IN_LINK, NoticeKind.CIRCLE_REMOVAL})


class Audience(str, Enum):
    """Who a notice is for: one member, or a branch's linked chat."""

    MEMBER = "member"
    BOARD_CHAT = "board"
    BANK_CHAT = "bank"
    CIRCLE_CHAT = "circle"


class NoticeStatus(str, Enum):
    PENDING = "pending"
    SENT = "sent"
    SENDING = "sending"
    FAILED = "failed"
    SUPERSEDED = "superseded"


@dataclass
class Notice:
    """To one member or one branch chat, about one thing. `params` hold what it says, as plain JSON.

    A notice with a topic is the latest state of a post ("review:12"): a chat that already shows a
    post on that topic has it edited, and only the newest pending notice of a topic is delivered.

    A notice with `via` goes only through that platform, to `address` there (an email address, say);
    without it, it goes to the member's chat on whichever platform takes it first, the platform the member
    chose for notices (`Member.notify_on`) when they are reachable there.

    A notice with `platform` is meant for that platform only: a post in a branch's chat is written once for
    each platform the branch has that chat on.
    """

    member_id: int | None
    branch_id: int
    kind: NoticeKind
    params: dict[str, Any]
    created_at: datetime
    status: NoticeStatus = NoticeStatus.PENDING
    channel: str | None = None
    sent_at: datetime | None = None
    id: int | None = None
    audience: Audience = Audience.MEMBER
    topic: str = ""
    attempts: int = 0
    broadcast_id: int | None = None
    via: str | None = None
    address: str | None = None
    platform: str | None = None
    #: when its latest send began (None: not begun since it was claimed): a notice begun and never recorded
    #: may have reached its chat
    started_at: datetime | None = None


@dataclass(frozen=True)
class Delivery:
    """A pending notice, the chat it goes to on one platform, and the language it is written in."""

    notice: Notice
    chat_id: str
    language: str = "en"


@dataclass(frozen=True)
class Recipients:
    """Who a broadcast goes to: everyone in the branch, the holders of a role, a dream's followers, or the
    pådrivere whose competences match a call."""

    kind: str  # "all", "role", "followers" or "call"
    value: str = ""

    def describe(self) -> str:
        return self.kind if not self.value else f"{self.kind}:{self.value}"

    @classmethod
    def parse(cls, text: str) -> "Recipients":
        """'all', 'role:NAME' (a role there is), 'followers:DREAM' or 'call:CALL' (numbers); else ValueError."""
        kind, _, value = text.partition(":")
        if kind == "role":
            value = value.strip().lower()
        if (kind == "all" and not value or kind == "role" and value in {r.value for r in Role}
                or kind in ("followers", "call") and value.isdigit() and value.isascii() and int(value) > 0):
            return cls(kind, value)
        raise ValueError(f"unknown audience {text!r}: use all, role:NAME, followers:DREAM or call:CALL")


@dataclass
class Broadcast:
    """One message to many members; its notices are fanned out by storage, never held in memory."""

    branch_id: int
    kind: NoticeKind
    params: dict[str, Any]
    recipients: Recipients
    created_at: datetime
    created_by: int | None = None
    total: int = 0
    id: int | None = None


@dataclass(frozen=True)
class Progress:
    total: int
    sent: int
    failed: int
    waiting: int
    first_sent_at: datetime | None = None
    last_sent_at: datetime | None = None

    @property
    def done(self) -> bool:
        return self.waiting == 0

    def per_second(self) -> float | None:
        """The send rate measured so far (sent or given up on, over the time from the first send to the last);
        None before there is anything to measure."""
        finished = self.sent + self.failed
        if self.first_sent_at is None or self.last_sent_at is None or finished < 2:
            return None
        seconds = (self.last_sent_at - self.first_sent_at).total_seconds()
        return (finished - 1) / seconds if seconds > 0 else None

    def time_left(self, now: datetime, stalled_after: timedelta = timedelta(minutes=1)) -> timedelta | None:
        """What is left at the measured rate; None when nothing measures it: not started, or nothing sent for a
        while (stalled), so that no estimate is made up from a configured rate nobody is sending at."""
        rate = self.per_second()
        if self.done:
            return timedelta(0)
        if rate is None or self.last_sent_at is None or now - self.last_sent_at > stalled_after:
            return None
        return timedelta(seconds=self.waiting / rate)
