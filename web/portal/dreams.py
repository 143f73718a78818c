"""`/<branch>/dreams/<id>`: one dream as a visitor sees it, with its picture, its comments and what a shared link
shows (Open Graph); its owner also finds the forms that change the picture."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from core.model.branches import Branch
from core.usecases.dreams import read_dream
from core.usecases.pictures import picture_refusal
from core.views.dreams import dream_card
from core.views.needs import coverage_rows
from core.views.text import excerpt

from .session import signed_in
from .site import Site, branch_page, not_found, page, public_address, share_links
from .talk import discussion_of


def routes(site: Site) -> list[BaseRoute]:
    async def dream(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        async with site.uow_factory() as uow:
            facts = await read_dream(uow, viewer, request.path_params["id"])
            if facts.dream.branch_id != branch.id:
                return not_found(site, request, branch)  # another branch's dream is not this branch's
            talked = await discussion_of(uow, site.clock, viewer, dream_id=facts.dream.id)
        # each need with what is pledged and what is still missing: a table of its own on the page
        card = dream_card(facts, viewer, whole_story=True, needs_apart=True)
        shared = {"title": facts.dream.title, "description": excerpt(facts.dream.story, 200),
                  "url": public_address(site, request, request.url.path)}
        shared["links"] = share_links(shared["url"], facts.dream.title)
        picture = None
        if facts.picture is not None:  # its address changes with it, so a picture kept a day is never an old one
            picture = {"src": f"{request.url.path}/picture?v={facts.picture.digest[:16]}", "alt": facts.dream.title,
                       "width": facts.picture.width, "height": facts.picture.height}
            if facts.dream.public:
                shared["image"] = public_address(site, request, picture["src"])
        changing = picture_refusal(facts.dream, facts.project, viewer) is None
        return page(site, request, "portal/card.html", branch, card=card, section="bank", shared=shared,
                    needs=coverage_rows(facts.needs, facts.currency),
                    poster=f"{request.url.path}/poster", viewer=viewer, picture=picture,
                    picture_form=f"{request.url.path}/picture" if changing else None, discussion=talked)

    return [Route("/{branch}/dreams/{id:int}", branch_page(site, dream), methods=["GET"], name="portal_dream")]
