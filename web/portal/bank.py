"""`/<branch>/`: the dreams in the bank, a page at a time (?page=)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from core.model.branches import Branch
from core.usecases.bank import bank_dreams
from core.views.bank import bank_list

from .session import signed_in
from .site import Site, branch_page, page, page_number


def routes(site: Site) -> list[BaseRoute]:
    async def bank(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        async with site.uow_factory() as uow:
            dreams = await bank_dreams(uow, branch.id)
        listing = bank_list(branch, dreams, page_number(request))
        return page(site, request, "portal/listing.html", branch, listing=listing, section="bank", viewer=viewer)

    return [Route("/{branch}/", branch_page(site, bank), methods=["GET"], name="portal_bank")]
