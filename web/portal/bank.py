"""`/<branch>/`: the dreams in the bank, a page at a time, in the order asked, narrowed by a need or words
(?q=&sort=&need=&page=): a plain GET form, so it works without script and every page of a search can be linked."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from core.model.bank import BankQuery, BankSort
from core.model.branches import Branch
from core.usecases.bank import bank_page
from core.views.bank import bank_shelf

from .session import signed_in
from .site import Site, branch_page, page, page_number


def routes(site: Site) -> list[BaseRoute]:
    async def bank(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        asked = request.query_params
        query = BankQuery.asked(asked.get("sort"), asked.get("need"), asked.get("q"), page_number(request))
        async with site.uow_factory() as uow:
            found = await bank_page(uow, branch.id, query)
        shelf = bank_shelf(branch, found, query)
        return page(site, request, "portal/bank.html", branch, shelf=shelf, section="bank",
                    turn=lambda to: turn_to(query, to), viewer=viewer,
                    join=site.bot.branch(branch.slug) if site.bot else None)

    return [Route("/{branch}/", branch_page(site, bank), methods=["GET"], name="portal_bank")]


def turn_to(query: BankQuery, page: int) -> str:
    """The address of another page of the same search: the page, and what the reader chose that is not the default."""
    asked = {"q": query.text, "sort": query.sort.value if query.sort is not BankSort.NEWEST else "",
             "need": query.need.value if query.need else ""}
    return "?" + urlencode({**{k: v for k, v in asked.items() if v}, "page": page})
