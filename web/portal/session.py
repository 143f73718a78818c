"""Who is reading: the member a signed session cookie names, and the token that shows a form came from this site.

The session cookie carries a random session id signed with the deployment's secret; the database keeps only its
hash, so a cookie altered by one character, or one naming a session that ended, signs nobody in. Every form
carries `csrf`: an HMAC of the reader's session id, or, for a visitor, of a random nonce kept in a cookie of its
own. A page on another site can make a browser post, but cannot read either.
"""

from __future__ import annotations

import hmac

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from core.i18n import _
from core.model.branches import Branch
from core.model.members import Member
from core.model.pictures import PICTURE_MAX
from core.model.sign_in import SESSION_VALID
from core.usecases.sign_in import session_member

from .cookies import SESSION_COOKIE, form_basis, form_token, forms, secure, sessions
from .cookies import leave_flash as leave_flash_cookie
from .cookies import session_id as signed_session_id
from .site import Site, page

__all__ = ["CSRF_FIELD", "FILE_MAX", "SESSION_COOKIE", "close_session", "csrf_token", "forbidden", "leave_flash",
           "open_session", "posted_form", "session_id", "signed_in"]

CSRF_FIELD = "csrf"
#: a form posted bigger than this is no form of ours
FORM_MAX = 64 * 1024
#: what a file sent with a form may add: the largest picture, and room for how multipart wraps it
FILE_MAX = PICTURE_MAX + 512 * 1024


def session_id(site: Site, request: Request) -> str | None:
    """The session id the cookie carries when its signature is right; None for no cookie or an altered one."""
    return signed_session_id(site.secret, request)


async def signed_in(site: Site, request: Request) -> Member | None:
    """The member of the valid session the cookie names; None for a visitor, an altered or unknown cookie, an
    expired or ended session. Read once per request."""
    if hasattr(request.state, "viewer"):
        return request.state.viewer
    viewer = None
    found = session_id(site, request)
    if found is not None:
        async with site.uow_factory() as uow:
            viewer = await session_member(uow, site.clock, found)
    request.state.viewer = viewer
    return viewer


def csrf_token(site: Site, request: Request) -> str:
    """The token every form carries in its `csrf` field: an HMAC of the session id, or, for a visitor, of a random
    nonce kept in the `csrf` cookie (a new one is made here when there is none, and page() sets its cookie)."""
    return form_token(site.secret, request)


async def posted_form(site: Site, request: Request, files: int = 0) -> FormData | None:
    """The posted form when its `csrf` field is right, else None (nothing in it is to be acted on); `files`: how
    many files it may carry (a multipart form), each up to FILE_MAX."""
    if int(request.headers.get("content-length") or 0) > FORM_MAX + files * FILE_MAX:
        return None
    try:
        form = await request.form(max_files=files, max_fields=50)
    except Exception:  # a body that is no form is as good as a form without its token
        return None
    sent = form.get(CSRF_FIELD)
    basis = form_basis(site.secret, request)
    if not isinstance(sent, str) or not basis or not site.secret:
        return None
    expected = forms(site.secret).get_signature(basis).decode("ascii")
    return form if hmac.compare_digest(sent.encode(), expected.encode()) else None


def forbidden(site: Site, request: Request, branch: Branch | None = None) -> Response:
    """403: the form's token was missing or wrong; nothing was changed."""
    said = _("This form has expired or did not come from this site. Nothing was changed. Please try again.")
    return page(site, request, "portal/refused.html", branch, status_code=403, said=said,
                viewer=getattr(request.state, "viewer", None))


def open_session(site: Site, response: Response, session: str) -> None:
    """The cookie that signs the reader in: sent along when a link from elsewhere opens the portal (Lax)."""
    response.set_cookie(SESSION_COOKIE, sessions(site.secret).sign(session).decode("ascii"),
                        max_age=int(SESSION_VALID.total_seconds()), path="/", secure=secure(site.public_url),
                        httponly=True, samesite="lax")


def close_session(site: Site, response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", secure=secure(site.public_url), httponly=True,
                           samesite="lax")


def leave_flash(site: Site, response: Response, lines: list[str]) -> None:
    """A few already translated lines shown once, by the next page the reader opens (after a redirect)."""
    leave_flash_cookie(site.secret, response, lines)
