"""A message's text or caption as Telegram stores it: parsed by its parse mode, trimmed, and within its limits."""

from __future__ import annotations

from typing import Any

from tests.standins.telegram.html import SPACE, parse_html
from tests.standins.telegram.lengths import CAPTION_LIMIT, MESSAGE_TEXT_LIMIT, utf16_len
from tests.standins.telegram.records import JsonDict, bad


def trim(text: str, entities: list[JsonDict]) -> tuple[str, list[JsonDict]]:
    """Telegram strips leading and trailing white space and moves the entities along."""
    stripped = text.strip(SPACE)
    lead = utf16_len(text[: len(text) - len(text.lstrip(SPACE))])
    total = utf16_len(stripped)
    kept = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return stripped, kept


def formatted(text: Any, parse_mode: Any, entities: Any, *, strict_entities: bool = True
              ) -> tuple[str, list[JsonDict]]:
    """The plain text and its entities, from HTML, from explicit entities, or (Markdown) taken literally."""
    text = "" if text is None else str(text)
    mode = (parse_mode or "").lower()
    if mode == "html":
        plain, found = parse_html(text, strict_entities=strict_entities)
    elif not mode:
        plain, found = text, list(entities or [])
    elif mode in ("markdown", "markdownv2"):
        plain, found = text, []  # Markdown is taken literally here: not interpreted, not validated
    else:
        raise bad("unsupported parse_mode")
    return trim(plain, found)


def message_text(params: JsonDict, *, strict_entities: bool = True) -> tuple[str, list[JsonDict]]:
    """A message's text: not empty, at most 4096 UTF-16 code units once the entities are parsed out."""
    text, entities = formatted(params.get("text"), params.get("parse_mode"), params.get("entities"),
                               strict_entities=strict_entities)
    if not text:
        raise bad("message text is empty")
    if utf16_len(text) > MESSAGE_TEXT_LIMIT:
        raise bad("message is too long")
    return text, entities


def caption_text(params: JsonDict, *, strict_entities: bool = True) -> tuple[str, list[JsonDict]]:
    """A media caption: at most 1024 UTF-16 code units once the entities are parsed out."""
    text, entities = formatted(params.get("caption"), params.get("parse_mode"), params.get("caption_entities"),
                               strict_entities=strict_entities)
    if utf16_len(text) > CAPTION_LIMIT:
        raise bad("message caption is too long")
    return text, entities
