"""Telegram's HTML parse mode: its tags, character references, nesting rules and error wording.

The nesting rules are those of the Bot API's "Formatting options": bold, italic, underline, strikethrough
and spoiler may contain and be part of any other entity, except that nothing goes inside pre and code;
blockquotes (expandable or not) cannot be nested; all other entities (links, custom emoji, code, pre)
cannot contain each other. ``<pre><code class="language-x">`` is the one exception: a pre block with
a language, one entity.
"""

from __future__ import annotations

from tests.standins.telegram.lengths import utf16_len
from tests.standins.telegram.records import ApiError, JsonDict, bad

_SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
    "pre": "pre",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
SPACE = " \t\n\r\v\f"
# entities that may contain, and be part of, any other (but pre and code, which contain nothing)
_STYLES = frozenset({"bold", "italic", "underline", "strikethrough", "spoiler"})
_QUOTES = frozenset({"blockquote", "expandable_blockquote"})


def may_contain(outer: str, inner: str) -> bool:
    """Whether an entity of type ``outer`` may contain one of type ``inner``, by the documented rules."""
    if outer in ("pre", "code"):
        return False
    if outer in _STYLES or inner in _STYLES:
        return True
    if outer in _QUOTES:
        return inner not in _QUOTES
    return False


def _tag_type(name: str, expandable: bool) -> str:
    """The type of entity a tag makes."""
    if name == "a":
        return "text_link"
    if name == "tg-emoji":
        return "custom_emoji"
    if name == "blockquote":
        return "expandable_blockquote" if expandable else "blockquote"
    return _ENTITY_TYPES[name]


def _cant_parse(description: str) -> ApiError:
    return bad(f"can't parse entities: {description}")


def _decode_entity(source: str, i: int, strict: bool) -> tuple[str | None, int]:
    """Decode the character reference at ``source[i] == '&'``: (text, characters consumed)."""
    n = len(source)
    j = i + 1
    if j < n and source[j] == "#":
        j += 1
        digits = "0123456789"
        base = 10
        if j < n and source[j] in "xX":
            j += 1
            digits = "0123456789abcdefABCDEF"
            base = 16
        start = j
        while j < n and source[j] in digits:
            j += 1
        if j == start:
            return None, 1
        code = int(source[start:j], base)
        if j < n and source[j] == ";":
            j += 1
        if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None, 1
        return chr(code), j - i
    start = j
    while j < n and source[j].isascii() and source[j].isalpha():
        j += 1
    name = source[start:j]
    if name in _NAMED_ENTITIES:
        if j < n and source[j] == ";":
            j += 1
        return _NAMED_ENTITIES[name], j - i
    if strict and name and j < n and source[j] == ";":
        offset = len(source[:i].encode())
        raise _cant_parse(f'Unsupported HTML entity "&{name};" at byte offset {offset}')
    return None, 1


def parse_html(source: str, *, strict_entities: bool = True) -> tuple[str, list[JsonDict]]:
    """Parse Telegram's HTML subset into (plain text, MessageEntity dicts), as Telegram does.

    Raises ApiError 400 "Bad Request: can't parse entities: ..." with Telegram's wording for
    unsupported or unclosed tags, mismatched end tags, entities nested against the rules (see
    ``may_contain``) and, with ``strict_entities``, named character references other than &lt; &gt;
    &amp; &quot; (Telegram itself shows those literally).
    """
    out: list[str] = []
    pos = 0  # UTF-16 offset in the plain text
    stack: list[JsonDict] = []
    entities: list[JsonDict] = []
    n = len(source)
    i = 0

    def byte_offset(k: int) -> int:
        return len(source[:k].encode())

    def emit(text: str) -> None:
        nonlocal pos
        out.append(text)
        pos += utf16_len(text)

    while i < n:
        char = source[i]
        if char == "&":
            decoded, consumed = _decode_entity(source, i, strict_entities)
            emit(decoded if decoded is not None else "&")
            i += consumed
            continue
        if char != "<":
            emit(char)
            i += 1
            continue

        begin = i
        i += 1
        if i >= n or source[i] != "/":
            # a start tag
            j = i
            while j < n and source[j] not in SPACE and source[j] != ">":
                j += 1
            if j >= n:
                raise _cant_parse(f"Unclosed start tag at byte offset {byte_offset(begin)}")
            name = source[i:j].lower()
            i = j
            if name not in _SUPPORTED_TAGS:
                raise _cant_parse(f'Unsupported start tag "{name}" at byte offset {byte_offset(begin)}')
            argument = ""
            expandable = False
            while True:
                while i < n and source[i] in SPACE:
                    i += 1
                if i >= n:
                    raise _cant_parse(f"Unclosed start tag at byte offset {byte_offset(begin)}")
                if source[i] == ">":
                    break
                attribute_begin = i
                while i < n and source[i] not in SPACE and source[i] not in "=>":
                    i += 1
                attribute = source[attribute_begin:i].lower()
                if not attribute:
                    raise _cant_parse(f'Empty attribute name in the tag "{name}" at byte offset {byte_offset(begin)}')
                while i < n and source[i] in SPACE:
                    i += 1
                if i >= n:
                    raise _cant_parse(f"Unclosed start tag at byte offset {byte_offset(begin)}")
                if source[i] != "=":
                    if name == "blockquote" and attribute == "expandable":
                        expandable = True
                    continue
                i += 1
                while i < n and source[i] in SPACE:
                    i += 1
                if i >= n:
                    raise _cant_parse(f"Unclosed start tag at byte offset {byte_offset(begin)}")
                if source[i] not in "'\"":
                    token_begin = i
                    while i < n and (source[i].isascii() and source[i].isalnum() or source[i] in ".-"):
                        i += 1
                    value = source[token_begin:i].lower()
                    if i < n and source[i] not in SPACE and source[i] != ">":
                        raise _cant_parse(f"Unexpected end of name token at byte offset {byte_offset(i)}")
                else:
                    quote = source[i]
                    i += 1
                    parts: list[str] = []
                    while i < n and source[i] != quote:
                        if source[i] == "&":
                            decoded, consumed = _decode_entity(source, i, strict_entities)
                            parts.append(decoded if decoded is not None else "&")
                            i += consumed
                        else:
                            parts.append(source[i])
                            i += 1
                    if i < n:
                        i += 1
                    value = "".join(parts)
                if i >= n:
                    raise _cant_parse(f"Unclosed start tag at byte offset {byte_offset(begin)}")
                if name == "a" and attribute == "href":
                    argument = value
                elif name == "code" and attribute == "class" and value.startswith("language-"):
                    argument = value[len("language-") :]
                elif name == "span" and attribute == "class" and value.startswith("tg-"):
                    argument = value[len("tg-") :]
                elif name == "tg-emoji" and attribute == "emoji-id":
                    argument = value
                elif name == "blockquote" and attribute == "expandable":
                    expandable = True
            if name == "span" and argument != "spoiler":
                raise _cant_parse(f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset(begin)}')
            kind = _tag_type(name, expandable)
            language_of_pre = name == "code" and stack and stack[-1]["name"] == "pre" and stack[-1]["offset"] == pos
            for outer in stack if not language_of_pre else stack[:-1]:
                if not may_contain(outer["kind"], kind):
                    raise _cant_parse(f'Tag "{name}" can\'t be nested in tag "{outer["name"]}" '
                                      f"at byte offset {byte_offset(begin)}")
            stack.append({"name": name, "argument": argument, "offset": pos, "expandable": expandable, "kind": kind})
            i += 1  # the '>'
            continue

        # an end tag
        if not stack:
            raise _cant_parse(f"Unexpected end tag at byte offset {byte_offset(begin)}")
        i += 1  # the '/'
        j = i
        while j < n and source[j] not in SPACE and source[j] != ">":
            j += 1
        end_name = source[i:j].lower()
        i = j
        while i < n and source[i] in SPACE:
            i += 1
        if i >= n or source[i] != ">":
            raise _cant_parse(f"Unclosed end tag at byte offset {byte_offset(begin)}")
        top = stack[-1]
        if end_name and end_name != top["name"]:
            raise _cant_parse(
                f"Unmatched end tag at byte offset {byte_offset(begin)}, "
                f'expected "</{top["name"]}>", found "</{end_name}>"'
            )
        stack.pop()
        i += 1
        length = pos - top["offset"]
        if length <= 0:
            continue
        tag = top["name"]
        if tag == "code" and stack and stack[-1]["name"] == "pre" and stack[-1]["offset"] == top["offset"]:
            # <pre><code class="language-x">…</code></pre> is one "pre" entity with a language
            if top["argument"]:
                stack[-1]["argument"] = top["argument"]
            continue
        if tag == "a" and not top["argument"]:
            continue
        entity: JsonDict = {"offset": top["offset"], "length": length, "type": top["kind"]}
        if tag == "a":
            entity["url"] = top["argument"]
        elif tag == "tg-emoji":
            entity["custom_emoji_id"] = top["argument"]
        elif tag == "pre" and top["argument"]:
            entity["language"] = top["argument"]
        entities.append(entity)

    if stack:
        raise _cant_parse(f'Can\'t find end tag corresponding to start tag "{stack[-1]["name"]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities
