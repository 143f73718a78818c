"""The public lists as JSON for anyone to reuse: the bank's dreams, the projects, the events coming up.

Only what the pages show anyone: no member ids, no contact details; names only where a page names someone
(the authors of a project's updates). Times are UTC in ISO 8601.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from core.model.dreams import Dream
from core.model.events import Event, RsvpCounts
from core.usecases.projects import ProjectFacts

MEDIA_TYPE = "application/json"


def dreams_data(dreams: Sequence[tuple[Dream, int, str]]) -> list[dict[str, Any]]:
    """Each dream in the bank with its likes and the address of its page."""
    return [dict(id=d.id, title=d.title, story=d.story, needs=sorted(n.value for n in d.needs),
                 needs_detail=d.needs_detail, likes=likes, approved_at=_when(d.decided_at), url=url)
            for d, likes, url in dreams]


def projects_data(projects: Sequence[tuple[ProjectFacts, str]]) -> list[dict[str, Any]]:
    """Each project, under way or in the archive, with its updates (an author null when not named publicly)."""
    out = []
    for facts, url in projects:
        p = facts.project
        out.append(dict(id=p.id, dream_id=p.dream_id, title=p.title, state=p.state.value, archived=p.archived,
                        started_at=_when(p.started_at), closed_at=_when(p.closed_at),
                        evaluation=p.evaluation or None, report=p.report or None, url=url,
                        updates=[dict(author=author, text=u.text, at=_when(u.at)) for author, u in facts.updates]))
    return out


def events_data(events: Sequence[tuple[Event, RsvpCounts, str]]) -> list[dict[str, Any]]:
    """Each event coming up, with how many are going."""
    return [dict(id=e.id, kind=e.kind.value, title=e.title, description=e.description,
                 starts_at=_when(e.starts_at), ends_at=_when(e.ends_at), place=e.place,
                 registration_closes_at=_when(e.deadline), capacity=e.capacity, going=c.going, maybe=c.maybe,
                 waiting=c.waiting, cancelled=e.cancelled, url=url, calendar=url + ".ics") for e, c, url in events]


def document(branch_slug: str, kind: str, items: list[dict[str, Any]]) -> bytes:
    return json.dumps({"branch": branch_slug, kind: items}, ensure_ascii=False, indent=1).encode()


def _when(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None
