"""Button data: small typed presses encoded as short signed tokens, checked on every press.

A token is `<action>.<args>.<signature>`, at most 64 bytes (Telegram's limit). The signature is
an HMAC with the deployment's secret, so data a client made up is told apart from a stale press.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from ..views.actions import Action, Press

__all__ = ["Action", "BadToken", "ButtonCodec", "Press"]

MAX_TOKEN = 64
_SIG_LEN = 11
_ARG = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


class BadToken(Exception):
    """The data did not come from a button of ours, or no longer decodes."""


class ButtonCodec:
    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise ValueError("the button secret needs at least 16 bytes")
        self._secret = secret

    def encode(self, action: Action, *args: object) -> str:
        parts = [str(a) for a in args]
        if not all(_ARG.match(p) for p in parts):
            raise ValueError(f"button arguments must be short and plain: {parts!r}")
        body = ".".join([action.value, *parts])
        token = f"{body}.{self._sign(body)}"
        if len(token.encode()) > MAX_TOKEN:
            raise ValueError(f"button token too long: {token!r}")
        return token

    def decode(self, token: str) -> Press:
        if not token or len(token.encode("utf-8", "replace")) > MAX_TOKEN:
            raise BadToken(token[:80])
        body, _, signature = token.rpartition(".")
        if not body or not hmac.compare_digest(signature.encode(), self._sign(body).encode()):
            raise BadToken(token)
        action, *args = body.split(".")
        try:
            return Press(Action(action), tuple(args))
        except ValueError:
            raise BadToken(token) from None

    def _sign(self, body: str) -> str:
        digest = hmac.new(self._secret, body.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode()[:_SIG_LEN]
