"""What is stored about one person is read whole, from every table that refers to them, and forgotten: what is
only about them is gone, and what they gave in public stays, nameless, with its counts."""

from __future__ import annotations

import json

import pytest

from core.i18n import translate
from core.model.members import Identity
from core.model.preferences import DigestFrequency
from tests.factories import later
from tests.privacy_setup import EMAIL, EXTERNAL_ID, KINDS, NAME, TYPED, UPDATE_TYPED, populated_member

pytestmark = pytest.mark.in_memory_too


class TestPrivacy:
    async def test_records_hold_every_kind_of_row_about_the_member(self, uow_factory):
        p = await populated_member(uow_factory)

        async with uow_factory() as uow:
            records = await uow.privacy.records(p.member.id)

        assert KINDS <= set(records)
        written = json.dumps(records)  # JSON-ready as it is
        assert TYPED in written and EMAIL in written and UPDATE_TYPED in written and EXTERNAL_ID in written
        assert records["members"][0]["display_name"] == NAME
        assert "session_hash" not in records["web_sessions"][0]

    async def test_forget_deletes_what_is_only_theirs_and_keeps_public_rows_nameless(self, uow_factory):
        p = await populated_member(uow_factory)
        async with uow_factory() as uow:
            likes = await uow.bank.likes(p.liked_dream)

            await uow.privacy.forget(p.member.id, later(5))
            await uow.commit()

        async with uow_factory() as uow:
            records = await uow.privacy.records(p.member.id)
            member = await uow.members.get(p.member.id)
            names = await uow.members.names([p.member.id])
            stranger = await uow.members.by_identity(Identity("test", EXTERNAL_ID))
            assert await uow.bank.likes(p.liked_dream) == likes == 1
            assert (await uow.dreams.get(p.project_dream)).owner_id == p.member.id
        assert {"likes", "votes", "rsvps", "pledges", "dreams", "members"} <= set(records)
        assert not {"identities", "dialogs", "member_preferences", "web_sessions", "notices", "role_grants",
                    "followers", "padrivere", "padriver_competences", "inbound_updates", "interests"} & set(records)
        assert translate(member.display_name, "en") == translate(names[p.member.id], "en") == "a former member"
        assert member.language is None and stranger is None
        assert NAME not in json.dumps(records) and TYPED not in json.dumps(records)

    async def test_an_erased_member_is_no_digest_subscriber(self, uow_factory):
        p = await populated_member(uow_factory)
        async with uow_factory() as uow:
            await uow.privacy.forget(p.member.id, later(5))
            await uow.commit()

        async with uow_factory() as uow:
            subscribers = await uow.preferences.subscribers(p.village.branch.id, list(DigestFrequency))
        assert p.member.id not in {m.id for m, _ in subscribers}
        assert p.village.anna.id in {m.id for m, _ in subscribers}
