"""`/<branch>/dreams/<id>/needs`: a dream's needs, as `/needs` shows them in chat, each with what is pledged and
what is still missing; its owner adds, changes and removes needs here (each change a form, as in chat) until the
dream becomes a project. Anyone who may see the dream may see its needs."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from core.model.branches import Branch
from core.usecases import needs
from core.views.needs import needs_card

from .session import signed_in
from .site import Site, branch_page, not_found, page


def routes(site: Site) -> list[BaseRoute]:
    async def of_dream(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        async with site.uow_factory() as uow:
            facts = await needs.read_needs(uow, viewer, request.path_params["id"])
        if facts.dream.branch_id != branch.id:
            return not_found(site, request, branch)
        return page(site, request, "portal/card.html", branch, card=needs_card(facts), section="bank",
                    viewer=viewer)

    return [Route("/{branch}/dreams/{id:int}/needs", branch_page(site, of_dream), methods=["GET"],
                  name="portal_needs")]
