"""`/`: the branches, each a way into its bank."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from core.usecases.branches import all_branches

from .session import signed_in
from .site import Site, page


def routes(site: Site) -> list[BaseRoute]:
    async def home(request: Request) -> Response:
        viewer = await signed_in(site, request)
        async with site.uow_factory() as uow:
            branches = await all_branches(uow)
        return page(site, request, "portal/home.html", branches=branches, viewer=viewer)

    return [Route("/", home, methods=["GET"], name="portal_home")]
