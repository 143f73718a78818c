"""`/<branch>/settings`: a signed-in member's choices, as `/settings` shows them in chat, each changed by a press;
and, where the deployment sends email, their address: given in one box (a code is mailed to it), confirmed with the
code typed in another, or forgotten, through the use cases the chat's /email calls. A visitor is asked to sign in.

Each email form carries the csrf token; a refusal is shown beside its box and changes nothing. The code travels only
in a form's body: no address (URL) and no log line carries it, and a refused code is not written back into its box.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from core.chat.conversation import Incoming
from core.errors import Refused
from core.i18n import Text, _, translate
from core.model.branches import Branch
from core.model.members import WEB, Identity, Member
from core.usecases import preferences as choices
from core.usecases.access import SIGN_IN
from core.views.model import Card

from .session import forbidden, leave_flash, posted_form, signed_in
from .site import Site, branch_page, language_of, not_found, page

#: what a box may hold: the longest address, with room for spaces around it
TYPED_MAX = choices.ADDRESS_MAX + 16


@dataclass(frozen=True)
class EmailForm:
    """The email part of the page: the confirmed address, the one waiting for its code, the address typed in the
    box, and why the address box, the code box or the forgetting was refused."""

    address: str | None
    pending: str | None
    typed: str = ""
    address_problem: Text | None = None
    code_problem: Text | None = None
    forget_problem: Text | None = None


def routes(site: Site) -> list[BaseRoute]:
    async def shown(request: Request, branch: Branch, viewer: Member, status_code: int = 200,
                    **told: Any) -> Response:
        """The page, with what the last post was told beside its box (`told`: EmailForm's fields)."""
        conversation = site.conversation
        if conversation is None:  # no member acts on a portal without one
            return not_found(site, request, branch)
        reply = await conversation.handle(Incoming(Identity(WEB, str(viewer.id)), viewer.display_name,
                                                   text="/settings"))
        card = next((m.view for m in reply.messages if isinstance(m.view, Card)), None)
        if card is None:  # core said why not, in so many words
            lines = [line for m in reply.messages for line in m.lines]
            return page(site, request, "portal/sign_in_first.html", branch, viewer=viewer, lines=lines,
                        section="settings")
        email = None
        if site.mail:
            async with site.uow_factory() as uow:
                chosen = await uow.preferences.get(viewer.id)
            email = EmailForm(chosen.email, chosen.pending_email, **told)
        return page(site, request, "portal/card.html", branch, status_code=status_code, card=card, viewer=viewer,
                    section="settings", email=email)

    async def settings(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        if viewer is None or site.conversation is None:
            return page(site, request, "portal/sign_in_first.html", branch, sign_in=SIGN_IN, section="settings")
        return await shown(request, branch, viewer)

    async def poster(request: Request, branch: Branch, box: str) -> tuple[Member, str] | Response:
        """The member and what they typed in the form's `box`; or the answer to a post that is not theirs to make
        (a visitor is sent to sign in, a form without its token is forbidden, and nothing is changed)."""
        viewer = await signed_in(site, request)
        if not site.mail:
            return not_found(site, request, branch)
        if viewer is None or site.conversation is None:
            return RedirectResponse("/signin", status_code=303)
        posted = await posted_form(site, request)
        if posted is None:
            return forbidden(site, request, branch)
        return viewer, str(posted.get(box) or "")[:TYPED_MAX]

    def done(request: Request, branch: Branch, viewer: Member, said: list[Text]) -> Response:
        response = RedirectResponse(f"/{branch.slug}/settings", status_code=303)
        language = language_of(request, branch, viewer)
        leave_flash(site, response, [translate(line, language) for line in said])
        return response

    async def give(request: Request, branch: Branch) -> Response:
        sent = await poster(request, branch, "address")
        if isinstance(sent, Response):
            return sent
        viewer, typed = sent
        try:
            async with site.uow_factory() as uow:
                address = await choices.request_email(uow, site.clock, viewer, branch, typed, on_page=True)
                await uow.commit()
        except Refused as refused:  # the page is drawn once the refused unit of work is closed, with nothing kept
            return await shown(request, branch, viewer, 422, typed=typed, address_problem=refused.reason)
        return done(request, branch, viewer, [
            _("A code is on its way to {address}. Type it in the box for the code below.", address=address),
            _("No mail within a few minutes? Look in the spam folder, or check the address.")])

    async def confirm(request: Request, branch: Branch) -> Response:
        sent = await poster(request, branch, "code")
        if isinstance(sent, Response):
            return sent
        viewer, code = sent
        try:
            async with site.uow_factory() as uow:
                chosen, wrong = await choices.confirm_email(uow, site.clock, viewer, branch, code, on_page=True)
                await uow.commit()  # a wrong code is counted, so that only a few may be tried
        except Refused as refused:
            return await shown(request, branch, viewer, 422, code_problem=refused.reason)
        if wrong is not None:
            return await shown(request, branch, viewer, 422, code_problem=wrong)
        return done(request, branch, viewer, [_("✅ {address} is confirmed. Newsletters and event reminders now come "
                                                "by email too.", address=chosen.email or "")])

    async def forget(request: Request, branch: Branch) -> Response:
        sent = await poster(request, branch, "")
        if isinstance(sent, Response):
            return sent
        viewer, _nothing = sent
        try:
            async with site.uow_factory() as uow:
                await choices.forget_email(uow, site.clock, viewer, branch)
                await uow.commit()
        except Refused as refused:
            return await shown(request, branch, viewer, 422, forget_problem=refused.reason)
        return done(request, branch, viewer, [_("Your email address is forgotten; no more mail comes from the bank.")])

    return [Route("/{branch}/settings", branch_page(site, settings), methods=["GET"], name="portal_settings"),
            Route("/{branch}/settings/email", branch_page(site, give), methods=["POST"], name="portal_email"),
            Route("/{branch}/settings/email/code", branch_page(site, confirm), methods=["POST"],
                  name="portal_email_code"),
            Route("/{branch}/settings/email/forget", branch_page(site, forget), methods=["POST"],
                  name="portal_email_forget")]
