"""A dream's picture: only a picture the bank can show, only so big, only from the dream's owner while the dream can
still change, and seen by a visitor only where the dream is public."""

from __future__ import annotations

import struct

import pytest

from core.errors import NotFound, Refused
from core.i18n import translate
from core.model.dreams import DreamState
from core.model.pictures import GIF, JPEG, PICTURE_MAX, PNG, WEBP, Picture, picture_kind, size_of
from core.usecases.pictures import add_picture, picture_of, picture_refusal, remove_picture
from tests.factories import START, a_png, make_village

NOT_A_PICTURE = "That file is not a picture I can show: use a JPEG, PNG, WebP or GIF."


def _refused(error: pytest.ExceptionInfo) -> str:
    return translate(error.value.reason, "en")


class TestWhatIsAPicture:
    def test_each_kind_is_known_by_its_first_bytes_with_its_size(self):
        jpeg = b"\xff\xd8\xff\xe0" + struct.pack(">H", 4) + b"JF" + b"\xff\xc0\x00\x11\x08" + \
            struct.pack(">HH", 30, 40) + b"\x00" * 12
        gif = b"GIF89a" + struct.pack("<HH", 5, 6) + b"\x00" * 8
        webp = b"RIFF\x00\x00\x00\x00WEBPVP8X" + b"\x00" * 8 + (6).to_bytes(3, "little") + (2).to_bytes(3, "little")

        assert [(picture_kind(data), size_of(picture_kind(data), data)) for data in (a_png(7, 3), jpeg, gif, webp)] \
            == [(PNG, (7, 3)), (JPEG, (40, 30)), (GIF, (5, 6)), (WEBP, (7, 3))]

    def test_text_named_like_a_picture_is_refused_kindly(self):
        with pytest.raises(Refused) as refused:
            Picture.taken(1, b"just some words, saved as bench.png", START)
        assert _refused(refused) == NOT_A_PICTURE
        with pytest.raises(Refused):
            Picture.taken(1, b"<svg xmlns='http://www.w3.org/2000/svg'/>", START)

    def test_a_picture_over_two_megabytes_is_refused_and_one_of_two_is_taken(self):
        png = a_png()
        with pytest.raises(Refused) as refused:
            Picture.taken(1, png + b"\x00" * (PICTURE_MAX - len(png) + 1), START)
        assert _refused(refused) == "That picture is too big: at most 2 MB."
        assert Picture.taken(1, png + b"\x00" * (PICTURE_MAX - len(png)), START).mime == PNG

    def test_a_header_cut_short_leaves_the_size_unknown(self):
        assert Picture.taken(1, b"\x89PNG\r\n\x1a\n", START).width is None
        assert size_of(JPEG, b"\xff\xd8\xff\xe0\x00") is None


class TestWhoMayChangeIt:
    async def test_the_owner_adds_replaces_and_removes_it_and_each_is_in_the_audit_trail(self, db):
        village = await make_village(db)
        dream_id = await village.deposit()
        async with db() as uow:
            await add_picture(uow, village.clock, village.anna, dream_id, a_png(2, 2))
            await add_picture(uow, village.clock, village.anna, dream_id, a_png(3, 3))
            await uow.commit()
        assert db.store.pictures[dream_id].data == a_png(3, 3)
        async with db() as uow:
            assert await remove_picture(uow, village.clock, village.anna, dream_id) is True
            assert await remove_picture(uow, village.clock, village.anna, dream_id) is False
            await uow.commit()
        assert db.store.pictures == {}
        assert [e.action for e in db.store.audit if e.subject == f"dream:{dream_id}"][-3:] == \
            ["add_picture", "add_picture", "remove_picture"]

    async def test_another_member_and_a_visitor_are_refused_and_nothing_is_kept(self, db):
        village = await make_village(db)
        dream_id = await village.deposit()
        for someone in (village.frida, village.bjorn):
            async with db() as uow:
                with pytest.raises(Refused) as refused:
                    await add_picture(uow, village.clock, someone, dream_id, a_png())
            assert _refused(refused) == "Only the person who deposited “A bench by the fjord” can do that."
        async with db() as uow:
            dream = await uow.dreams.get(dream_id)
        assert picture_refusal(dream, None, None) is not None
        assert db.store.pictures == {}

    async def test_a_withdrawn_dream_keeps_the_picture_it_had(self, db):
        village = await make_village(db)
        dream_id = await village.deposit()
        async with db() as uow:
            dream = await uow.dreams.get(dream_id)
            dream.state = DreamState.RETRACTED
            await uow.dreams.save(dream)
            await uow.commit()
        async with db() as uow:
            with pytest.raises(Refused) as refused:
                await add_picture(uow, village.clock, village.anna, dream_id, a_png())
        assert _refused(refused) == "This dream is withdrawn by you, so that cannot be done now."


class TestWhoMaySeeIt:
    async def test_a_visitor_sees_it_once_the_dream_is_public_the_owner_before(self, db):
        village = await make_village(db)
        dream_id = await village.deposit()
        async with db() as uow:
            await add_picture(uow, village.clock, village.anna, dream_id, a_png())
            await uow.commit()
        async with db() as uow:
            with pytest.raises(NotFound):
                await picture_of(uow, dream_id)
            dream, picture = await picture_of(uow, dream_id, village.anna)
        assert picture.data == a_png() and not dream.public
        async with db() as uow:
            dream.state = DreamState.APPROVED
            await uow.dreams.save(dream)
            await uow.commit()
        async with db() as uow:
            assert (await picture_of(uow, dream_id))[1].mime == PNG

    async def test_a_dream_without_a_picture_has_none_to_show(self, db):
        village = await make_village(db)
        dream_id = await village.deposit()
        async with db() as uow:
            with pytest.raises(NotFound):
                await picture_of(uow, dream_id, village.anna)
