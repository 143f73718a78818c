"""How a digest is announced where its template cannot be drawn: a short line, and where to change what comes.

What a digest says in full is `model.digests.DigestView`, built by `usecases.digests` and rendered per
channel from templates; this is its plain fallback.
"""

from __future__ import annotations

from typing import Any

from ..i18n import _
from .actions import Action
from .model import Act, Note


def settings_act() -> Act:
    return Act.to(Action.SETTINGS, _("⚙ What I receive"))


def digest_note(p: dict[str, Any]) -> Note:
    """The digest's fallback, from the digest notice's parameters."""
    return Note.of(_("📰 What happened in {branch}", branch=p["branch"]), actions=[[settings_act()]])
