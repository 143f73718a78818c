"""One person on several platforms: the one-time code that joins an identity to a member, and what it needs."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

#: letters and digits nobody mistakes for another (no 0/O, 1/I/L), so a code read on one screen is typed right
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
#: how long a code works (the chat's sentences say 10 minutes)
CODE_VALID = timedelta(minutes=10)
#: wrong codes typed from one account within WRONG_WINDOW before it has to wait
WRONG_MAX = 5
WRONG_WINDOW = timedelta(minutes=10)

#: how platforms are named to people (the console has no proper name, and is named by the chat)
PLATFORM_NAMES = {"telegram": "Telegram", "discord": "Discord", "console": "Console", "email": "Email"}


def platform_name(platform: str) -> str:
    return PLATFORM_NAMES.get(platform, platform.capitalize())


class Holding(str, Enum):
    """What an account can have of its own that joining it to another member would orphan."""

    DREAMS = "dreams"
    ROLES = "roles"
    LIKES = "likes"
    PLEDGES = "pledges"
    RSVPS = "rsvps"
    PADRIVER = "padriver"
    SIGNUPS = "signups"
    TEAMS = "teams"


@dataclass(frozen=True)
class LinkCode:
    """A one-time code a member asked for, kept only as its hash; typed on another platform, it brings that
    platform's identity to the member."""

    member_id: int
    code_hash: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    id: int | None = None

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(typed: str) -> str | None:
    """The code as typed (any case, with spaces or hyphens), or None when it cannot be one we made."""
    code = "".join(typed.split()).replace("-", "").upper()
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


def code_hash(code: str) -> str:
    """What is stored of a code: its SHA-256, so that reading the database gives no code to type."""
    return hashlib.sha256(code.encode("ascii")).hexdigest()
