"""`/<branch>/topics`: the questions and current issues the branch's members opened for discussion, each on a page of
its own with its comments and Support (`/<branch>/topics/<id>`), and the form that opens one (`/<branch>/topics/new`,
sent to `/<branch>/form` as the chat's /topic is answered). Anyone reads them; the branch's members take part."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from core.dialogs.catalogue import FORMS
from core.dialogs.pages import sheet
from core.model.branches import Branch
from core.usecases import talk
from core.usecases.access import SIGN_IN
from core.views.talk import topic_card, topics_listing

from .acting import draw_form
from .session import signed_in
from .site import Site, branch_page, not_found, page, page_number
from .talk import discussion_of


def routes(site: Site) -> list[BaseRoute]:
    async def topics(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        async with site.uow_factory() as uow:
            found = await talk.topics(uow, branch.id)
        listing = topics_listing(found, page_number(request))
        return page(site, request, "portal/listing.html", branch, listing=listing, section="topics", viewer=viewer)

    async def topic(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        topic_id = request.path_params["id"]
        async with site.uow_factory() as uow:
            facts = await talk.topic_facts(uow, viewer, topic_id)
            if facts.topic.branch_id != branch.id:
                return not_found(site, request, branch)
            talked = await discussion_of(uow, site.clock, viewer, topic_id=topic_id)
        card = topic_card(facts, viewer.id if viewer is not None and viewer.id is not None else 0)
        return page(site, request, "portal/card.html", branch, card=card, discussion=talked, section="topics",
                    viewer=viewer)

    async def new_topic(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        whole = sheet(FORMS["topic"], {})
        if viewer is None or site.conversation is None:
            return page(site, request, "portal/form.html", branch, sheet=whole, sign_in=SIGN_IN, section="topics")
        if viewer.branch_id != branch.id:  # a topic is opened in one's own branch
            async with site.uow_factory() as uow:
                home = await uow.branches.get(viewer.branch_id)
            if home is not None:
                return RedirectResponse(f"/{home.slug}/topics/new", status_code=303)
        return draw_form(site, request, branch, viewer, whole, f"/{branch.slug}/topics", [], section="topics")

    return [Route("/{branch}/topics", branch_page(site, topics), methods=["GET"], name="portal_topics"),
            Route("/{branch}/topics/new", branch_page(site, new_topic), methods=["GET"], name="portal_new_topic"),
            Route("/{branch}/topics/{id:int}", branch_page(site, topic), methods=["GET"], name="portal_topic")]
