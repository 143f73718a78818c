"""A branch's Atom feed (RFC 4287): dreams new in the bank, project updates, projects gone to the archive,
and events coming up; the newest first. ElementTree escapes every text, so a title with markup stays text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from xml.etree import ElementTree as ET  # nosec B405 # builds the feed; nothing is parsed with it

from core.i18n import _, translate
from core.model.branches import Branch
from core.model.dreams import Dream
from core.model.events import EVENT_KIND_LABELS, Event, RsvpCounts
from core.model.projects import STANDING_LABELS, Project
from core.usecases.events import event_params
from core.usecases.projects import ProjectFacts
from core.views.events import event_lines
from core.views.text import excerpt

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
#: how many entries the feed carries
LIMIT = 50
#: the feed's time when it has no entry yet, so that an empty feed keeps one ETag
BEGINNING = datetime(2020, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    link: str
    updated: datetime
    summary: str
    author: str = ""


def dream_entry(dream: Dream, url: str, language: str) -> Entry:
    return Entry(url, translate(_("New in the bank: {title}", title=dream.title), language), url,
                 dream.decided_at or dream.deposited_at, excerpt(dream.story, 500))


def project_entries(facts: ProjectFacts, url: str, language: str) -> list[Entry]:
    """Each update of the project (its author named only when core gives the name), and its closing when it is in
    the archive."""
    project = facts.project
    out = [Entry(f"{url}#update-{update.id}", translate(_("Update on {title}", title=project.title), language),
                 url, update.at, update.text, author or "") for author, update in facts.updates]
    if project.archived and project.closed_at is not None:
        out.append(archived_entry(project, url, language))
    return out


def archived_entry(project: Project, url: str, language: str) -> Entry:
    title = _("{title}: {standing}", title=project.title, standing=STANDING_LABELS[project.state])
    return Entry(f"{url}#archive", translate(title, language), url, project.closed_at or project.started_at,
                 excerpt(project.report, 1000))


def event_entry(event: Event, branch: Branch, counts: RsvpCounts, url: str, language: str) -> Entry:
    lines = event_lines(event_params(event, branch, counts))
    title = _("{kind}: {title}", kind=EVENT_KIND_LABELS[event.kind], title=event.title)
    return Entry(url, translate(title, language), url, event.cancelled_at or event.created_at,
                 "\n".join(translate(line, language) for line in lines[1:]))


def feed(branch: Branch, entries: Sequence[Entry], self_url: str, home_url: str, language: str) -> bytes:
    """The feed document: its newest LIMIT entries."""
    chosen = sorted(entries, key=lambda e: (e.updated, e.id), reverse=True)[:LIMIT]
    ET.register_namespace("", ATOM)
    root = ET.Element(_tag("feed"), {"{http://www.w3.org/XML/1998/namespace}lang": language})
    _text(root, "id", self_url)
    _text(root, "title", translate(_("Dreams, projects and events in {branch}", branch=branch.name), language))
    _text(root, "updated", _when(chosen[0].updated if chosen else BEGINNING))
    ET.SubElement(root, _tag("link"), rel="self", href=self_url, type="application/atom+xml")
    ET.SubElement(root, _tag("link"), rel="alternate", href=home_url, type="text/html")
    author = ET.SubElement(root, _tag("author"))
    _text(author, "name", branch.name)
    for entry in chosen:
        element = ET.SubElement(root, _tag("entry"))
        _text(element, "id", entry.id)
        _text(element, "title", entry.title)
        _text(element, "updated", _when(entry.updated))
        ET.SubElement(element, _tag("link"), rel="alternate", href=entry.link, type="text/html")
        if entry.author:
            _text(ET.SubElement(element, _tag("author")), "name", entry.author)
        summary = _text(element, "summary", entry.summary)
        summary.set("type", "text")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _tag(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, _tag(name))
    element.text = text
    return element


def _when(at: datetime) -> str:
    return at.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
