"""`/<branch>/deposit`: the whole deposit form for a signed-in member, the same form and criteria the chat asks
one step at a time; it is sent to `/<branch>/form`, where core reads and checks it. A visitor is asked to sign in;
a member reading another branch's pages is taken to their own branch's form, the bank their dreams go to."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from core.dialogs.catalogue import FORMS
from core.dialogs.pages import sheet
from core.model.branches import Branch
from core.usecases.access import SIGN_IN

from .acting import draw_form
from .session import signed_in
from .site import Site, branch_page, page


def routes(site: Site) -> list[BaseRoute]:
    async def deposit(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        whole = sheet(FORMS["deposit"], {})
        if viewer is None or site.conversation is None:
            return page(site, request, "portal/form.html", branch, sheet=whole, sign_in=SIGN_IN, section="bank")
        if viewer.branch_id != branch.id:
            async with site.uow_factory() as uow:
                home = await uow.branches.get(viewer.branch_id)
            if home is not None:
                return RedirectResponse(f"/{home.slug}/deposit", status_code=303)
        return draw_form(site, request, branch, viewer, whole, f"/{branch.slug}/", [])

    return [Route("/{branch}/deposit", branch_page(site, deposit), methods=["GET"], name="portal_deposit")]
