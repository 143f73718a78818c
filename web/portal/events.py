"""`/<branch>/events` and `/<branch>/events/<id>`: the events open to everyone, coming up with their places left
and held earlier, and each one."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from core.model.branches import Branch
from core.usecases.events import event_facts, past_events, upcoming
from core.views.events import event_card, events_listing, past_events_listing

from .session import signed_in
from .site import Site, branch_page, calendar_links, not_found, page, page_number


def routes(site: Site) -> list[BaseRoute]:
    async def coming_up(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        async with site.uow_factory() as uow:
            found = await upcoming(uow, site.clock, viewer, branch.id)
            counts = {e.id: await uow.events.counts(e.id) for e in found}
            held = await past_events(uow, site.clock, viewer, branch.id)
        listing = events_listing(found, branch.timezone, page_number(request), counts=counts)
        return page(site, request, "portal/listing.html", branch, listing=listing, section="events",
                    earlier=past_events_listing(held, branch.timezone),
                    calendar=calendar_links(site, request, f"/{branch.slug}/events.ics"), viewer=viewer)

    async def event(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        async with site.uow_factory() as uow:
            facts = await event_facts(uow, site.clock, viewer, request.path_params["id"])
        if facts.event.branch_id != branch.id:
            return not_found(site, request, branch)
        return page(site, request, "portal/card.html", branch, card=event_card(facts), section="events",
                    poster=f"{request.url.path}/poster",
                    calendar=calendar_links(site, request, f"{request.url.path}.ics"), viewer=viewer)

    return [Route("/{branch}/events", branch_page(site, coming_up), methods=["GET"], name="portal_events"),
            Route("/{branch}/events/{id:int}", branch_page(site, event), methods=["GET"], name="portal_event")]
