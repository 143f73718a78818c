"""Shortening what people wrote, so a card or a list shows a preview of it."""

from __future__ import annotations

#: how much of a story a card shows
STORY_PREVIEW = 600


def excerpt(text: str, limit: int = STORY_PREVIEW) -> str:
    """`text`, cut at `limit` characters with an ellipsis when it is longer."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
