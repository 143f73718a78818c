"""Talking it over: comments on a dream (shown on its project too) or on a topic, replies one level deep,
topics a member opens before there is a dream, reports of comments, and the mutes that follow hidden ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

COMMENT_MAX = 1000
TOPIC_TITLE_MAX = 120
TOPIC_TEXT_MAX = 2000
REASON_MAX = 300
#: a member with this many comments hidden within HIDDEN_WINDOW may be muted in the branch
HIDDEN_TO_MUTE = 3
HIDDEN_WINDOW = timedelta(days=30)
MUTE_DAYS = (7, 30)
#: where a comment was written: in a chat with the bot (any platform), or taken in from elsewhere
IN_CHAT = "chat"
TELEGRAM_GROUP = "telegram_group"
DISCORD_FORUM = "discord_forum"
#: the platform a comment taken in from elsewhere was written on
TAKEN_FROM = {TELEGRAM_GROUP: "telegram", DISCORD_FORUM: "discord"}
#: platforms whose bank chat keeps a dream's talk in the thread of its post: each comment on the dream is shown
#: there too, but one written there
THREADED = frozenset({"discord"})


@dataclass
class Comment:
    """A comment on a dream or on a topic (exactly one of the two); `reply_to` is the comment it answers,
    always a top-level one. A hidden comment keeps its text for the bank manager, with why and by whom."""

    branch_id: int
    author_id: int
    text: str
    at: datetime
    dream_id: int | None = None
    topic_id: int | None = None
    reply_to: int | None = None
    source: str = IN_CHAT
    hidden: bool = False
    hidden_reason: str = ""
    hidden_by: int | None = None
    id: int | None = None


@dataclass
class Topic:
    """A question or current issue opened for discussion; `dream_id` once its author turned it into a dream."""

    branch_id: int
    author_id: int
    title: str
    text: str
    at: datetime
    dream_id: int | None = None
    id: int | None = None


@dataclass
class Report:
    """A member's report of a comment; `handled` once the bank manager hid or kept it."""

    branch_id: int
    comment_id: int
    member_id: int
    at: datetime
    handled: bool = False
    id: int | None = None


@dataclass(frozen=True)
class Mute:
    """A member may not comment in the branch until `until`."""

    branch_id: int
    member_id: int
    until: datetime
    by: int | None
    reason: str
    at: datetime
