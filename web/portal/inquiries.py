"""`/<branch>/inquiries`: one entrance on the web, for a signed-in member only. "My questions" lists what they asked
(and, for a consultant, the desk of inquiries they answer for), with a box to ask the municipality; each thread has a
page of its own (`/<branch>/inquiries/<id>`) where the one who asked replies and its consultant answers, hands over or
closes it, exactly as in chat. Nobody else finds a thread: core does not show it to them, and the page is not there
(404); a visitor is asked to sign in."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from core.errors import NotFound
from core.i18n import _
from core.model.branches import Branch
from core.model.members import Member
from core.ports import UnitOfWork
from core.usecases import inquiries
from core.usecases.access import SIGN_IN
from core.views.actions import Action
from core.views.inquiries import desk_page, thread_card
from core.views.model import Act

from .acting import Taken, take_text
from .session import signed_in
from .site import Site, branch_page, not_found, page, page_number


def routes(site: Site) -> list[BaseRoute]:
    async def mine(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        if viewer is None:
            return page(site, request, "portal/sign_in_first.html", branch, sign_in=SIGN_IN, section="inquiries")
        async with site.uow_factory() as uow:
            if viewer.branch_id != branch.id:  # one asks, and answers, in one's own branch
                home = await uow.branches.get(viewer.branch_id)
                if home is not None:
                    return RedirectResponse(f"/{home.slug}/inquiries", status_code=303)
            desk = await inquiries.desk(uow, site.clock, viewer, branch)
        return page(site, request, "portal/inquiries.html", branch, listings=desk_page(desk, page_number(request)),
                    section="inquiries", viewer=viewer)

    async def thread(request: Request, branch: Branch) -> Response:
        viewer = await signed_in(site, request)
        if viewer is None:
            return page(site, request, "portal/sign_in_first.html", branch, sign_in=SIGN_IN, section="inquiries")
        async with site.uow_factory() as uow:
            seen = await inquiries.thread(uow, viewer, request.path_params["id"])
        if seen.inquiry.branch_id != branch.id:
            return not_found(site, request, branch)
        return page(site, request, "portal/card.html", branch, card=thread_card(seen, viewer), section="inquiries",
                    viewer=viewer)

    async def ask(request: Request, branch: Branch) -> Response:
        async def use(uow: UnitOfWork, member: Member, text: str, back: str) -> Taken:
            asked = await inquiries.ask(uow, site.clock, member, branch, text)
            owner = await inquiries.name_of(uow, asked.owner_id)
            return (f"/{branch.slug}/inquiries/{asked.id}",
                    [_("Your inquiry no. {id} is with {owner}, who will answer you here.", id=asked.id, owner=owner)])

        return await take_text(site, request, branch, Act.to(Action.ASK, ""), use)

    def in_thread(request: Request, branch: Branch, answering: bool):
        inquiry_id = request.path_params["id"]

        async def use(uow: UnitOfWork, member: Member, text: str, back: str) -> Taken:
            seen = await inquiries.thread(uow, member, inquiry_id)  # not found by one who may not read it
            if seen.inquiry.branch_id != branch.id:  # another branch's, at this branch's address: not here
                raise NotFound(_("There is no inquiry number {id}.", id=inquiry_id))
            if answering:
                await inquiries.answer(uow, site.clock, member, inquiry_id, text)
                said = _("Your answer is in the thread, and the one who asked is told.")
            else:
                done = await inquiries.reply(uow, site.clock, member, inquiry_id, text)
                said = _("Your reply is in the thread, and {owner} is told.",
                         owner=await inquiries.name_of(uow, done.owner_id))
            return f"/{branch.slug}/inquiries/{inquiry_id}", [said]

        act = Act.to(Action.ANSWER_INQUIRY if answering else Action.REPLY_INQUIRY, "", inquiry_id)
        return take_text(site, request, branch, act, use)

    async def answer(request: Request, branch: Branch) -> Response:
        return await in_thread(request, branch, answering=True)

    async def reply(request: Request, branch: Branch) -> Response:
        return await in_thread(request, branch, answering=False)

    return [Route("/{branch}/inquiries", branch_page(site, mine), methods=["GET"], name="portal_inquiries"),
            Route("/{branch}/inquiries", branch_page(site, ask), methods=["POST"], name="portal_ask"),
            Route("/{branch}/inquiries/{id:int}", branch_page(site, thread), methods=["GET"], name="portal_inquiry"),
            Route("/{branch}/inquiries/{id:int}/answer", branch_page(site, answer), methods=["POST"],
                  name="portal_inquiry_answer"),
            Route("/{branch}/inquiries/{id:int}/reply", branch_page(site, reply), methods=["POST"],
                  name="portal_inquiry_reply")]
