"""`/<branch>/factory`: the projects under way, a page at a time."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from core.model.branches import Branch
from core.usecases.projects import factory
from core.views.projects import factory_list

from .session import signed_in
from .site import Site, branch_page, page, page_number


def routes(site: Site) -> list[BaseRoute]:
    async def projects(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        async with site.uow_factory() as uow:
            found = await factory(uow, branch.id)
        listing = factory_list(found, page_number(request))
        return page(site, request, "portal/listing.html", branch, listing=listing, section="factory", viewer=viewer)

    return [Route("/{branch}/factory", branch_page(site, projects), methods=["GET"], name="portal_factory")]
