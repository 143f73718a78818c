"""`/<branch>/projects/<id>`: one project, its team and its updates, its plan to read (as public as the project;
the team changes it in chat), and the comments on its dream."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from core.model.branches import Branch
from core.usecases.plans import read_plan
from core.usecases.projects import read_project
from core.views.plans import plan_view
from core.views.projects import project_card

from .session import signed_in
from .site import Site, branch_page, not_found, page
from .talk import discussion_of


def routes(site: Site) -> list[BaseRoute]:
    async def project(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        async with site.uow_factory() as uow:
            facts = await read_project(uow, viewer, request.path_params["id"])
            if facts.project.branch_id != branch.id:
                return not_found(site, request, branch)
            plan = plan_view(await read_plan(uow, viewer, facts.project.id))
            talked = await discussion_of(uow, site.clock, viewer, dream_id=facts.project.dream_id)
        section = "archive" if facts.project.archived else "factory"
        return page(site, request, "portal/card.html", branch, card=project_card(facts, viewer), section=section,
                    viewer=viewer, plan=plan, discussion=talked)

    return [Route("/{branch}/projects/{id:int}", branch_page(site, project), methods=["GET"], name="portal_project")]
