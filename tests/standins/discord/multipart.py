"""Reading a request body as discord.py sends it: JSON, or multipart with ``payload_json`` and ``files[n]``."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from tests.standins.discord.records import Upload, invalid_form


async def read_body(request: web.Request) -> tuple[Any, list[Upload]]:
    if not request.can_read_body:
        return None, []
    content_type = request.content_type
    if content_type.startswith("multipart/"):
        payload: Any = None
        files: list[Upload] = []
        reader = await request.multipart()
        async for part in reader:
            if part is None:
                break
            name = getattr(part, "name", None)
            if name == "payload_json":
                payload = json.loads(await part.text())  # type: ignore[union-attr]
            elif name and name.startswith("files["):
                content = await part.read()  # type: ignore[union-attr]
                files.append(
                    Upload(
                        filename=getattr(part, "filename", None) or name,
                        content=bytes(content),
                        content_type=part.headers.get("Content-Type", "application/octet-stream"),
                    )
                )
        return payload, files
    raw = await request.read()
    if not raw:
        return None, []
    try:
        return json.loads(raw), []
    except ValueError:
        raise invalid_form(
            {"_errors": [{"code": "JSON_INVALID", "message": "The request body contains invalid JSON."}]}
        ) from None
