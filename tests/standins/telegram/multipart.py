"""Decoding a Bot API request's parameters: query string, JSON, form-encoded or multipart with uploads."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request

from tests.standins.telegram.records import JsonDict, Upload, bad

# Parameters whose form-encoded value is a plain string; every other value is JSON
# (python-telegram-bot json.dumps everything that is not already a str).
STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "url",
        "secret_token",
        "ip_address",
        "name",
        "callback_query_id",
        "inline_message_id",
        "business_connection_id",
        "title",
        "description",
        "short_description",
        "language_code",
        "action",
        "file_id",
        "photo",
        "document",
        "invite_link",
        "message_effect_id",
        "custom_emoji_id",
        "emoji",
        "query",
        "bio",
    }
)


def coerce(name: str, value: str) -> Any:
    """A form-encoded value back into what the bot meant: JSON unless the parameter is a string."""
    if name in STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def form_unescape(value: str) -> str:
    """Undo the HTML5 escaping of quoted multipart parameters (%22 for '"', %0A, doubled '\\')."""
    value = re.sub(r"%(22|[01][0-9A-Fa-f])", lambda m: chr(int(m.group(1), 16)), value)
    return value.replace("\\\\", "\\")


def parse_multipart(body: bytes, boundary: bytes) -> tuple[dict[str, str], dict[str, Upload]]:
    """Split a multipart/form-data body into plain fields and uploaded files."""
    fields: dict[str, str] = {}
    files: dict[str, Upload] = {}
    for part in body.split(b"--" + boundary)[1:]:
        if part.startswith(b"--"):
            break
        part = part.removeprefix(b"\r\n").removesuffix(b"\r\n")
        head, _, data = part.partition(b"\r\n\r\n")
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        disposition = headers.get("content-disposition", "")
        name_match = re.search(r'(?:^|;)\s*name="([^"]*)"', disposition)
        if not name_match:
            continue
        name = form_unescape(name_match.group(1))
        file_match = re.search(r'filename="([^"]*)"', disposition)
        if file_match is not None:
            files[name] = Upload(
                filename=form_unescape(file_match.group(1)),
                content=data,
                content_type=headers.get("content-type", "application/octet-stream"),
            )
        else:
            fields[name] = data.decode("utf-8")
    return fields, files




async def read_params(request: Request) -> tuple[JsonDict, dict[str, Upload]]:
    """The request's parameters, typed as the bot meant them, and its uploaded files by part name.

    A parameter ``attach://name`` becomes the upload of that part.
    """
    raw: dict[str, str] = dict(request.query_params.multi_items())
    typed: JsonDict = {}
    files: dict[str, Upload] = {}
    body = await request.body()
    content_type = request.headers.get("content-type", "")
    kind = content_type.split(";", 1)[0].strip().lower()
    if body:
        if kind == "application/json":
            try:
                data = json.loads(body)
            except ValueError:
                raise bad("can't parse JSON object") from None
            if not isinstance(data, dict):
                raise bad("can't parse JSON object")
            for key, value in data.items():
                if isinstance(value, str):
                    raw[key] = value
                else:
                    typed[key] = value
        elif kind == "application/x-www-form-urlencoded":
            raw.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        elif kind == "multipart/form-data":
            boundary = re.search(r'boundary="?([^";]+)"?', content_type)
            if not boundary:
                raise bad("can't parse multipart form")
            fields, files = parse_multipart(body, boundary.group(1).encode())
            raw.update(fields)
    params = {key: coerce(key, value) for key, value in raw.items()}
    params.update(typed)
    # attach://name references point at uploaded parts
    for key, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://") and value[9:] in files:
            params[key] = files[value[9:]]
    for key, upload in files.items():
        params.setdefault(key, upload)
    return params, files
