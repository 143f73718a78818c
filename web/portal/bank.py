"""`/<branch>/`: the dreams in the bank, a page at a time (?page=)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from core.model.bank import BankQuery
from core.model.branches import Branch
from core.usecases.bank import bank_page
from core.views.bank import bank_list

from .site import Site, branch_page, page, page_number


def routes(site: Site) -> list[BaseRoute]:
    async def bank(request: Request, branch: Branch) -> Response:
        async with site.uow_factory() as uow:
            found = await bank_page(uow, branch.id, BankQuery(page=page_number(request)))
        listing = bank_list(branch, found, page_number(request))
        return page(site, request, "portal/listing.html", branch, listing=listing, section="bank")

    return [Route("/{branch}/", branch_page(site, bank), methods=["GET"], name="portal_bank")]
