"""Dreams' pictures: put in place of the one before, or read whole to be served (a dream's card reads only their
facts, to link them)."""

from __future__ import annotations

import sqlalchemy as sa

from core.model.pictures import Picture

from ..tables import PictureRow
from .base import Repository


class SqlPictures(Repository):
    async def put(self, picture: Picture) -> None:
        await self._upsert(PictureRow, dict(dream_id=picture.dream_id, mime=picture.mime, data=picture.data,
                                            digest=picture.digest, uploaded_at=picture.uploaded_at,
                                            width=picture.width, height=picture.height), ["dream_id"])

    async def get(self, dream_id: int) -> Picture | None:
        row = await self._first(sa.select(PictureRow).where(PictureRow.dream_id == dream_id))
        return Picture(row.dream_id, row.mime, row.data, row.uploaded_at, row.width, row.height) if row else None

    async def remove(self, dream_id: int) -> bool:
        return await self._delete(PictureRow, PictureRow.dream_id == dream_id) > 0
