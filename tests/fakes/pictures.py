"""Dreams' pictures, in memory."""

from __future__ import annotations

from core.model.pictures import Picture

from .store import Store, kept


class FakePictures:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def put(self, picture: Picture) -> None:
        if picture.dream_id not in self.s.dreams:  # as the database's reference to the dream refuses it
            raise LookupError(f"no dream {picture.dream_id}")
        self.s.pictures[picture.dream_id] = kept(picture)

    async def get(self, dream_id: int) -> Picture | None:
        return self.s.pictures.get(dream_id)

    async def remove(self, dream_id: int) -> bool:
        return self.s.pictures.pop(dream_id, None) is not None
