"""Feeds of a branch's public pages for readers and programs: Atom, calendars and open data.

`/<branch>/feed.atom`, `/<branch>/events.ics`, `/<branch>/events/<id>.ics`, and `/<branch>/data/dreams.json`,
`projects.json`, `events.json`. Everything is read through core's use cases as a visitor (viewer None), so a
feed shows exactly what the pages show anyone; an unknown branch or event is 404.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from core.clock import Clock
from core.errors import NotFound
from core.i18n import DEFAULT_LANGUAGE, supported
from core.model.branches import Branch
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.usecases.archive import finished_projects
from core.usecases.bank import bank_dreams
from core.usecases.events import upcoming, visible_event
from core.usecases.projects import ProjectFacts, factory, read_project

from . import atom, calendar, open_data
from .common import branch_named, cached


def routes(uow_factory: UnitOfWorkFactory, clock: Clock, base_url: str) -> list[BaseRoute]:
    """The feeds' routes; `base_url` is the public address their links and ids start with."""
    base = base_url.rstrip("/")
    host = urlsplit(base).hostname or "dreambank"

    def url(branch: Branch, path: str = "") -> str:
        return f"{base}/{branch.slug}/{path}"

    async def projects_of(uow: UnitOfWork, branch: Branch) -> list[tuple[ProjectFacts, str]]:
        found = [*await factory(uow, branch.id), *await finished_projects(uow, branch.id)]
        return [(await read_project(uow, None, p.id), url(branch, f"projects/{p.id}")) for p in found]

    async def atom_feed(request: Request) -> Response:
        async with uow_factory() as uow:
            branch = await branch_named(uow, request.path_params["branch"])
            language = _language(branch)
            entries = [atom.dream_entry(d, url(branch, f"dreams/{d.id}"), language)
                       for d in await bank_dreams(uow, branch.id)]
            for facts, address in await projects_of(uow, branch):
                entries += atom.project_entries(facts, address, language)
            for e in await upcoming(uow, clock, None, branch.id):
                entries.append(atom.event_entry(e, branch, await uow.events.counts(e.id),
                                                url(branch, f"events/{e.id}"), language))
        body = atom.feed(branch, entries, url(branch, "feed.atom"), url(branch), language)
        return cached(request, body, atom.MEDIA_TYPE, language)

    async def events_calendar(request: Request) -> Response:
        async with uow_factory() as uow:
            branch = await branch_named(uow, request.path_params["branch"])
            found = await upcoming(uow, clock, None, branch.id)
        return cached(request, calendar.events_file(found, branch, host), calendar.MEDIA_TYPE)

    async def event_calendar(request: Request) -> Response:
        async with uow_factory() as uow:
            branch = await branch_named(uow, request.path_params["branch"])
            try:
                event = await visible_event(uow, None, request.path_params["event_id"])
            except NotFound:
                raise HTTPException(404) from None
        if event.branch_id != branch.id:
            raise HTTPException(404)
        return cached(request, calendar.event_file(event, branch, host), calendar.MEDIA_TYPE)

    async def dreams_json(request: Request) -> Response:
        async with uow_factory() as uow:
            branch = await branch_named(uow, request.path_params["branch"])
            dreams = [(d, await uow.bank.likes(d.id), url(branch, f"dreams/{d.id}"))
                      for d in await bank_dreams(uow, branch.id)]
        return _json(request, branch, "dreams", open_data.dreams_data(dreams))

    async def projects_json(request: Request) -> Response:
        async with uow_factory() as uow:
            branch = await branch_named(uow, request.path_params["branch"])
            projects = await projects_of(uow, branch)
        return _json(request, branch, "projects", open_data.projects_data(projects))

    async def events_json(request: Request) -> Response:
        async with uow_factory() as uow:
            branch = await branch_named(uow, request.path_params["branch"])
            found = [(e, await uow.events.counts(e.id), url(branch, f"events/{e.id}"))
                     for e in await upcoming(uow, clock, None, branch.id)]
        return _json(request, branch, "events", open_data.events_data(found))

    return [Route("/{branch}/feed.atom", atom_feed, methods=["GET"], name="feed_atom"),
            Route("/{branch}/events.ics", events_calendar, methods=["GET"], name="feed_events_ics"),
            Route("/{branch}/events/{event_id:int}.ics", event_calendar, methods=["GET"], name="feed_event_ics"),
            Route("/{branch}/data/dreams.json", dreams_json, methods=["GET"], name="data_dreams"),
            Route("/{branch}/data/projects.json", projects_json, methods=["GET"], name="data_projects"),
            Route("/{branch}/data/events.json", events_json, methods=["GET"], name="data_events")]


def _language(branch: Branch) -> str:
    return supported(branch.language) or DEFAULT_LANGUAGE


def _json(request: Request, branch: Branch, kind: str, items: list) -> Response:
    return cached(request, open_data.document(branch.slug, kind, items), open_data.MEDIA_TYPE)
