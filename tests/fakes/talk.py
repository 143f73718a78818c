"""Comments, topics and their supporters, reports and mutes, in memory."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import datetime

from core.errors import Conflict
from core.model.talk import Comment, Mute, Report, Topic

from .store import Store, kept, save_over, utc


class FakeTalk:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def add_comment(self, comment: Comment) -> Comment:
        added = replace(comment, id=self.s.new_id())
        self.s.comments[added.id] = kept(added)
        return copy.deepcopy(self.s.comments[added.id])

    async def get_comment(self, comment_id: int) -> Comment | None:
        return copy.deepcopy(self.s.comments.get(comment_id))

    async def save_comment(self, comment: Comment) -> None:
        save_over(self.s.comments, comment)

    def _on(self, dream_id: int | None, topic_id: int | None) -> list[Comment]:
        if (dream_id is None) == (topic_id is None):
            raise ValueError("comments are on a dream or on a topic: name one")
        found = [c for c in self.s.comments.values()
                 if (c.dream_id == dream_id if dream_id is not None else c.topic_id == topic_id)]
        return sorted(found, key=lambda c: (c.at, c.id))

    async def comments_on(self, *, dream_id: int | None = None, topic_id: int | None = None) -> list[Comment]:
        return [copy.deepcopy(c) for c in self._on(dream_id, topic_id)]

    async def comments_by(self, author_id: int) -> list[Comment]:
        found = [c for c in self.s.comments.values() if c.author_id == author_id and c.dream_id is not None]
        return [copy.deepcopy(c) for c in sorted(found, key=lambda c: (c.at, c.id))]

    async def visible_count(self, *, dream_id: int | None = None, topic_id: int | None = None) -> int:
        return sum(1 for c in self._on(dream_id, topic_id) if not c.hidden)

    async def hidden_since(self, branch_id: int, author_id: int, since: datetime) -> int:
        return sum(1 for c in self.s.comments.values()
                   if c.branch_id == branch_id and c.author_id == author_id and c.hidden and c.at > utc(since))

    async def add_report(self, report: Report) -> Report:
        if any((r.comment_id, r.member_id) == (report.comment_id, report.member_id) for r in self.s.reports.values()):
            raise Conflict("report")
        added = replace(report, id=self.s.new_id())
        self.s.reports[added.id] = kept(added)
        return copy.deepcopy(self.s.reports[added.id])

    async def open_reports(self, branch_id: int) -> list[Report]:
        found = [r for r in self.s.reports.values() if r.branch_id == branch_id and not r.handled]
        return [copy.deepcopy(r) for r in sorted(found, key=lambda r: (r.at, r.id))]

    async def handle_reports(self, comment_id: int) -> int:
        found = [r for r in self.s.reports.values() if r.comment_id == comment_id and not r.handled]
        for r in found:
            r.handled = True
        return len(found)

    async def add_topic(self, topic: Topic) -> Topic:
        added = replace(topic, id=self.s.new_id())
        self.s.topics[added.id] = kept(added)
        return copy.deepcopy(self.s.topics[added.id])

    async def get_topic(self, topic_id: int) -> Topic | None:
        return copy.deepcopy(self.s.topics.get(topic_id))

    async def save_topic(self, topic: Topic) -> None:
        save_over(self.s.topics, topic)

    async def topics_in(self, branch_id: int) -> list[Topic]:
        found = [t for t in self.s.topics.values() if t.branch_id == branch_id]
        return [copy.deepcopy(t) for t in sorted(found, key=lambda t: (t.at, t.id), reverse=True)]

    async def support(self, topic_id: int, member_id: int) -> None:
        if (topic_id, member_id) in self.s.supporters:
            raise Conflict("supporter")
        self.s.supporters.append((topic_id, member_id))

    async def supporters(self, topic_id: int) -> list[int]:
        return [m for t, m in self.s.supporters if t == topic_id]

    async def add_mute(self, mute: Mute) -> None:
        self.s.mutes.append(kept(mute))

    async def muted_until(self, branch_id: int, member_id: int) -> datetime | None:
        ends = [m.until for m in self.s.mutes if (m.branch_id, m.member_id) == (branch_id, member_id)]
        return max(ends) if ends else None
