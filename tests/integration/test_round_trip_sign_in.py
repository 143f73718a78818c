"""Sign-in links and web sessions come back as stored, a link is used once, and a confirmed address finds its
member whatever its case."""

from __future__ import annotations

import pytest

from core.model.preferences import Preferences
from core.model.sign_in import SignInLink, WebSession, token_hash

from tests.factories import AT, later, seed
from tests.integration.round_trips import is_utc

pytestmark = pytest.mark.in_memory_too


class TestLinks:
    async def test_a_link_keeps_its_hash_times_and_address_and_is_used_once(self, uow_factory):
        s = await seed(uow_factory)
        link = SignInLink(s.anna.id, token_hash("a-token"), AT, later(15), address="anna@example.org")
        async with uow_factory() as uow:
            await uow.sign_in.put_link(link)
            await uow.sign_in.put_link(SignInLink(s.anna.id, token_hash("another"), later(1), later(16)))
            await uow.commit()
        async with uow_factory() as uow:
            again = await uow.sign_in.link(token_hash("a-token"))
            assert (again.member_id, again.token_hash, again.created_at, again.expires_at, again.used_at,
                    again.address) == (s.anna.id, link.token_hash, AT, later(15), None, "anna@example.org")
            assert is_utc(again.created_at) and is_utc(again.expires_at)
            assert (await uow.sign_in.link(token_hash("another"))).address is None
            assert await uow.sign_in.link(token_hash("no such token")) is None
            assert await uow.sign_in.use_link(link.token_hash, later(3)) is True
            assert await uow.sign_in.use_link(link.token_hash, later(4)) is False
            assert await uow.sign_in.use_link(token_hash("no such token"), later(4)) is False
            await uow.commit()
        async with uow_factory() as uow:
            used = (await uow.sign_in.link(link.token_hash)).used_at
        assert used == later(3) and is_utc(used)

    async def test_the_last_link_mailed_to_an_address_is_found_whatever_its_case(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            for minutes, address in ((1, "anna@example.org"), (5, "Anna@Example.org"), (9, None), (7, "b@x.org")):
                await uow.sign_in.put_link(SignInLink(s.anna.id, token_hash(f"t{minutes}"), later(minutes),
                                                      later(minutes + 15), address=address))
            await uow.commit()
        async with uow_factory() as uow:
            found = await uow.sign_in.last_mailed("anna@example.org")
            assert found == later(5) and is_utc(found)
            assert await uow.sign_in.last_mailed("nobody@example.org") is None


class TestConfirmedAddresses:
    async def test_only_a_confirmed_address_finds_its_members(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            await uow.preferences.save(Preferences(s.anna.id, email="anna@example.org"))
            await uow.preferences.save(Preferences(s.bjorn.id, pending_email="bjorn@example.org"))
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.sign_in.members_with_email("ANNA@example.org")) == [s.anna]
            assert list(await uow.sign_in.members_with_email("bjorn@example.org")) == []


class TestSessions:
    async def test_a_session_keeps_its_hash_and_times_and_ends(self, uow_factory):
        s = await seed(uow_factory)
        session = WebSession(s.bjorn.id, token_hash("a-session"), AT, later(60 * 24 * 30))
        async with uow_factory() as uow:
            await uow.sign_in.put_session(session)
            await uow.commit()
        async with uow_factory() as uow:
            again = await uow.sign_in.web_session(token_hash("a-session"))
            assert (again.member_id, again.session_hash, again.created_at, again.expires_at, again.ended_at) == \
                (s.bjorn.id, session.session_hash, AT, later(60 * 24 * 30), None)
            assert is_utc(again.expires_at)
            assert await uow.sign_in.web_session(token_hash("no such session")) is None
            await uow.sign_in.end_session(session.session_hash, later(5))
            await uow.commit()
        async with uow_factory() as uow:
            ended = (await uow.sign_in.web_session(session.session_hash)).ended_at
        assert ended == later(5) and is_utc(ended)
