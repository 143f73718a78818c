"""What is stored about one person, read whole or forgotten, in memory, by the tables storage keeps it in."""

from __future__ import annotations

import base64
import dataclasses
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from core.model.members import FORMER_MEMBER
from core.model.privacy import values_in, without_value

from .store import Store

#: the store's collections by the table storage keeps them in
TABLES = {"dreams": "dreams", "reviews": "reviews", "votes": "votes", "likes": "likes", "pledges": "pledges",
          "projects": "projects", "team": "team_members", "updates": "project_updates", "notices": "notices",
          "audit": "audit", "dialogs": "dialogs", "link_codes": "link_codes", "broadcasts": "broadcasts",
          "padrivere": "padrivere", "events": "events", "rsvps": "rsvps", "calls": "calls", "signups": "call_signups",
          "funds": "funds", "newsletters": "newsletters", "preferences": "member_preferences",
          "sign_in_links": "sign_in_links", "web_sessions": "web_sessions", "inquiries": "inquiries",
          "inquiry_entries": "inquiry_entries",
          "comments": "comments", "topics": "topics", "reports": "comment_reports", "mutes": "mutes",
          "interests": "interests"}
#: the fields by which a row refers to a member, as storage's foreign keys do
REFERENCES = ("member_id", "owner_id", "voter_id", "author_id", "actor_id", "lead_id", "created_by", "settled_by",
              "decided_by", "asker_id")
PERSONAL = ("notices", "dialogs", "link_codes", "preferences", "sign_in_links", "web_sessions", "padrivere",
            "interests")


class FakePrivacy:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def records(self, member_id: int) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        for attribute, table in TABLES.items():
            rows = [_row(r) for r in _values(getattr(self.s, attribute)) if _refers(r, member_id)]
            if rows:
                found.setdefault(table, []).extend(rows)
        identities = [i for i, m in self.s.identities.items() if m == member_id]
        extra = {
            "identities": [{"platform": i.platform, "external_id": i.external_id} for i in identities],
            "role_grants": [{"branch_id": b, "role": r.value} for b, m, r in sorted(self.s.roles) if m == member_id],
            "followers": [{"dream_id": d} for d, m in self.s.followers if m == member_id],
            "topic_supporters": [{"topic_id": t} for t, m in self.s.supporters if m == member_id],
            "padriver_competences": [{"competence": c} for p in self.s.padrivere.values() if p.member_id == member_id
                                     for c in p.all_competences()],
            "consultant_topics": [{"branch_id": b, "topics": t} for (b, m), t in self.s.consultant_topics.items()
                                  if m == member_id],
            "pictures": [_row(p) for d, p in self.s.pictures.items()
                         if d in self.s.dreams and self.s.dreams[d].owner_id == member_id],
            "wrong_link_codes": [{"identity": f"{i.platform}:{i.external_id}", "at": at.isoformat()}
                                 for i, at in self.s.wrong_codes if i in identities],
            "inbound_updates": [{"source": k[0], "update_id": k[1], "payload": v[0]} for k, v in self.s.inbound.items()
                                if _carries(v[0], identities)]}
        found.update({table: rows for table, rows in extra.items() if rows})
        if member_id in self.s.members:
            found["members"] = [_row(self.s.members[member_id])]
        return found

    async def forget(self, member_id: int, at: datetime) -> None:
        member = self.s.members.get(member_id)
        if member is None:
            return
        name = member.display_name
        identities = [i for i, m in self.s.identities.items() if m == member_id]
        for identity in identities:
            del self.s.identities[identity]
        self.s.wrong_codes = [(i, when) for i, when in self.s.wrong_codes if i not in identities]
        self.s.inbound = {k: v for k, v in self.s.inbound.items() if not _carries(v[0], identities)}
        for attribute in PERSONAL:
            rows = getattr(self.s, attribute)
            for key in [k for k, r in rows.items() if r.member_id == member_id]:
                del rows[key]
        asked = {i for i, q in self.s.inquiries.items() if q.asker_id == member_id}
        self.s.inquiry_entries = [e for e in self.s.inquiry_entries
                                  if e.inquiry_id not in asked and e.author_id != member_id]
        self.s.inquiries = {i: q for i, q in self.s.inquiries.items() if i not in asked}
        self.s.consultant_topics = {k: t for k, t in self.s.consultant_topics.items() if k[1] != member_id}
        self.s.followers = [(d, m) for d, m in self.s.followers if m != member_id]
        self.s.supporters = [(t, m) for t, m in self.s.supporters if m != member_id]
        self.s.mutes = [x for x in self.s.mutes if x.member_id != member_id]
        self.s.roles = {(b, m, r) for b, m, r in self.s.roles if m != member_id}
        for notice in self.s.notices.values():
            notice.params = without_value(notice.params, name)
        for entry in list(self.s.audit):
            if name in set(values_in(entry.detail)):
                cleaned = dataclasses.replace(entry, detail=without_value(entry.detail, name))
                self.s.audit[self.s.audit.index(entry)] = cleaned
        self.s.members[member_id] = dataclasses.replace(member, display_name=FORMER_MEMBER, language=None,
                                                        joined_at=None, notify_on=None)


def _values(collection: Any) -> list[Any]:
    return list(collection.values()) if isinstance(collection, dict) else list(collection)


def _refers(row: Any, member_id: int) -> bool:
    return dataclasses.is_dataclass(row) and any(getattr(row, f, None) == member_id for f in REFERENCES)


def _row(row: Any) -> dict[str, Any]:
    """As storage reads it back: enums by their value, times in ISO 8601, amounts as text, bytes in base64."""
    return {k: _value(v) for k, v in dataclasses.asdict(row).items() if not k.endswith("_hash")}


def _value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, (frozenset, set, tuple, list)):
        return [_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    return value


def _carries(payload: Any, identities: list[Any]) -> bool:
    values = set(values_in(payload))
    return any(i.external_id in values for i in identities)
