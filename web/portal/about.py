"""`/<branch>/about`: what makes a dream fit the bank (the branch's three criteria, as its deposit asks them), how the
board decides, and how accessible the pages are."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from core.model.branch_settings import criteria_questions
from core.model.branches import Branch, QuorumKind

from .session import signed_in
from .site import Site, branch_page, page


def routes(site: Site) -> list[BaseRoute]:
    async def about(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        majority = branch.quorum.kind is QuorumKind.MAJORITY
        return page(site, request, "portal/about.html", branch, section="about", majority=majority,
                    needed=branch.quorum.needed, criteria=criteria_questions(branch), viewer=viewer)

    return [Route("/{branch}/about", branch_page(site, about), methods=["GET"], name="portal_about")]
