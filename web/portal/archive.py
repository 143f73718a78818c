"""`/<branch>/archive`: the finished projects, completed or discontinued."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from core.model.branches import Branch
from core.usecases.archive import finished_projects
from core.views.archive import archive_list

from .session import signed_in
from .site import Site, branch_page, page, page_number


def routes(site: Site) -> list[BaseRoute]:
    async def archive(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        async with site.uow_factory() as uow:
            found = await finished_projects(uow, branch.id)
        listing = archive_list(found, page_number(request))
        return page(site, request, "portal/listing.html", branch, listing=listing, section="archive", viewer=viewer)

    return [Route("/{branch}/archive", branch_page(site, archive), methods=["GET"], name="portal_archive")]
