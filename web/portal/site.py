"""What every public page shares: the reader's language, the page drawn from a template, its caching and headers.

A visitor reads as viewer None: what they may see is core's to decide, the pages only draw it.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote
import secrets
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
from core.model.members import Member
from core.ports import UnitOfWorkFactory
from core.usecases.branches import branch_called
from core.views.actions import Action
from core.views.model import Act

from ..pages import has_already, render_page
from .cookies import CSRF_COOKIE, FLASH_COOKIE, form_token, secure, take_flash
from .writing import WRITING, text_box

#: the cookie that keeps the language a reader chose with ?lang=
LANGUAGE_COOKIE = "lang"
#: nothing from another origin, and no script at all
POLICY = ("default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; "
          "frame-ancestors 'none'")
#: a public page may be kept a little while, and asked again with its ETag
CACHE = "public, max-age=60"
#: a page for one reader (signed in, told something, or with a form of theirs) is kept by nobody
PRIVATE = "private, no-store"


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


def language_of(request: Request, branch: Branch | None = None, viewer: Member | None = None) -> str:
    """?lang=, else the signed-in member's own language, else the cookie a ?lang= left, else the browser's
    Accept-Language, else the branch's language: a member reads the pages in the language they read the chat in."""
    for asked in (request.query_params.get("lang"), viewer.language if viewer is not None else None,
                  request.cookies.get(LANGUAGE_COOKIE)):
        found = supported(asked)
        if found:
            return found
    for tag in request.headers.get("accept-language", "").split(","):
        found = supported(tag.split(";")[0].strip())
        if found:
            return found
    return supported(branch.language if branch else None) or "en"


#: the acts that open a page of the portal: where under the branch, followed by the act's first argument
PAGES = {Action.OPEN_DREAM: "dreams", Action.OPEN_PROJECT: "projects", Action.OPEN_EVENT: "events",
         Action.OPEN_TOPIC: "topics", Action.OPEN_INQUIRY: "inquiries", Action.OPEN_PLEDGE: "pledges"}
#: the acts that open a part of the page they are on (its comments, a project's plan), drawn whole there
PARTS = {Action.COMMENTS: "#comments", Action.TOPIC_COMMENTS: "#comments", Action.PLAN: "#plan"}
#: the acts that open a page of the portal's own, whatever their arguments
OWN_PAGES = {Action.NEW_TOPIC: "topics/new", Action.TOPICS: "topics", Action.INQUIRIES: "inquiries",
             Action.MY_PLEDGES: "pledges"}
#: the acts that open a page of a dream's own (its needs, the offers made to it): /dreams/<its id>/ and this
DREAM_PAGES = {Action.NEEDS: "needs", Action.DREAM_PLEDGES: "pledges"}


def link(branch: Branch, act: Act | None) -> str | None:
    """Where an entry's or a card's act leads on the portal; None when it leads nowhere a visitor may go."""
    if act is None or not act.allowed or act.action is None:
        return None
    if act.action in PARTS:
        return PARTS[act.action]
    if act.action in OWN_PAGES:
        return f"/{branch.slug}/{OWN_PAGES[act.action]}"
    if act.action in DREAM_PAGES and act.args:
        return f"/{branch.slug}/dreams/{act.args[0]}/{DREAM_PAGES[act.action]}"
    where = PAGES.get(act.action)
    return f"/{branch.slug}/{where}/{act.args[0]}" if where and act.args else None


def press_token(site: Site, act: Act | None) -> str | None:
    """The token a member's form posts to press an act, as a chat button carries it; None when it is not pressed
    here (an act refused, one with an address, a page of the portal's own, one answered with words in a text box
    of its own, or a portal without a conversation)."""
    if site.codec is None or site.conversation is None or act is None or not act.allowed or act.action is None:
        return None
    if any(act.action in pages for pages in (PAGES, PARTS, OWN_PAGES, DREAM_PAGES, WRITING)):
        return None  # opened by a link to its page, or written in its own box
    return site.codec.encode(act.action, *act.args)


def fresh_nonce() -> str:
    """A fresh nonce for one form on one page: it names the post, so a form sent twice is handled once."""
    return secrets.token_urlsafe(12)


def page(site: Site, request: Request, template: str, branch: Branch | None = None, status_code: int = 200,
         viewer: Member | None = None, **values: Any) -> Response:
    """The page in the reader's language, with its headers; 304 when the reader has this very page already.

    Every template gets the `viewer` (None for a visitor), the `csrf` token its forms carry and the `flash`
    lines the previous answer left (shown once). A page for a viewer, with a flash or with a form is private:
    no cache keeps it and it has no ETag; a visitor's page without a form stays public."""
    language = language_of(request, branch, viewer)

    def t(text: Text | str) -> Markup:
        # every plain string and every parameter is escaped; only the catalogs' own patterns are trusted
        return Markup(translate(text, language, lambda s: str(escape(s))))  # nosec B704 # escaped as said above

    flash = take_flash(site.secret, request)
    html = render_page(site.templates, template, language, branch=branch, t=t, languages=LANGUAGES,
                       path=request.url.path, link=lambda act: link(branch, act) if branch else None,
                       viewer=viewer, csrf=_Token(site, request), flash=flash, nonce=fresh_nonce,
                       press=lambda act: press_token(site, act) if viewer is not None and branch else None,
                       writing=lambda act: text_box(branch, act) if viewer is not None and branch else None,
                       **values)
    headers = {"Content-Language": language, "Vary": "Accept-Language, Cookie", "Content-Security-Policy": POLICY}
    private = viewer is not None or bool(flash) or getattr(request.state, "csrf_used", False)
    if private:
        headers["Cache-Control"] = PRIVATE
    elif status_code == 200:
        tag = '"' + hashlib.sha256(html.encode()).hexdigest()[:32] + '"'
        headers |= {"ETag": tag, "Cache-Control": CACHE}
        if has_already(request, tag):
            return Response(status_code=304, headers=headers)
    response = HTMLResponse(html, status_code=status_code, headers=headers)
    asked = supported(request.query_params.get("lang"))
    if asked:
        response.set_cookie(LANGUAGE_COOKIE, asked, max_age=365 * 24 * 3600, samesite="lax")
    nonce = getattr(request.state, "csrf_nonce", None)
    if nonce:  # a visitor's first form: the nonce its token was made from
        response.set_cookie(CSRF_COOKIE, nonce, path="/", secure=secure(site.public_url), httponly=True,
                            samesite="strict")
    if FLASH_COOKIE in request.cookies:
        response.delete_cookie(FLASH_COOKIE, path="/", httponly=True, samesite="lax")
    return response


class _Token:
    """The form token, made only when a template writes it: a page without a form stays the same for everyone."""

    def __init__(self, site: Site, request: Request) -> None:
        self._site, self._request = site, request

    def __str__(self) -> str:
        return form_token(self._site.secret, self._request)

    def __html__(self) -> str:
        return str(self)


def not_found(site: Site, request: Request, branch: Branch | None = None) -> Response:
    return page(site, request, "portal/not_found.html", branch, status_code=404,
                viewer=getattr(request.state, "viewer", None))


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


def share_links(url: str, title: str) -> list[tuple[str, str]]:
    """Where a reader can pass a page on, each a plain link (nothing of theirs is loaded until one is followed):
    (the service, the address that opens it with the page filled in)."""
    page, said = quote(url, safe=""), quote(title, safe="")
    return [("email", f"mailto:?subject={said}&body={page}"),
            ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={page}"),
            ("X", f"https://x.com/intent/post?url={page}&text={said}"),
            ("Telegram", f"https://t.me/share/url?url={page}&text={said}"),
            ("WhatsApp", f"https://wa.me/?text={said}%20{page}")]
