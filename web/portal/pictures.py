"""`/<branch>/dreams/<id>/picture`: a dream's picture, served by the bank itself (its pages load images from nowhere
else), and the owner's forms that add, replace or remove it.

An upload is read only up to UPLOAD_MAX: a bigger body is refused with a kind word before it is parsed, and is not
read to its end. What the file is, is core's to say from its bytes, never from its name or declared type.
"""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import Message

from core.errors import NotFound, Refused
from core.i18n import Text, _, translate
from core.model.branches import Branch
from core.model.pictures import PICTURE_MAX
from core.usecases.pictures import add_picture, picture_of, remove_picture

from ..body_limit import body_within
from ..pages import has_already
from .session import FILE_MAX, FORM_MAX, forbidden, leave_flash, posted_form, signed_in
from .site import PRIVATE, Site, branch_page, language_of, not_found

#: where a visitor who tries to change a picture is sent
SIGN_IN_PATH = "/signin"
#: the largest upload read: the largest picture and the form around it
UPLOAD_MAX = FORM_MAX + FILE_MAX
#: a public dream's picture changes its address when it changes (?v=), so it may be kept a day
KEPT = "public, max-age=86400"
#: the form's file field
FIELD = "picture"


def routes(site: Site) -> list[BaseRoute]:
    async def show(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        async with site.uow_factory() as uow:
            dream, picture = await picture_of(uow, request.path_params["id"], viewer)
        if dream.branch_id != branch.id:
            return not_found(site, request, branch)
        tag = '"' + picture.digest[:32] + '"'
        headers = {"ETag": tag, "Cache-Control": KEPT if dream.public else PRIVATE}
        if not dream.public:
            headers["Vary"] = "Cookie"
        if has_already(request, tag):
            return Response(status_code=304, headers=headers)
        return Response(picture.data, media_type=picture.mime, headers=headers)

    async def add(request: Request, branch: Branch) -> Response:
        member = await signed_in(site, request)
        if member is None:
            return RedirectResponse(SIGN_IN_PATH, status_code=303)
        dream_id = request.path_params["id"]
        body = await body_within(request, UPLOAD_MAX)
        if body is None:
            return told(site, request, branch, dream_id, _("That picture is too big: at most 2 MB."))
        posted = await posted_form(site, Request(request.scope, replay(body)), files=1)
        if posted is None:
            return forbidden(site, request, branch)
        sent = posted.get(FIELD)
        data = b""
        if isinstance(sent, UploadFile):
            data = await sent.read(PICTURE_MAX + 1)  # one byte more than may be kept: enough to say it is too big
            await sent.close()
        if not data:
            return told(site, request, branch, dream_id, _("Choose a picture to upload first."))
        try:
            async with site.uow_factory() as uow:
                await add_picture(uow, site.clock, member, dream_id, data, branch_id=branch.id)
                await uow.commit()
        except NotFound:  # the page that is not there
            raise
        except Refused as refused:
            return told(site, request, branch, dream_id, refused.reason)
        return told(site, request, branch, dream_id, _("The picture is on the dream's page now."))

    async def remove(request: Request, branch: Branch) -> Response:
        member = await signed_in(site, request)
        if member is None:
            return RedirectResponse(SIGN_IN_PATH, status_code=303)
        dream_id = request.path_params["id"]
        if await posted_form(site, request) is None:
            return forbidden(site, request, branch)
        try:
            async with site.uow_factory() as uow:
                removed = await remove_picture(uow, site.clock, member, dream_id, branch_id=branch.id)
                await uow.commit()
        except NotFound:
            raise
        except Refused as refused:
            return told(site, request, branch, dream_id, refused.reason)
        return told(site, request, branch, dream_id,
                    _("The picture is removed.") if removed else _("The dream has no picture to remove."))

    return [Route("/{branch}/dreams/{id:int}/picture", branch_page(site, show), methods=["GET"],
                  name="portal_dream_picture"),
            Route("/{branch}/dreams/{id:int}/picture", branch_page(site, add), methods=["POST"],
                  name="portal_dream_picture_add"),
            Route("/{branch}/dreams/{id:int}/picture/remove", branch_page(site, remove), methods=["POST"],
                  name="portal_dream_picture_remove")]


def told(site: Site, request: Request, branch: Branch, dream_id: int, said: Text) -> Response:
    """Back to the dream's page, which says once what came of the post."""
    response = RedirectResponse(f"/{branch.slug}/dreams/{dream_id}", status_code=303)
    leave_flash(site, response, [translate(said, language_of(request, branch))])
    return response


def replay(body: bytes):
    """An ASGI `receive` that gives the body already read, so the form is parsed from it."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive
