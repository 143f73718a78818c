"""The portal's cookies, signed with the deployment's secret: the session's id, a visitor's form nonce, and the
few words one answer leaves for the next page. What they mean (who is signed in) is web/portal/session.py's; the
page (web/portal/site.py) reads the form token and the words from here.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from itsdangerous import BadSignature, Signer, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

SESSION_COOKIE = "dreambank_session"
#: a visitor's random nonce, which their forms' token is made from
CSRF_COOKIE = "csrf"
#: the words a page leaves for the next one, shown once
FLASH_COOKIE = "said"
#: a flash not shown within this many seconds is not shown at all
FLASH_SECONDS = 60


def sessions(secret: bytes) -> Signer:
    return Signer(secret, salt="session")


def forms(secret: bytes) -> Signer:
    return Signer(secret, salt="csrf")


def session_id(secret: bytes, request: Request) -> str | None:
    """The session id the cookie carries when its signature is right; None for no cookie or an altered one."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie or not secret:
        return None
    try:
        return sessions(secret).unsign(cookie).decode("ascii")
    except (BadSignature, UnicodeDecodeError):
        return None


def form_basis(secret: bytes, request: Request) -> str | None:
    """What the reader's form token is made from: their session id, else the nonce of their `csrf` cookie."""
    return session_id(secret, request) or request.cookies.get(CSRF_COOKIE) or None


def form_token(secret: bytes, request: Request) -> str:
    """The token the reader's forms carry; for a visitor without a nonce yet, a new one is made (kept on the
    request, for the page to set its cookie)."""
    basis = form_basis(secret, request) or getattr(request.state, "csrf_nonce", None)
    if not basis:
        basis = request.state.csrf_nonce = secrets.token_urlsafe(32)
    request.state.csrf_used = True
    return forms(secret).get_signature(basis).decode("ascii")


def flashes(secret: bytes) -> URLSafeTimedSerializer:
    """Signed with the deployment's secret, so any of its processes shows what another left."""
    return URLSafeTimedSerializer(secret, salt="said")


def leave_flash(secret: bytes, response: Response, lines: list[str]) -> None:
    """A few already translated lines for the next page the reader opens (after a redirect), shown once."""
    response.set_cookie(FLASH_COOKIE, flashes(secret).dumps([str(line) for line in lines]), max_age=FLASH_SECONDS,
                        path="/", httponly=True, samesite="lax")


def take_flash(secret: bytes, request: Request) -> list[str]:
    """The lines a page left, when there are some, signed by this deployment and recent; else none."""
    cookie = request.cookies.get(FLASH_COOKIE)
    if not cookie or not secret:
        return []
    try:
        lines: Any = flashes(secret).loads(cookie, max_age=FLASH_SECONDS)
    except (BadSignature, json.JSONDecodeError, ValueError):
        return []
    return [line for line in lines if isinstance(line, str)] if isinstance(lines, list) else []


def secure(public_url: str) -> bool:
    """Cookies are sent only over HTTPS when the portal is served over HTTPS."""
    return public_url.startswith("https")
