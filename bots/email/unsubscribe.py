"""The pages an unsubscribe link opens, served by the same ASGI app as the Telegram webhook.

Opening the link stops that kind of mail at once, and the page offers to undo it. Mail programs that
understand RFC 8058 POST `List-Unsubscribe=One-Click` to the same address instead; that stops it too.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from core.i18n import DEFAULT_LANGUAGE, supported
from core.model.preferences import MailTopic, Preferences
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.usecases.preferences import unsubscribe
from digests.rendering import render_page

from .tokens import Unsubscribe, UnsubscribeTokens

ONE_CLICK = "One-Click"
BODY_MAX = 10_000
#: the page holds a token that works without a login: nothing caches it, and no referrer carries it away
_PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
#: which choice each topic's unsubscribe turned off, so that undoing it can turn it on again
_SWITCH = {MailTopic.DIGEST: "digest_by_email", MailTopic.NEWSLETTERS: "newsletters_by_email",
           MailTopic.REMINDERS: "reminders_by_email"}


def unsubscribe_routes(uow_factory: UnitOfWorkFactory, secret: bytes) -> list[Route]:
    """GET and POST /unsubscribe/{token}, and POST /unsubscribe/{token}/undo."""
    tokens = UnsubscribeTokens(secret)

    async def opened(request: Request) -> Response:
        asked = tokens.read(request.path_params["token"])
        if asked is None:
            return _invalid(request)
        if request.method == "HEAD":  # a link checker looking, not a person clicking
            return HTMLResponse("", headers=_PRIVATE)
        language = await _stop(uow_factory, asked)
        return _done(request, asked, language)

    async def one_click(request: Request) -> Response:
        asked = tokens.read(request.path_params["token"])
        if asked is None:
            return _invalid(request)
        if not _is_one_click(await request.body(), request.headers.get("content-type", "")):
            return PlainTextResponse("expected List-Unsubscribe=One-Click", status_code=400, headers=_PRIVATE)
        language = await _stop(uow_factory, asked)
        return _done(request, asked, language)

    async def undo(request: Request) -> Response:
        asked = tokens.read(request.path_params["token"])
        if asked is None:
            return _invalid(request)
        async with uow_factory() as uow:
            language = await _language_of(uow, asked.member_id)
            restored = await resubscribe(uow, asked)
            await uow.commit()
        page = render_page("unsubscribe/undone.html", language, topic=asked.topic.value, restored=restored)
        return HTMLResponse(page, headers=_PRIVATE)

    return [Route("/unsubscribe/{token}", opened, methods=["GET"], name="unsubscribe_page"),
            Route("/unsubscribe/{token}", one_click, methods=["POST"], name="unsubscribe_one_click"),
            Route("/unsubscribe/{token}/undo", undo, methods=["POST"], name="unsubscribe_undo")]


async def resubscribe(uow: UnitOfWork, asked: Unsubscribe) -> bool:
    """Turn on again what the link turned off; False when that cannot be done here: after ALL, or once the
    address is gone (forgotten, or bounced), only the chat can add one again. Staged; the caller commits."""
    switch = _SWITCH.get(asked.topic)
    if switch is None or await uow.members.get(asked.member_id) is None:
        return False
    preferences: Preferences = await uow.preferences.get(asked.member_id)
    if preferences.email is None:
        return False
    if not getattr(preferences, switch):
        setattr(preferences, switch, True)
        await uow.preferences.save(preferences)
    return True


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


def _done(request: Request, asked: Unsubscribe, language: str) -> Response:
    # relative to /unsubscribe/, so the form works under whatever prefix a proxy serves us at
    undo_url = f"{request.path_params['token']}/undo"
    page = render_page("unsubscribe/done.html", language, topic=asked.topic.value, undo_url=undo_url)
    return HTMLResponse(page, headers=_PRIVATE)


def _invalid(request: Request) -> Response:
    page = render_page("unsubscribe/invalid.html", _browser_language(request))
    return HTMLResponse(page, status_code=400, headers=_PRIVATE)


def _browser_language(request: Request) -> str:
    """The first language of the browser's Accept-Language that we have, for someone we do not know."""
    for tag in request.headers.get("accept-language", "").split(","):
        found = supported(tag.split(";")[0].strip())
        if found:
            return found
    return DEFAULT_LANGUAGE


def _is_one_click(body: bytes, content_type: str) -> bool:
    """RFC 8058's body, sent as a form either url-encoded or as multipart/form-data."""
    if len(body) > BODY_MAX:
        return False
    if content_type.startswith("multipart/form-data"):
        return b'name="List-Unsubscribe"' in body and ONE_CLICK.encode() in body
    fields = parse_qs(body.decode("utf-8", "replace"))
    return ONE_CLICK in fields.get("List-Unsubscribe", [])
