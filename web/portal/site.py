"""What every public page shares: the reader's language, the page drawn from a template, its caching and headers.

A visitor reads as viewer None: what they may see is core's to decide, the pages only draw it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation
from core.clock import Clock
from core.errors import NotFound
from core.i18n import LANGUAGES, Text, supported, translate
from core.links import Links
from core.model.branches import Branch
from core.ports import UnitOfWorkFactory
from core.usecases.branches import branch_called
from core.views.actions import Action
from core.views.model import Act

from ..pages import render_page

#: the cookie that keeps the language a reader chose with ?lang=
LANGUAGE_COOKIE = "lang"
#: nothing from another origin, and no script at all
POLICY = ("default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; "
          "frame-ancestors 'none'")
#: a public page may be kept a little while, and asked again with its ETag
CACHE = "public, max-age=60"


@dataclass(frozen=True)
class Site:
    """What the pages read and act with: the database, the clock, the one template environment; and, for members
    signed in, the conversation their actions go through (as a chat's do), the button codec that signs what a
    form may press, the deployment's secret (sessions, forms), its public address and whether it sends mail."""

    uow_factory: UnitOfWorkFactory
    clock: Clock
    templates: Environment
    conversation: Conversation | None = None
    codec: ButtonCodec | None = None
    secret: bytes = b""
    public_url: str = ""
    mail: bool = False
    #: how a chat start parameter ("d12") becomes a link that opens the deployment's bot, when it has one
    bot: Links | None = None


def language_of(request: Request, branch: Branch | None = None) -> str:
    """?lang=, else the cookie a ?lang= left, else the browser's Accept-Language, else the branch's language."""
    for asked in (request.query_params.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        found = supported(asked)
        if found:
            return found
    for tag in request.headers.get("accept-language", "").split(","):
        found = supported(tag.split(";")[0].strip())
        if found:
            return found
    return supported(branch.language if branch else None) or "en"


def link(branch: Branch, act: Act | None) -> str | None:
    """Where an entry's or a card's act leads on the portal; None when it leads nowhere a visitor may go."""
    if act is None or not act.allowed or not act.args:
        return None
    paths = {Action.OPEN_DREAM: "dreams", Action.OPEN_PROJECT: "projects", Action.OPEN_EVENT: "events"}
    where = paths.get(act.action) if act.action else None
    return f"/{branch.slug}/{where}/{act.args[0]}" if where else None


def page(site: Site, request: Request, template: str, branch: Branch | None = None, status_code: int = 200,
         **values: Any) -> Response:
    """The page in the reader's language, with its headers; 304 when the reader has this very page already."""
    language = language_of(request, branch)

    def t(text: Text | str) -> Markup:
        # every plain string and every parameter is escaped; only the catalogs' own patterns are trusted
        return Markup(translate(text, language, lambda s: str(escape(s))))  # nosec B704 # escaped as said above

    html = render_page(site.templates, template, language, branch=branch, t=t, languages=LANGUAGES,
                       path=request.url.path, link=lambda act: link(branch, act) if branch else None, **values)
    tag = '"' + hashlib.sha256(html.encode()).hexdigest()[:32] + '"'
    headers = {"Content-Language": language, "Vary": "Accept-Language, Cookie", "Content-Security-Policy": POLICY}
    if status_code == 200:
        headers |= {"ETag": tag, "Cache-Control": CACHE}
        known = [t.strip().removeprefix("W/") for t in request.headers.get("if-none-match", "").split(",")]
        if tag in known or "*" in known:
            return Response(status_code=304, headers=headers)
    response = HTMLResponse(html, status_code=status_code, headers=headers)
    asked = supported(request.query_params.get("lang"))
    if asked:
        response.set_cookie(LANGUAGE_COOKIE, asked, max_age=365 * 24 * 3600, samesite="lax")
    return response


def not_found(site: Site, request: Request, branch: Branch | None = None) -> Response:
    return page(site, request, "portal/not_found.html", branch, status_code=404)


def page_number(request: Request) -> int:
    """?page=, the first page when it is missing or no page number."""
    asked = request.query_params.get("page", "")
    return int(asked) if asked.isdigit() and len(asked) < 6 else 1


Handler = Callable[[Request, Branch], Awaitable[Response]]


def branch_page(site: Site, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """A page under /<branch>/: 404 for a branch that does not exist, or for anything core does not find."""

    async def endpoint(request: Request) -> Response:
        async with site.uow_factory() as uow:
            try:
                branch = await branch_called(uow, request.path_params["branch"])
            except NotFound:
                return not_found(site, request)
        try:
            return await handler(request, branch)
        except NotFound:
            return not_found(site, request, branch)

    return endpoint


def public_address(site: Site, request: Request, path: str) -> str:
    """The address of a page of ours to give away (a poster's code, a shared link): on the deployment's public
    address when it has one, else on the address the reader used."""
    base = site.public_url or str(request.base_url)
    return base.rstrip("/") + "/" + path.lstrip("/")


def calendar_links(site: Site, request: Request, path: str) -> dict[str, str]:
    """A calendar file's address to download, and the same as webcal:, which a calendar app subscribes to."""
    address = public_address(site, request, path)
    return {"file": path, "webcal": "webcal://" + address.split("://", 1)[-1]}
