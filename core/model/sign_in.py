"""Signing in to the web portal without a password: a one-time link, and the session it opens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

#: how long a sign-in link works (the sentences about it say 15 minutes)
LINK_VALID = timedelta(minutes=15)
#: how long a session lasts once a link has opened it
SESSION_VALID = timedelta(days=30)
#: how soon another link may be mailed to the same address (one press too many sends nothing)
MAIL_AGAIN_AFTER = timedelta(seconds=60)


@dataclass(frozen=True)
class SignInLink:
    """A one-time link a member asked for, in a chat or by mail (`address`), kept only as its token's hash."""

    member_id: int
    token_hash: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    address: str | None = None
    id: int | None = None

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at


@dataclass(frozen=True)
class WebSession:
    """A member signed in on the portal, kept only as the hash of the session id their cookie carries."""

    member_id: int
    session_hash: str
    created_at: datetime
    expires_at: datetime
    ended_at: datetime | None = None
    id: int | None = None

    def live(self, now: datetime) -> bool:
        return self.ended_at is None and now < self.expires_at


def new_token() -> str:
    """A link's token or a session's id: 32 random bytes, URL-safe."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What is stored of a token or a session id: its SHA-256, so that reading the database signs nobody in."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
