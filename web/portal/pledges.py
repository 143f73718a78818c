"""`/<branch>/pledges`: a signed-in member's own offers of help, as `/mypledges` lists them in chat, each opening its
page (`/<branch>/pledges/<id>`) where its pledger changes or withdraws it and the dream's owner accepts, thanks or
declines it; and `/<branch>/dreams/<id>/pledges`, the owner's list of the offers made to their dream. Nobody else
finds an offer (404), a list not theirs is refused with core's reason, and a visitor is asked to sign in."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from core.errors import Refused
from core.model.branches import Branch
from core.usecases import pledges
from core.usecases.access import SIGN_IN
from core.views.pledges import dream_pledges, my_pledges, pledge_card

from .session import signed_in
from .site import Site, branch_page, not_found, page, page_number

SECTION = "pledges"


def routes(site: Site) -> list[BaseRoute]:
    def sign_in_first(request: Request, branch: Branch) -> Response:
        return page(site, request, "portal/sign_in_first.html", branch, sign_in=SIGN_IN, section=SECTION)

    async def mine(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        if viewer is None:
            return sign_in_first(request, branch)
        async with site.uow_factory() as uow:
            found = await pledges.my_pledges(uow, viewer)
        return page(site, request, "portal/listing.html", branch, listing=my_pledges(found, page_number(request)),
                    section=SECTION, viewer=viewer)

    async def pledge(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        if viewer is None:
            return sign_in_first(request, branch)
        async with site.uow_factory() as uow:
            facts = await pledges.read_pledge(uow, viewer, request.path_params["id"])  # nobody else's: not found
        if facts.dream.branch_id != branch.id:
            return not_found(site, request, branch)
        return page(site, request, "portal/card.html", branch, card=pledge_card(facts), section=SECTION,
                    viewer=viewer)

    async def of_dream(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        if viewer is None:
            return sign_in_first(request, branch)
        async with site.uow_factory() as uow:
            try:
                dream, found = await pledges.dream_pledges(uow, viewer, request.path_params["id"])
            except Refused as refusal:
                return page(site, request, "portal/refused.html", branch, status_code=403, said=refusal.reason,
                            viewer=viewer)
        if dream.branch_id != branch.id:
            return not_found(site, request, branch)
        listing = dream_pledges(dream.id, dream.title, found, page_number(request))
        return page(site, request, "portal/listing.html", branch, listing=listing, section="bank", viewer=viewer)

    return [Route("/{branch}/pledges", branch_page(site, mine), methods=["GET"], name="portal_pledges"),
            Route("/{branch}/pledges/{id:int}", branch_page(site, pledge), methods=["GET"], name="portal_pledge"),
            Route("/{branch}/dreams/{id:int}/pledges", branch_page(site, of_dream), methods=["GET"],
                  name="portal_dream_pledges")]
