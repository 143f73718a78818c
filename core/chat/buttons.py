"""Button data: small typed presses encoded as short signed tokens, checked on every press.

A token is `<action>.<args>.<signature>`, at most 64 bytes (Telegram's limit). The signature is
an HMAC with the deployment's secret, so data a client made up is told apart from a stale press.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from enum import Enum

MAX_TOKEN = 64
_SIG_LEN = 11
_ARG = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


class Action(str, Enum):
    DIALOG = "d"       # dialog instance, nonce, code
    VOTE = "v"         # review, choice
    SETTLE = "s"       # review, choice
    OPEN_DREAM = "o"   # dream
    LIKE = "l"         # dream
    PLEDGE = "p"       # dream
    WITHDRAW = "w"     # dream
    AMEND = "a"        # dream
    RETRACT = "x"      # dream
    OPEN_PROJECT = "j" # project
    UPDATE = "u"       # project
    TEAM = "t"         # project, member
    CLOSE = "c"        # project
    LANGUAGE = "g"     # language code
    BANK = "b"
    MINE = "m"
    ARCHIVE = "r"
    REVIEWS = "q"
    APPLY = "pa"
    DECIDE_APPLICATION = "pd"  # application, y or n
    PADRIVERE = "pp"
    EVENTS = "ev"
    OPEN_EVENT = "eo"          # event
    RSVP = "e"                 # event, answer code
    CALENDAR = "ec"            # event
    ATTENDEES = "ea"           # event
    EDIT_EVENT = "ee"          # event
    CANCEL_EVENT = "ex"        # event
    CALLS = "cs"
    JOIN_CALL = "ci"           # call
    LEAVE_CALL = "cl"          # call
    CLOSE_CALL = "cc"          # call
    NEWSLETTER_PROGRESS = "np" # newsletter
    CANCEL_NEWSLETTER = "nx"   # newsletter
    SETTINGS = "st"
    DIGEST_FREQUENCY = "sf"    # d, w or n
    SWITCH = "sw"              # index of the choice
    LINK_CHAT = "lk"           # branch, purpose, chat


@dataclass(frozen=True)
class Press:
    action: Action
    args: tuple[str, ...] = ()

    def number(self, index: int) -> int:
        return int(self.args[index])


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
