"""The public web portal: pages anyone may read, one module per kind of page, drawn from core's view models.

`routes(...)` is the portal's table for the one ASGI app; the stylesheet is served from web/static.
"""

from __future__ import annotations

from jinja2 import Environment
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation
from core.clock import Clock
from core.links import Links
from core.ports import UnitOfWorkFactory

from . import (about, acting, archive, bank, deposit, dreams, events, factory, go, home, inquiries, needs, padrivere,
               pictures, pledges, posters, projects, settings, sign_in, talk, topics)
from .site import Site

#: in the order their routes are tried: /signin and /go before any page under /<branch>/, which would take them
#: for a slug
PAGES = (home, sign_in, go, bank, dreams, pictures, needs, pledges, factory, projects, archive, padrivere, events,
         about, posters, deposit, settings, acting, talk, topics, inquiries)


def routes(uow_factory: UnitOfWorkFactory, clock: Clock, templates: Environment, *,
           conversation: Conversation | None = None, codec: ButtonCodec | None = None, secret: bytes = b"",
           public_url: str = "", mail: bool = False, bot: Links | None = None) -> list[BaseRoute]:
    """Every page, and /static/ for the stylesheet; members sign in and act when `conversation` is given; posters
    carry a code that opens the bot when `bot` is given."""
    site = Site(uow_factory, clock, templates, conversation, codec, secret, public_url, mail, bot)
    return [Mount("/static", StaticFiles(packages=[("web", "static")]), name="static"),
            *(route for kind in PAGES for route in kind.routes(site))]
