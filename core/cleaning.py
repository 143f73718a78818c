"""Cleaning text as it enters: invisible characters that can deceive go, what a script or an emoji needs stays.

Kept, because a language or an emoji needs them:
- U+200D zero-width joiner: emoji sequences (🏳️‍🌈, 👩‍🚀) and conjuncts in Indic scripts.
- U+200C zero-width non-joiner: Persian, Kurdish and Indic spelling (می‌خواهم is another word without it).
- U+200E, U+200F and U+061C, the left-to-right, right-to-left and Arabic letter marks: they are weak
  marks that only settle where neutral characters (digits, brackets, full stops) go in Hebrew and Arabic
  text; unlike overrides they cannot reorder letters, so they cannot make one word look like another.
- Variation selectors (U+FE0F makes 🏳️ an emoji), tag characters U+E0020–U+E007F (the flags of Scotland
  and Wales), Arabic number signs, and every visible character.
- Newlines and tabs in long text, where they shape paragraphs; a lone carriage return becomes a newline,
  since on a terminal it would let one line overwrite another.

Removed, because they carry no meaning in any language and can make text look other than it is:
- Bidirectional embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069 ("gnp.exe" shown as
  "exe.png"; an override in a name turns the sentence after it backwards).
- Other control characters (C0, DEL, C1), and newlines and tabs in one-line text and names.
- U+200B zero-width space, U+00AD soft hyphen, U+FEFF byte-order mark, U+2060–U+2064 (word joiner and
  invisible operators), the deprecated U+206A–U+206F, interlinear annotation U+FFF9–U+FFFB and the
  language tag U+E0001: invisible, they only split or join words unseen (two names that look alike).
  Thai, Khmer and Lao read the same without zero-width spaces; renderers find their word breaks.
- Unpaired surrogates and noncharacters (U+FDD0–U+FDEF, U+xFFFE and U+xFFFF): not text at all.
"""

from __future__ import annotations

import re

_REMOVED_RANGES = [
    (0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F),  # controls but tab and newline
    (0xAD, 0xAD), (0x200B, 0x200B), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F),
    (0xD800, 0xDFFF), (0xFDD0, 0xFDEF), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0xE0001, 0xE0001),
    *((plane * 0x10000 + 0xFFFE, plane * 0x10000 + 0xFFFF) for plane in range(17)),
]
_REMOVED = re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in _REMOVED_RANGES) + "]")
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029\x85]")


def clean_text(text: str) -> str:
    """Text a person typed, newlines and tabs kept, without deceiving invisible characters; trimmed."""
    return _REMOVED.sub("", _LINE_BREAKS.sub("\n", text)).strip()


def clean_line(text: str) -> str:
    """One line: cleaned as text, and every run of white space (newlines too) made one space."""
    return " ".join(clean_text(text).split())


def clean_name(name: str, limit: int) -> str:
    """A display name or a chat's title as a platform gave it: one clean line of at most `limit` characters."""
    return clean_line(name)[:limit].strip()
