"""Who is reading: the member a signed session cookie names, the token that shows a form came from this site, and
the few words a page leaves for the next one ("You are signed in as Anna.").

The session cookie carries a random session id signed with the deployment's secret; the database keeps only its
hash, so a cookie altered by one character, or one naming a session that ended, signs nobody in. Every form
carries `csrf`: an HMAC of the reader's session id, or, for a visitor, of a random nonce kept in a cookie of its
own. A page on another site can make a browser post, but cannot read either.
"""

from __future__ import annotations

import hmac
import json
import secrets
from typing import TYPE_CHECKING, Any

from itsdangerous import BadSignature, Signer, URLSafeTimedSerializer
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from core.i18n import _
from core.model.branches import Branch
from core.model.members import Member
from core.model.sign_in import SESSION_VALID
from core.usecases.sign_in import session_member

if TYPE_CHECKING:
    from .site import Site

SESSION_COOKIE = "dreambank_session"
CSRF_FIELD = "csrf"
#: a visitor's random nonce, which their forms' token is made from
CSRF_COOKIE = "csrf"
#: the words a page leaves for the next one, shown once
FLASH_COOKIE = "said"
#: a flash not shown within this many seconds is not shown at all
FLASH_SECONDS = 60
#: a form posted bigger than this is no form of ours
FORM_MAX = 64 * 1024
#: the flash is signed with a key of this process: it only has to last from one answer to the next request
_FLASH_KEY = secrets.token_bytes(32)
_flash = URLSafeTimedSerializer(_FLASH_KEY, salt="said")


def _sessions(site: Site) -> Signer:
    return Signer(site.secret, salt="session")


def _forms(site: Site) -> Signer:
    return Signer(site.secret, salt="csrf")


def session_id(site: Site, request: Request) -> str | None:
    """The session id the cookie carries when its signature is right; None for no cookie or an altered one."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie or not site.secret:
        return None
    try:
        return _sessions(site).unsign(cookie).decode("ascii")
    except (BadSignature, UnicodeDecodeError):
        return None


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
    basis = session_id(site, request)
    if basis is None:
        basis = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "csrf_nonce", None)
        if not basis:
            basis = request.state.csrf_nonce = secrets.token_urlsafe(32)
    request.state.csrf_used = True
    return _forms(site).get_signature(basis).decode("ascii")


async def posted_form(site: Site, request: Request) -> FormData | None:
    """The posted form when its `csrf` field is right, else None (nothing in it is to be acted on)."""
    if int(request.headers.get("content-length") or 0) > FORM_MAX:
        return None
    try:
        form = await request.form(max_files=0, max_fields=50)
    except Exception:  # nosec B110 # a body that is no form is as good as a form without its token
        return None
    sent = form.get(CSRF_FIELD)
    basis = session_id(site, request) or request.cookies.get(CSRF_COOKIE)
    if not isinstance(sent, str) or not basis:
        return None
    expected = _forms(site).get_signature(basis).decode("ascii")
    return form if hmac.compare_digest(sent.encode(), expected.encode()) else None


def forbidden(site: Site, request: Request, branch: Branch | None = None) -> Response:
    """403: the form's token was missing or wrong; nothing was changed."""
    from .site import page  # the page is drawn by site, which reads the reader's session from here

    said = _("This form has expired or did not come from this site. Nothing was changed. Please try again.")
    return page(site, request, "portal/refused.html", branch, status_code=403, said=said,
                viewer=getattr(request.state, "viewer", None))


def leave_flash(response: Response, lines: list[str]) -> None:
    """A few already translated lines for the next page the reader opens (after a redirect), shown once."""
    response.set_cookie(FLASH_COOKIE, _flash.dumps([str(line) for line in lines]), max_age=FLASH_SECONDS,
                        path="/", httponly=True, samesite="lax")


def take_flash(request: Request) -> list[str]:
    """The lines a page left, when there are some and they are this process's and recent; else none."""
    cookie = request.cookies.get(FLASH_COOKIE)
    if not cookie:
        return []
    try:
        lines: Any = _flash.loads(cookie, max_age=FLASH_SECONDS)
    except (BadSignature, json.JSONDecodeError, ValueError):
        return []
    return [line for line in lines if isinstance(line, str)] if isinstance(lines, list) else []


def secure(site: Site) -> bool:
    """Cookies are sent only over HTTPS when the portal is served over HTTPS."""
    return site.public_url.startswith("https")


def open_session(site: Site, response: Response, session: str) -> None:
    """The cookie that signs the reader in: sent along when a link from elsewhere opens the portal (Lax)."""
    response.set_cookie(SESSION_COOKIE, _sessions(site).sign(session).decode("ascii"),
                        max_age=int(SESSION_VALID.total_seconds()), path="/", secure=secure(site), httponly=True,
                        samesite="lax")


def close_session(site: Site, response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", secure=secure(site), httponly=True, samesite="lax")
