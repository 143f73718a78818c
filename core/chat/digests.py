"""What a digest says in a chat that cannot draw it with its template: a short line, and where to change it."""

from __future__ import annotations

from typing import Any

from ..i18n import Text, _
from ..views.actions import Action
from ..views.model import Act
from .buttons import ButtonCodec
from .layout import as_buttons
from .replies import Button


def _digest(p: dict[str, Any]) -> list[Text]:
    return [_("📰 What happened in {branch}", branch=p["branch"])]


def _settings(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    return as_buttons([[Act.to(Action.SETTINGS, _("⚙ What I receive"))]], codec)


NOTICES = {"digest": (_digest, _settings)}
