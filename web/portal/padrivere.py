"""`/<branch>/padrivere`: the pådrivere who agreed to be shown (core decides who), with what they did."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from core.model.branches import Branch
from core.usecases.padrivere import page as circle_page
from core.views.padrivere import circle_listing

from .session import signed_in
from .site import Site, branch_page, page, page_number


def routes(site: Site) -> list[BaseRoute]:
    async def padrivere(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        async with site.uow_factory() as uow:
            rows = await circle_page(uow, site.clock, branch.id)
        listing = circle_listing(branch.name, rows, page_number(request))
        return page(site, request, "portal/listing.html", branch, listing=listing, section="padrivere", viewer=viewer)

    return [Route("/{branch}/padrivere", branch_page(site, padrivere), methods=["GET"], name="portal_padrivere")]
