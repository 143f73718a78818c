"""`/signin`, `/signin/<token>` and `/signout`: signing in with a one-time link instead of a password.

A link comes from the chat (/web) or by mail to a confirmed address. Opening it shows one "Sign in" button:
apps that preview a link fetch it with GET, so only the press (a POST) uses the link up. Every form here carries
the csrf token; a form without it changes nothing.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from core.errors import Refused
from core.i18n import _, translate
from core.usecases.sign_in import mail_sign_in_link, redeem, sign_out

from .session import close_session, forbidden, leave_flash, open_session, posted_form, session_id, signed_in
from .site import Site, language_of, not_found, page


def routes(site: Site) -> list[BaseRoute]:
    async def how(request: Request) -> Response:
        viewer = await signed_in(site, request)
        return page(site, request, "portal/sign_in.html", viewer=viewer, mail=site.mail)

    async def by_mail(request: Request) -> Response:
        viewer = await signed_in(site, request)
        if not site.mail:
            return not_found(site, request)
        form = await posted_form(site, request)
        if form is None:
            return forbidden(site, request)
        address = str(form.get("address") or "")
        async with site.uow_factory() as uow:
            try:
                await mail_sign_in_link(uow, site.clock, address, site.public_url)
            except Refused as refused:
                return page(site, request, "portal/sign_in.html", status_code=400, viewer=viewer, mail=site.mail,
                            problem=refused.reason, address=address)
            await uow.commit()
        return page(site, request, "portal/sign_in_mailed.html", viewer=viewer)

    async def link(request: Request) -> Response:
        viewer = await signed_in(site, request)
        return page(site, request, "portal/sign_in_link.html", viewer=viewer, token=request.path_params["token"])

    async def press(request: Request) -> Response:
        await signed_in(site, request)
        if await posted_form(site, request) is None:
            return forbidden(site, request)
        async with site.uow_factory() as uow:
            try:
                member, session = await redeem(uow, site.clock, request.path_params["token"])
            except Refused as refused:
                return page(site, request, "portal/refused.html", status_code=400, said=refused.reason,
                            ask_again=True, viewer=request.state.viewer)
            await uow.commit()
            branch = await uow.branches.get(member.branch_id)
        response = RedirectResponse(f"/{branch.slug}/" if branch else "/", status_code=303)
        open_session(site, response, session)
        said = _("You are signed in as {name}.", name=member.display_name)
        leave_flash(site, response, [translate(said, language_of(request, branch))])
        return response

    async def leave(request: Request) -> Response:
        await signed_in(site, request)
        if await posted_form(site, request) is None:
            return forbidden(site, request)
        found = session_id(site, request)
        if found is not None:
            async with site.uow_factory() as uow:
                await sign_out(uow, site.clock, found)
                await uow.commit()
        response = RedirectResponse("/", status_code=303)
        close_session(site, response)
        leave_flash(site, response, [translate(_("You are signed out."), language_of(request))])
        return response

    return [Route("/signin", how, methods=["GET"], name="portal_sign_in"),
            Route("/signin/email", by_mail, methods=["POST"], name="portal_sign_in_by_mail"),
            Route("/signin/{token}", link, methods=["GET"], name="portal_sign_in_link"),
            Route("/signin/{token}", press, methods=["POST"], name="portal_sign_in_press"),
            Route("/signout", leave, methods=["POST"], name="portal_sign_out")]
