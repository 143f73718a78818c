"""What every feed shares: the branch a path names, and responses that caches may keep and check again."""

from __future__ import annotations

import hashlib

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from core.model.branches import Branch
from core.ports import UnitOfWork

from ..pages import has_already

#: public lists change now and then: a cache may keep them a few minutes, then ask again with the ETag
CACHE_CONTROL = "public, max-age=300"


async def branch_named(uow: UnitOfWork, slug: str) -> Branch:
    """The branch of the path, or 404."""
    branch = await uow.branches.by_slug(slug)
    if branch is None:
        raise HTTPException(404)
    return branch


def cached(request: Request, body: bytes, media_type: str, language: str | None = None) -> Response:
    """The body with its ETag; 304 and no body when the reader has this version already."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    # public and read without cookies, so a page or program anywhere may read it
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "Access-Control-Allow-Origin": "*"}
    if language is not None:
        headers["Content-Language"] = language
    if has_already(request, etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)
