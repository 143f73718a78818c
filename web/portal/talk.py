"""Talking it over on the portal: a signed-in member's comment on a dream (shown on its project's page too) or on a
topic, and a reply to a comment, each written in the text box under the comments and taken by core's `comment`,
which checks and tells exactly as in chat. The comments themselves are drawn by the pages they are on
(`discussion_of`), the reports of a comment are presses (web/portal/acting.py)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from core.clock import Clock
from core.errors import NotFound
from core.i18n import _
from core.model.branches import Branch
from core.model.members import Member
from core.ports import UnitOfWork
from core.usecases import talk
from core.views.actions import Action
from core.views.model import Act
from core.views.talk import Discussion, discussion

from .acting import Taken, take_text
from .site import Site, branch_page


async def discussion_of(uow: UnitOfWork, clock: Clock, viewer: Member | None, *, dream_id: int | None = None,
                        topic_id: int | None = None) -> Discussion | None:
    """The comments a page shows with a dream, its project or a topic; None where core has no talk (a dream still
    with the board)."""
    if dream_id is not None:
        thread = await talk.dream_thread(uow, clock, viewer, dream_id)
    else:
        thread = await talk.thread(uow, clock, viewer, topic_id=topic_id)
    return discussion(thread) if thread is not None else None


def routes(site: Site) -> list[BaseRoute]:
    def posted(branch: Branch, **where: int | None):
        async def use(uow: UnitOfWork, member: Member, text: str, back: str) -> Taken:
            made = await talk.comment(uow, site.clock, member, text, **where)
            if made.branch_id != branch.id:  # another branch's, at this branch's address: not here
                raise NotFound(_("That comment does not exist any more."))
            return f"{back}#c-{made.id}", [_("Your comment is posted. Thank you for joining in!")]

        return use

    async def on_dream(request: Request, branch: Branch) -> Response:
        dream_id = request.path_params["id"]
        return await take_text(site, request, branch, Act.to(Action.WRITE_COMMENT, "", dream_id),
                               posted(branch, dream_id=dream_id))

    async def on_topic(request: Request, branch: Branch) -> Response:
        topic_id = request.path_params["id"]
        return await take_text(site, request, branch, Act.to(Action.WRITE_TOPIC_COMMENT, "", topic_id),
                               posted(branch, topic_id=topic_id))

    async def reply(request: Request, branch: Branch) -> Response:
        comment_id = request.path_params["id"]
        return await take_text(site, request, branch, Act.to(Action.REPLY, "", comment_id),
                               posted(branch, reply_to=comment_id))

    return [Route("/{branch}/dreams/{id:int}/comments", branch_page(site, on_dream), methods=["POST"],
                  name="portal_dream_comment"),
            Route("/{branch}/topics/{id:int}/comments", branch_page(site, on_topic), methods=["POST"],
                  name="portal_topic_comment"),
            Route("/{branch}/comments/{id:int}/replies", branch_page(site, reply), methods=["POST"],
                  name="portal_comment_reply")]
