"""What the tests of the portal's talk, plans and inquiries share: the portal a member acts on (with the conversation
their presses go to), another branch, a page's text boxes, and the csrf token its forms carry (which the tests of
signing in and of the email address use too)."""

from __future__ import annotations

import html
import re

import httpx
from starlette.applications import Starlette

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation
from core.clock import Clock
from core.model.branches import Branch
from core.ports import UnitOfWorkFactory
from digests.rendering.environment import TEMPLATES as DIGEST_TEMPLATES
from digests.rendering.environment import template_environment
from tests.integration.test_web_acting import SECRET, forms
from web import portal
from web.app import web_app
from web.pages import TEMPLATES as WEB_TEMPLATES


def acting_portal(db: UnitOfWorkFactory, clock: Clock) -> Starlette:
    """The portal with signing in and acting, as the composition root builds it."""
    codec = ButtonCodec(SECRET)
    conversation = Conversation(db, clock, codec, mail=False)
    return web_app(portal.routes(db, clock, template_environment(DIGEST_TEMPLATES, WEB_TEMPLATES),
                                 conversation=conversation, codec=codec, secret=SECRET))


async def elvdal(db: UnitOfWorkFactory) -> Branch:
    """A second branch, with nothing in it."""
    async with db() as uow:
        branch = await uow.branches.add(Branch("elvdal", "Elvdal", "nb"))
        await uow.commit()
    return branch


def box(page: str, action: str) -> tuple[str, dict[str, str]]:
    """The form on the page that posts to `action` (a text box's), with its hidden fields."""
    return next(form for form in forms(page).values() if form[0] == action)


CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(page: str | httpx.Response) -> str:
    """The csrf token the page's forms carry (its sign-out form has it too); `page` is its text or the response
    that brought it."""
    found = CSRF.search(page if isinstance(page, str) else page.text)
    if found is None:
        raise LookupError("the page has no csrf token")
    return html.unescape(found.group(1))
