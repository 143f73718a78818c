"""`/<branch>/settings`: a signed-in member's choices, as `/settings` shows them in chat, each changed by a press;
a visitor is asked to sign in."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from core.chat.conversation import Incoming
from core.model.branches import Branch
from core.model.members import WEB, Identity
from core.usecases.access import SIGN_IN
from core.views.model import Card

from .session import signed_in
from .site import Site, branch_page, page


def routes(site: Site) -> list[BaseRoute]:
    async def settings(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        if viewer is None or site.conversation is None:
            return page(site, request, "portal/sign_in_first.html", branch, sign_in=SIGN_IN, section="settings")
        reply = await site.conversation.handle(Incoming(Identity(WEB, str(viewer.id)), viewer.display_name,
                                                        text="/settings"))
        card = next((m.view for m in reply.messages if isinstance(m.view, Card)), None)
        if card is None:  # core said why not, in so many words
            lines = [line for m in reply.messages for line in m.lines]
            return page(site, request, "portal/sign_in_first.html", branch, viewer=viewer, lines=lines,
                        section="settings")
        return page(site, request, "portal/card.html", branch, card=card, viewer=viewer, section="settings")

    return [Route("/{branch}/settings", branch_page(site, settings), methods=["GET"], name="portal_settings")]
