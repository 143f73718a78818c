"""A dream's picture comes back byte for byte, its facts without the bytes, replaced by the next one, removed, and
named by its digest on the bank's page."""

from __future__ import annotations

import pytest

from core.model.bank import BankQuery
from core.model.dreams import DreamState
from core.model.pictures import Picture

from tests.factories import a_dream, a_png, later, seed
from tests.integration.round_trips import is_utc

pytestmark = pytest.mark.in_memory_too


class TestPictures:
    async def test_a_picture_comes_back_whole_and_its_facts_without_the_bytes(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s))
            picture = Picture.taken(dream.id, a_png(3, 2), later(5))
            await uow.pictures.put(picture)
            await uow.commit()
        async with uow_factory() as uow:
            again = await uow.pictures.get(dream.id)
            facts = (await uow.cards.of_dream(dream.id, None)).picture  # the card reads them without the bytes
            assert await uow.pictures.get(dream.id + 1000) is None
        assert again == picture and is_utc(again.uploaded_at)
        assert (facts.dream_id, facts.mime, facts.digest, facts.uploaded_at, facts.width, facts.height) == \
            (dream.id, "image/png", picture.digest, later(5), 3, 2)
        assert is_utc(facts.uploaded_at)

    async def test_the_next_picture_replaces_the_one_before_and_removing_says_whether_there_was_one(
            self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s))
            await uow.pictures.put(Picture.taken(dream.id, a_png(1, 1), later(1)))
            await uow.pictures.put(Picture.taken(dream.id, a_png(4, 4), later(2)))
            await uow.commit()
        async with uow_factory() as uow:
            assert (await uow.pictures.get(dream.id)).data == a_png(4, 4)
            assert await uow.pictures.remove(dream.id) is True
            assert await uow.pictures.remove(dream.id) is False
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.pictures.get(dream.id) is None

    async def test_the_bank_names_each_pictures_digest_and_none_for_a_dream_without(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            pictured = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED))
            plain = await uow.dreams.add(a_dream(s, minutes=1, state=DreamState.APPROVED))
            picture = Picture.taken(pictured.id, a_png(2, 2), later(3))
            await uow.pictures.put(picture)
            await uow.commit()
        async with uow_factory() as uow:
            page = await uow.dreams.in_bank(s.branch.id, BankQuery(), 0, 10)
        assert {e.dream.id: e.picture for e in page.entries} == {pictured.id: picture.digest, plain.id: None}
