"""Discord ids: snowflakes whose top bits are the milliseconds since Discord's epoch, so their time is real."""

from __future__ import annotations

import datetime as dt
import itertools
import time

DISCORD_EPOCH_MS = 1420070400000

_counter = itertools.count()


def snowflake() -> int:
    """A new id, unique in the process, carrying the current time like Discord's."""
    millis = int(time.time() * 1000) - DISCORD_EPOCH_MS
    return (millis << 22) | (1 << 17) | (next(_counter) % 4096)


def iso_now() -> str:
    """Now as Discord writes timestamps (ISO 8601 with microseconds and +00:00)."""
    return dt.datetime.now(dt.UTC).isoformat()
