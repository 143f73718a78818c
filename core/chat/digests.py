"""What a digest says in a chat that cannot draw it with its template: a short line, and where to change it."""

from __future__ import annotations

from ..views.digests import digest_note
from .layout import as_buttons

NOTICES = {"digest": (lambda p: list(digest_note(p).lines), lambda c, p: as_buttons(digest_note(p).actions, c))}
