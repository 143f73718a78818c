"""The pages an unsubscribe link in a mail opens, served by the one ASGI app.

Opening the link stops that kind of mail at once, and the page offers to undo it. Mail programs that
understand RFC 8058 POST `List-Unsubscribe=One-Click` to the same address instead; that stops it too.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from jinja2 import Environment
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from bots.email.tokens import Unsubscribe, UnsubscribeTokens
from core.i18n import DEFAULT_LANGUAGE, supported
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.usecases.preferences import resubscribe, unsubscribe

from .body_limit import MAIL_BODY_MAX, limited
from .pages import browser_language, render_page

ONE_CLICK = "One-Click"
BODY_MAX = 10_000
#: the page holds a token that works without a login: nothing caches it, and no referrer carries it away
_PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def routes(uow_factory: UnitOfWorkFactory, tokens: UnsubscribeTokens, env: Environment) -> list[BaseRoute]:
    """GET and POST /unsubscribe/{token}, and POST /unsubscribe/{token}/undo; a valid link is enough to post to
    them, so what they read is capped."""

    async def opened(request: Request) -> Response:
        asked = tokens.read(request.path_params["token"])
        if asked is None:
            return _invalid(env, request)
        if request.method == "HEAD":  # a link checker looking, not a person clicking
            return HTMLResponse("", headers=_PRIVATE)
        language = await _stop(uow_factory, asked)
        return _done(env, request, asked, language)

    async def one_click(request: Request) -> Response:
        asked = tokens.read(request.path_params["token"])
        if asked is None:
            return _invalid(env, request)
        if not _is_one_click(await request.body(), request.headers.get("content-type", "")):
            return PlainTextResponse("expected List-Unsubscribe=One-Click", status_code=400, headers=_PRIVATE)
        language = await _stop(uow_factory, asked)
        return _done(env, request, asked, language)

    async def undo(request: Request) -> Response:
        asked = tokens.read(request.path_params["token"])
        if asked is None:
            return _invalid(env, request)
        async with uow_factory() as uow:
            language = await _language_of(uow, asked.member_id)
            restored = await resubscribe(uow, asked.member_id, asked.topic)
            await uow.commit()
        page = render_page(env, "unsubscribe/undone.html", language, topic=asked.topic.value, restored=restored)
        return HTMLResponse(page, headers=_PRIVATE)

    return limited([Route("/unsubscribe/{token}", opened, methods=["GET"], name="unsubscribe_page"),
                    Route("/unsubscribe/{token}", one_click, methods=["POST"], name="unsubscribe_one_click"),
                    Route("/unsubscribe/{token}/undo", undo, methods=["POST"], name="unsubscribe_undo")],
                   MAIL_BODY_MAX)


async def _stop(uow_factory: UnitOfWorkFactory, asked: Unsubscribe) -> str:
    """Unsubscribe, and the member's language for the page."""
    async with uow_factory() as uow:
        language = await _language_of(uow, asked.member_id)
        await unsubscribe(uow, asked.member_id, asked.topic)
        await uow.commit()
    return language


async def _language_of(uow: UnitOfWork, member_id: int) -> str:
    member = await uow.members.get(member_id)
    if member is None:
        return DEFAULT_LANGUAGE
    branch = await uow.branches.get(member.branch_id)
    return supported(member.speaks(branch.language if branch else DEFAULT_LANGUAGE)) or DEFAULT_LANGUAGE


def _done(env: Environment, request: Request, asked: Unsubscribe, language: str) -> Response:
    # relative to /unsubscribe/, so the form works under whatever prefix a proxy serves us at
    undo_url = f"{request.path_params['token']}/undo"
    page = render_page(env, "unsubscribe/done.html", language, topic=asked.topic.value, undo_url=undo_url)
    return HTMLResponse(page, headers=_PRIVATE)


def _invalid(env: Environment, request: Request) -> Response:
    page = render_page(env, "unsubscribe/invalid.html", browser_language(request))
    return HTMLResponse(page, status_code=400, headers=_PRIVATE)


def _is_one_click(body: bytes, content_type: str) -> bool:
    """RFC 8058's body, sent as a form either url-encoded or as multipart/form-data."""
    if len(body) > BODY_MAX:
        return False
    if content_type.startswith("multipart/form-data"):
        return b'name="List-Unsubscribe"' in body and ONE_CLICK.encode() in body
    fields = parse_qs(body.decode("utf-8", "replace"))
    return ONE_CLICK in fields.get("List-Unsubscribe", [])
