"""What the fake database holds, and how it keeps a row as storage keeps it."""

from __future__ import annotations

import copy
import dataclasses
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from core.dialogs.state import DialogState
from core.model.accounts import LinkCode
from core.model.audit import AuditEntry
from core.model.bank import Like, Pledge
from core.model.branches import Branch, ChatLink
from core.model.calls import Call, Signup
from core.model.funds import Fund
from core.model.events import Event, Rsvp
from core.model.inquiries import Inquiry, InquiryEntry
from core.model.newsletters import Newsletter
from core.model.padrivere import Padriver
from core.model.pictures import Picture
from core.model.dreams import Dream
from core.model.members import Identity, Member, Role
from core.model.needs import DreamNeed
from core.model.notices import Broadcast, Notice
from core.model.preferences import Preferences
from core.model.plans import PlanPart, ProjectEvent
from core.model.projects import Project, ProjectUpdate, TeamMember
from core.model.reviews import Interest, Review, Vote
from core.model.sign_in import SignInLink, WebSession
from core.model.talk import Comment, Mute, Report, Topic


def utc(moment: datetime | None) -> datetime | None:
    """As storage keeps a moment: in UTC; a naive one is refused."""
    if moment is None:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a naive datetime cannot be stored: {moment!r}; use an aware UTC time")
    return moment.astimezone(timezone.utc)


def kept(value: Any) -> Any:
    """A copy of a dataclass as storage would give it back: its times in UTC, its amounts in whole cents."""
    copied = copy.deepcopy(value)
    if dataclasses.is_dataclass(copied):
        for field in dataclasses.fields(copied):
            found = getattr(copied, field.name)
            if isinstance(found, datetime):
                object.__setattr__(copied, field.name, utc(found))
            elif isinstance(found, Decimal):
                object.__setattr__(copied, field.name, found.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    return copied


def save_over(rows: dict[int, Any], row: Any) -> None:
    """Replace a stored row, as storage's UPDATE by id does: a row never added is an error."""
    if row.id is None:
        raise ValueError(f"cannot save a {type(row).__name__} without an id: add it first")
    if row.id not in rows:
        raise LookupError(f"no {type(row).__name__} {row.id}")
    rows[row.id] = kept(row)


class Store:
    """Everything the fake database holds; copied on commit so rollbacks are real."""

    def __init__(self) -> None:
        self.branches: dict[int, Branch] = {}
        self.members: dict[int, Member] = {}
        self.identities: dict[Identity, int] = {}
        self.roles: set[tuple[int, int, Role]] = set()
        self.dreams: dict[int, Dream] = {}
        self.reviews: dict[int, Review] = {}
        self.votes: list[Vote] = []
        #: (dream id, member id) -> the interest that member declared in that dream
        self.interests: dict[tuple[int, int], Interest] = {}
        self.likes: list[Like] = []
        self.pledges: dict[int, Pledge] = {}
        self.needs: dict[int, DreamNeed] = {}
        #: dream id -> [like count, open needs], the counters storage keeps on the dream's row
        self.bank_counts: dict[int, list[int]] = {}
        self.projects: dict[int, Project] = {}
        self.team: list[TeamMember] = []
        self.plan_parts: dict[int, PlanPart] = {}
        self.project_events: list[ProjectEvent] = []
        self.followers: list[tuple[int, int]] = []
        self.updates: dict[int, ProjectUpdate] = {}
        #: every notice, a broadcast's too: the outbox delivers them all
        self.notices: dict[int, Notice] = {}
        self.audit: list[AuditEntry] = []
        self.dialogs: dict[int, DialogState] = {}
        self.links: list[ChatLink] = []
        self.unreachable: set[Identity] = set()
        self.link_codes: dict[str, LinkCode] = {}
        self.wrong_codes: list[tuple[Identity, datetime]] = []
        self.inbox: dict[str, datetime] = {}
        #: (source, update id) -> [payload, received at, handled at]
        self.inbound: dict[tuple[str, int], list[Any]] = {}
        self.posts: dict[tuple[str, str, str], str] = {}
        #: broadcast id -> the broadcast, whose notices are in `notices`
        self.broadcasts: dict[int, Broadcast] = {}
        self.padrivere: dict[int, Padriver] = {}
        self.events: dict[int, Event] = {}
        self.rsvps: dict[int, Rsvp] = {}
        self.calls: dict[int, Call] = {}
        self.signups: list[Signup] = []
        self.funds: dict[int, Fund] = {}
        self.inquiries: dict[int, Inquiry] = {}
        self.inquiry_entries: list[InquiryEntry] = []
        #: (branch, consultant) -> their topics
        self.consultant_topics: dict[tuple[int, int], list[str]] = {}
        self.newsletters: dict[int, Newsletter] = {}
        self.retry_at: dict[int, datetime] = {}
        self.preferences: dict[int, Preferences] = {}
        self.runs: set[str] = set()
        self.marks: dict[str, tuple[str, datetime]] = {}
        self.sign_in_links: dict[str, SignInLink] = {}
        self.web_sessions: dict[str, WebSession] = {}
        #: dream id -> its picture
        self.pictures: dict[int, Picture] = {}
        self.comments: dict[int, Comment] = {}
        self.topics: dict[int, Topic] = {}
        self.supporters: list[tuple[int, int]] = []
        self.reports: dict[int, Report] = {}
        self.mutes: list[Mute] = []
        self.next_id = 1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id
