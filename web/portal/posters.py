"""`/<branch>/dreams/<id>/poster` and `/<branch>/events/<id>/poster`: an A4 poster to print, with a QR code that
opens the dream or event on the web and, when the deployment has a Telegram bot, one that opens it there.

The codes are SVG images served from here (`…/qr.svg?to=web|bot`), so the page needs nothing from elsewhere and
no inline style; each address is printed under its code for whoever cannot scan.
"""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable

import segno
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from core.model.branches import Branch
from core.usecases.dreams import read_dream
from core.usecases.events import event_facts
from core.views.posters import Poster, dream_poster, event_poster

from .site import CACHE, Site, branch_page, not_found, page, public_address

#: which codes a poster may carry
TARGETS = ("web", "bot")


def routes(site: Site) -> list[BaseRoute]:
    async def dream(request: Request, branch: Branch) -> Poster | None:
        async with site.uow_factory() as uow:
            facts = await read_dream(uow, None, request.path_params["id"])
        return dream_poster(facts) if facts.dream.branch_id == branch.id else None

    async def event(request: Request, branch: Branch) -> Poster | None:
        async with site.uow_factory() as uow:
            facts = await event_facts(uow, site.clock, None, request.path_params["id"])
        return event_poster(facts) if facts.event.branch_id == branch.id else None

    def poster_page(read: Callable[[Request, Branch], Awaitable[Poster | None]]):
        async def show(request: Request, branch: Branch) -> Response:
            poster = await read(request, branch)
            if poster is None:  # another branch's is not this branch's
                return not_found(site, request, branch)
            codes = [(to, addresses(site, request, branch, poster)[to]) for to in TARGETS]
            return page(site, request, "portal/poster.html", branch, poster=poster,
                        codes=[(to, address) for to, address in codes if address],
                        section="events" if poster.kind == "event" else "bank")
        return show

    def qr_code(read: Callable[[Request, Branch], Awaitable[Poster | None]]):
        async def draw(request: Request, branch: Branch) -> Response:
            poster = await read(request, branch)
            address = addresses(site, request, branch, poster).get(request.query_params.get("to", "web")) \
                if poster else None
            if not address:
                return not_found(site, request, branch)
            return Response(svg(address), media_type="image/svg+xml",
                            headers={"Cache-Control": CACHE, "X-Content-Type-Options": "nosniff"})
        return draw

    return [Route("/{branch}/dreams/{id:int}/poster", branch_page(site, poster_page(dream)), methods=["GET"],
                  name="portal_dream_poster"),
            Route("/{branch}/dreams/{id:int}/qr.svg", branch_page(site, qr_code(dream)), methods=["GET"],
                  name="portal_dream_qr"),
            Route("/{branch}/events/{id:int}/poster", branch_page(site, poster_page(event)), methods=["GET"],
                  name="portal_event_poster"),
            Route("/{branch}/events/{id:int}/qr.svg", branch_page(site, qr_code(event)), methods=["GET"],
                  name="portal_event_qr")]


def addresses(site: Site, request: Request, branch: Branch, poster: Poster) -> dict[str, str | None]:
    """Where each of the poster's codes leads: its page on the web, and its start in the bot when there is one."""
    path = f"/{branch.slug}/{poster.kind}s/{poster.id}"
    return {"web": public_address(site, request, path), "bot": site.bot.url(poster.start) if site.bot else None}


def svg(address: str) -> bytes:
    """A QR code of the address as a standalone SVG document: black on white, a quiet zone round it, no style."""
    out = io.BytesIO()
    segno.make(address, error="m").save(out, kind="svg", scale=4, border=4, dark="#000", light="#fff",
                                        xmldecl=True, svgns=True, nl=False)
    return out.getvalue()
