"""Comments and replies, topics and supporters, reports of comments and mutes, kept as written."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.errors import Conflict
from core.model.talk import Comment, Mute, Report, Topic

from tests.factories import a_dream, later, seed

pytestmark = pytest.mark.in_memory_too


async def _dream(uow_factory, s):
    async with uow_factory() as uow:
        dream = await uow.dreams.add(a_dream(s))
        await uow.commit()
    return dream


class TestComments:
    async def test_a_comment_and_its_reply_come_back_in_order_and_hiding_is_kept(self, uow_factory):
        s = await seed(uow_factory)
        dream = await _dream(uow_factory, s)
        async with uow_factory() as uow:
            first = await uow.talk.add_comment(Comment(s.branch.id, s.anna.id, "Lovely idea", later(2), dream.id))
            reply = await uow.talk.add_comment(Comment(s.branch.id, s.bjorn.id, "Thanks!", later(3), dream.id,
                                                       reply_to=first.id, source="telegram_group"))
            await uow.commit()
        async with uow_factory() as uow:
            found = list(await uow.talk.comments_on(dream_id=dream.id))
            assert [c.id for c in found] == [first.id, reply.id]
            assert found[1].reply_to == first.id and found[1].source == "telegram_group"
            assert found[0].at == later(2)
            assert await uow.talk.visible_count(dream_id=dream.id) == 2
            hidden = replace(found[1], hidden=True, hidden_reason="rude", hidden_by=s.anna.id)
            await uow.talk.save_comment(hidden)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.talk.get_comment(reply.id) == hidden
            assert await uow.talk.get_comment(reply.id + 1000) is None
            assert await uow.talk.visible_count(dream_id=dream.id) == 1
            assert await uow.talk.hidden_since(s.branch.id, s.bjorn.id, later(0)) == 1
            assert await uow.talk.hidden_since(s.branch.id, s.bjorn.id, later(5)) == 0
            assert await uow.talk.hidden_since(s.branch.id, s.anna.id, later(0)) == 0
            assert [c.id for c in await uow.talk.comments_by(s.bjorn.id)] == [reply.id]

    async def test_reporting_twice_is_a_conflict_and_handling_closes_them(self, uow_factory):
        s = await seed(uow_factory)
        dream = await _dream(uow_factory, s)
        async with uow_factory() as uow:
            said = await uow.talk.add_comment(Comment(s.branch.id, s.anna.id, "Hm", later(1), dream.id))
            report = await uow.talk.add_report(Report(s.branch.id, said.id, s.bjorn.id, later(2)))
            with pytest.raises(Conflict):
                await uow.talk.add_report(Report(s.branch.id, said.id, s.bjorn.id, later(3)))
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.talk.open_reports(s.branch.id)) == [report]
            assert await uow.talk.handle_reports(said.id) == 1
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.talk.open_reports(s.branch.id)) == []
            assert await uow.talk.handle_reports(said.id) == 0


class TestTopics:
    async def test_topics_newest_first_supporters_once_and_the_dream_they_became(self, uow_factory):
        s = await seed(uow_factory)
        dream = await _dream(uow_factory, s)
        async with uow_factory() as uow:
            old = await uow.talk.add_topic(Topic(s.branch.id, s.anna.id, "Old", "Text", later(1)))
            new = await uow.talk.add_topic(Topic(s.branch.id, s.bjorn.id, "New", "Text", later(5)))
            await uow.talk.support(old.id, s.bjorn.id)
            with pytest.raises(Conflict):
                await uow.talk.support(old.id, s.bjorn.id)
            on_topic = await uow.talk.add_comment(Comment(s.branch.id, s.anna.id, "Yes", later(6), topic_id=old.id))
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.talk.topics_in(s.branch.id)) == [new, old]
            assert list(await uow.talk.supporters(old.id)) == [s.bjorn.id]
            assert list(await uow.talk.comments_on(topic_id=old.id)) == [on_topic]
            await uow.talk.save_topic(replace(old, dream_id=dream.id))
            await uow.commit()
        async with uow_factory() as uow:
            assert (await uow.talk.get_topic(old.id)).dream_id == dream.id
            assert await uow.talk.get_topic(old.id + 1000) is None


class TestMutes:
    async def test_the_latest_end_of_a_members_mutes_in_the_branch(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            assert await uow.talk.muted_until(s.branch.id, s.bjorn.id) is None
            await uow.talk.add_mute(Mute(s.branch.id, s.bjorn.id, later(60), s.anna.id, "3 hidden", later(0)))
            await uow.talk.add_mute(Mute(s.branch.id, s.bjorn.id, later(30), s.anna.id, "3 hidden", later(1)))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.talk.muted_until(s.branch.id, s.bjorn.id) == later(60)
            assert await uow.talk.muted_until(s.branch.id, s.anna.id) is None
