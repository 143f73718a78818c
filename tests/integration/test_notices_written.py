"""A unit of work that commits notices tells the deliverers so, once, after the commit; one that writes none,
or rolls them back, tells nobody."""

from __future__ import annotations

import pytest

from core.model.members import Member
from core.model.notices import Broadcast, Notice, NoticeKind, Recipients
from storage.unit_of_work import SqlUnitOfWork

from tests.factories import AT, seed


@pytest.fixture
def told() -> list[int]:
    return []


def telling(uow_factory, told: list[int]):
    """Units of work on the test's database that note each time they tell the deliverers."""
    return lambda: SqlUnitOfWork(uow_factory.sessions, lambda: told.append(1))


def a_notice(s, text: str = "Hei") -> Notice:
    return Notice(s.anna.id, s.branch.id, NoticeKind.ANNOUNCEMENT, {"text": text}, AT)


async def test_a_committed_notice_tells_the_deliverers_once(uow_factory, told):
    s = await seed(uow_factory)
    db = telling(uow_factory, told)
    async with db() as uow:
        await uow.outbox.put(a_notice(s))
        await uow.outbox.put(a_notice(s, "og igjen"))
        assert told == []  # not before the notices can be read
        await uow.commit()
        assert told == [1]
        await uow.commit()  # nothing new since
    assert told == [1]


async def test_notices_written_together_and_a_broadcast_tell_the_deliverers(uow_factory, told):
    s = await seed(uow_factory)
    db = telling(uow_factory, told)
    async with db() as uow:
        await uow.outbox.put_many([a_notice(s), a_notice(s, "to")])
        await uow.commit()
    async with db() as uow:
        await uow.broadcasts.add(Broadcast(s.branch.id, NoticeKind.ANNOUNCEMENT, {"text": "Alle"}, Recipients("all"),
                                           AT))
        await uow.commit()
    assert told == [1, 1]


async def test_a_commit_without_notices_or_notices_rolled_back_tell_nobody(uow_factory, told):
    s = await seed(uow_factory)
    db = telling(uow_factory, told)
    async with db() as uow:
        await uow.members.add(Member("Cecilie", s.branch.id, "nb", AT))
        await uow.commit()
    async with db() as uow:
        await uow.outbox.put(a_notice(s))
    async with db() as uow:
        await uow.outbox.put(a_notice(s))
        await uow.rollback()
    async with db() as uow:
        assert await uow.outbox.pending_for(s.anna.id) == []
    assert told == []
