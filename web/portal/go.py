"""`/go/<parameter>`: the short, stable address of anything a chat start parameter names ("d12", "e3", "f4").

Every link the platform gives away points here (core/links.py `Links.page`), so one address opens a dream in
any browser whatever branch it belongs to: it leads (303) to the page, `/<branch>/dreams/12`. Offering help
("p12") leads to the dream's page, where a member offers it. What a visitor may not see, or what is not there,
is the 404 page: core decides, with the same reading a page does (viewer None).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from core.errors import NotFound
from core.links import BRANCH, EVENT, PROJECT, Start
from core.ports import UnitOfWork
from core.usecases.dreams import read_dream
from core.usecases.events import event_facts
from core.usecases.projects import read_project

from .session import signed_in
from .site import Site, not_found

#: the portal's pages, by what a start parameter opens
PAGES = {EVENT: "events", PROJECT: "projects"}


def routes(site: Site) -> list[BaseRoute]:
    async def go(request: Request) -> Response:
        await signed_in(site, request)  # the 404 page shows who is signed in, as every page does
        start = Start.read(request.path_params["param"])
        if start is None:
            return not_found(site, request)
        async with site.uow_factory() as uow:
            if start.opens == BRANCH:  # a branch's own link leads to its page
                found = await uow.branches.by_slug(start.slug)
                return (RedirectResponse(f"/{found.slug}/", status_code=303) if found is not None
                        else not_found(site, request))
            try:
                branch_id = await _branch_of(site, uow, start)
            except NotFound:
                return not_found(site, request)
            branch = await uow.branches.get(branch_id)
        if branch is None:
            return not_found(site, request)
        where = PAGES.get(start.opens, "dreams")
        return RedirectResponse(f"/{branch.slug}/{where}/{start.number}", status_code=303)

    return [Route("/go/{param}", go, methods=["GET"], name="portal_go")]


async def _branch_of(site: Site, uow: UnitOfWork, start: Start) -> int:
    """The branch of what the parameter names, read as a visitor reads it: NotFound when they may not see it."""
    if start.opens == EVENT:
        return (await event_facts(uow, site.clock, None, start.number)).event.branch_id
    if start.opens == PROJECT:
        return (await read_project(uow, None, start.number)).project.branch_id
    return (await read_dream(uow, None, start.number)).dream.branch_id
