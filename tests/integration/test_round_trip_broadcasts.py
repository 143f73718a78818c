"""Broadcasts keep who they go to, who wrote them and how many they reach, and count what became of each notice."""

from __future__ import annotations

import pytest

from core.model.members import Role
from core.model.notices import Broadcast, NoticeKind, Progress, Recipients

from tests.factories import AT, later, seed
from tests.integration.round_trips import is_utc

pytestmark = pytest.mark.in_memory_too


class TestBroadcasts:
    async def test_recent_broadcasts_come_newest_first_as_added_and_none_is_left_to_fan_out(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            await uow.members.grant(s.branch.id, s.bjorn.id, Role.BOARD)
            to_all = await uow.broadcasts.add(Broadcast(s.branch.id, NoticeKind.ANNOUNCEMENT, {"text": "Hei", "n": [1]},
                                                        Recipients("all"), AT, s.anna.id))
            to_board = await uow.broadcasts.add(Broadcast(s.branch.id, NoticeKind.ROLE_GRANTED, {"role": "board"},
                                                          Recipients("role", "board"), later(1)))
            await uow.commit()
        async with uow_factory() as uow:
            recent = list(await uow.broadcasts.recent())
            [newest] = await uow.broadcasts.recent(limit=1)
            left = await uow.broadcasts.fan_out_more()

        assert (to_all.total, to_board.total) == (2, 1) and to_all.id is not None and to_board.id is not None
        assert recent == [to_board, to_all] and newest == to_board
        assert recent[1] == Broadcast(s.branch.id, NoticeKind.ANNOUNCEMENT, {"text": "Hei", "n": [1]},
                                      Recipients("all"), AT, s.anna.id, 2, to_all.id)
        assert is_utc(recent[1].created_at) and left == 0

    async def test_a_broadcasts_progress_counts_each_outcome_and_when_sending_began_and_ended(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            broadcast = await uow.broadcasts.add(Broadcast(s.branch.id, NoticeKind.CALL_POSTED, {"call_id": 1},
                                                           Recipients("all"), AT, s.anna.id))
            await uow.commit()
        async with uow_factory() as uow:
            [to_anna] = await uow.outbox.claim("telegram", 10, later(1))
            [to_bjorn] = await uow.outbox.claim("console", 10, later(1))
            await uow.outbox.mark_sent(to_anna.notice.id, "telegram", later(2))
            await uow.commit()
        async with uow_factory() as uow:
            halfway = await uow.broadcasts.progress(broadcast.id)
            await uow.outbox.mark_failed(to_bjorn.notice.id, "console", later(3), "gone")
            await uow.commit()
        async with uow_factory() as uow:
            done = await uow.broadcasts.progress(broadcast.id)
            on_telegram = await uow.broadcasts.progress(broadcast.id, "telegram")
            reach = await uow.broadcasts.reach(broadcast.id)

        assert halfway == Progress(2, 1, 0, 1, later(2), later(2))
        assert done == Progress(2, 1, 1, 0, later(2), later(3)) and is_utc(done.last_sent_at)
        assert on_telegram == Progress(1, 1, 0, 0, later(2), later(2))
        assert reach == {"telegram": 1, "console": 1}
