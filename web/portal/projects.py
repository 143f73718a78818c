"""`/<branch>/projects/<id>`: one project, its team and its updates."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from core.model.branches import Branch
from core.usecases.projects import read_project
from core.views.projects import project_card

from .session import signed_in
from .site import Site, branch_page, not_found, page


def routes(site: Site) -> list[BaseRoute]:
    async def project(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        async with site.uow_factory() as uow:
            facts = await read_project(uow, viewer, request.path_params["id"])
        if facts.project.branch_id != branch.id:
            return not_found(site, request, branch)
        section = "archive" if facts.project.archived else "factory"
        return page(site, request, "portal/card.html", branch, card=project_card(facts, viewer), section=section,
                    viewer=viewer)

    return [Route("/{branch}/projects/{id:int}", branch_page(site, project), methods=["GET"], name="portal_project")]
