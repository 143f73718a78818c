"""Finishes of the dialogs whose forms do not carry their own finish yet (the community's)."""

from __future__ import annotations

from . import community

FINISH = dict(community.FINISH)
