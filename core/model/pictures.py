"""A dream's picture: uploaded by its owner, kept and served by the dream bank itself, so that pages load no image
from anywhere else (their Content-Security-Policy allows images only from the bank).

A picture is recognised by its first bytes, never by the name or type its sender declared: only the kinds every
browser shows are taken, and nothing that only claims to be one of them.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from datetime import datetime

from ..errors import Refused
from ..i18n import _

#: the largest picture taken: big enough for a good photo, small enough for a page of the bank on a phone
PICTURE_MAX = 2 * 1024 * 1024

#: the kinds taken, each by the bytes it starts with
JPEG, PNG, WEBP, GIF = "image/jpeg", "image/png", "image/webp", "image/gif"


@dataclass(frozen=True)
class PictureFacts:
    """What is known of a dream's picture without its bytes: enough to draw it on a page and name its version."""

    dream_id: int
    mime: str
    digest: str
    uploaded_at: datetime
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class Picture:
    """A dream's picture, bytes and all; `digest` (SHA-256 of the bytes) names this version of it."""

    dream_id: int
    mime: str
    data: bytes
    uploaded_at: datetime
    width: int | None = None
    height: int | None = None

    @classmethod
    def taken(cls, dream_id: int, data: bytes, at: datetime) -> "Picture":
        """The picture these bytes are, when they are one the bank shows; refused kindly otherwise."""
        mime = picture_kind(data)
        if mime is None:
            raise Refused(_("That file is not a picture I can show: use a JPEG, PNG, WebP or GIF."))
        if len(data) > PICTURE_MAX:
            raise Refused(_("That picture is too big: at most 2 MB."))
        width, height = size_of(mime, data) or (None, None)
        return cls(dream_id, mime, data, at, width, height)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def facts(self) -> PictureFacts:
        return PictureFacts(self.dream_id, self.mime, self.digest, self.uploaded_at, self.width, self.height)


def picture_kind(data: bytes) -> str | None:
    """The kind of picture the bytes start as, or None when they are none the bank shows."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    return None


def size_of(mime: str, data: bytes) -> tuple[int, int] | None:
    """The picture's width and height as its header gives them, so a page can keep its place while it loads;
    None when the header does not say (the picture is shown all the same)."""
    try:
        found = _SIZES[mime](data)
    except (struct.error, IndexError, ValueError):
        return None
    return found if found and found[0] > 0 and found[1] > 0 else None


def _png(data: bytes) -> tuple[int, int] | None:
    return struct.unpack(">II", data[16:24]) if data[12:16] == b"IHDR" else None


def _gif(data: bytes) -> tuple[int, int] | None:
    return struct.unpack("<HH", data[6:10])


def _webp(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X":
        return (int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1)
    if chunk == b"VP8L" and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return (width & 0x3FFF, height & 0x3FFF)
    return None


#: the JPEG markers that start a frame and carry its size (SOF0 to SOF15 but DHT, JPG and DAC)
_FRAMES = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg(data: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 9 < len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # a fill byte
            at += 1
            continue
        if marker in _FRAMES:
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return (width, height)
        at += 2 + struct.unpack(">H", data[at + 2:at + 4])[0]
    return None


_SIZES = {JPEG: _jpeg, PNG: _png, WEBP: _webp, GIF: _gif}
