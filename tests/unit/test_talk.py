"""Talking it over: comments and replies on a dream, who is told, topics turned into dreams, and moderation:
reports, hiding and restoring, and a mute after repeatedly hidden comments."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.i18n import translate
from core.model.branches import Branch
from core.model.members import Identity, Member
from core.model.notices import NoticeKind
from core.model.talk import HIDDEN_WINDOW
from core.usecases import talk
from core.views.actions import Action
from core.views.talk import discussion
from tests.factories import a_draft
from tests.unit.circle import notices_of, refused
from tests.unit.views_setup import in_the_bank, run


async def say(v, who, text="What a fine idea", **where):
    return await run(v, lambda uow: talk.comment(uow, v.clock, who, text, **where))


async def audited(v, subject: str) -> list[str]:
    async with v.db() as uow:
        return [e.action for e in await uow.audit.about(subject)]


class TestComments:
    async def test_a_comment_tells_the_owner_and_followers_but_not_its_writer(self, village):
        dream_id = await in_the_bank(village)
        await run(village, lambda uow: uow.projects.follow(dream_id, village.frida.id))
        said = await say(village, village.dag, dream_id=dream_id)
        told_anna = await notices_of(village.db, village.anna.id, NoticeKind.COMMENT_POSTED)
        assert [n.params["text"] for n in told_anna] == ["What a fine idea"]
        assert await notices_of(village.db, village.frida.id, NoticeKind.COMMENT_POSTED)
        assert not await notices_of(village.db, village.dag.id, NoticeKind.COMMENT_POSTED)
        assert (await audited(village, f"dream:{dream_id}"))[-1] == "comment"
        assert said.reply_to is None and said.branch_id == village.branch.id

    async def test_a_reply_to_a_reply_joins_the_first_comment_and_its_writer_is_told(self, village):
        dream_id = await in_the_bank(village)
        first = await say(village, village.frida, dream_id=dream_id)
        second = await say(village, village.dag, "Agreed", reply_to=first.id)
        third = await say(village, village.anna, "Thank you both", reply_to=second.id)
        assert second.reply_to == first.id and third.reply_to == first.id and third.dream_id == dream_id
        assert [n.params["text"] for n in await notices_of(village.db, village.dag.id, NoticeKind.COMMENT_POSTED)] \
            == ["Thank you both"]
        async with village.db() as uow:
            thread = await talk.thread(uow, village.clock, village.frida, dream_id=dream_id)
        assert [(c.text, [r.text for r in replies]) for c, replies in thread.comments] \
            == [("What a fine idea", ["Agreed", "Thank you both"])]

    async def test_empty_too_long_and_unapproved_are_refused_and_nothing_is_kept(self, village):
        dream_id = await in_the_bank(village)
        with refused("write something"):
            await say(village, village.frida, "   ", dream_id=dream_id)
        with refused("under 1000 characters"):
            await say(village, village.frida, "x" * 1001, dream_id=dream_id)
        waiting = await village.deposit(title="Not yet")
        with refused("no dream number"):
            await say(village, village.frida, dream_id=waiting)
        async with village.db() as uow:
            assert not await uow.talk.comments_on(dream_id=dream_id)


class TestModeration:
    async def test_a_report_reaches_the_bank_manager_who_hides_and_restores_with_a_reason(self, village):
        dream_id = await in_the_bank(village)
        said = await say(village, village.frida, "Rude words", dream_id=dream_id)
        with refused("your own comment"):
            await run(village, lambda uow: talk.report(uow, village.clock, village.frida, said.id))
        await run(village, lambda uow: talk.report(uow, village.clock, village.anna, said.id))
        with refused("reported this comment already"):
            await run(village, lambda uow: talk.report(uow, village.clock, village.anna, said.id))
        assert await notices_of(village.db, village.eva.id, NoticeKind.COMMENT_REPORTED)
        with refused("Only the bank manager"):
            await run(village, lambda uow: talk.open_reports(uow, village.clock, village.anna))
        with refused("Only the bank manager"):
            await run(village, lambda uow: talk.hide(uow, village.clock, village.anna, said.id, "rude"))
        [reported] = await run(village, lambda uow: talk.open_reports(uow, village.clock, village.eva))
        assert reported.reports == 1 and reported.comment.id == said.id
        with refused("write something"):
            await run(village, lambda uow: talk.hide(uow, village.clock, village.eva, said.id, " "))
        hidden = await run(village, lambda uow: talk.hide(uow, village.clock, village.eva, said.id, "Not kind"))
        assert hidden.hidden and hidden.hidden_reason == "Not kind" and hidden.hidden_by == village.eva.id
        assert not await run(village, lambda uow: talk.open_reports(uow, village.clock, village.eva))
        [told] = await notices_of(village.db, village.frida.id, NoticeKind.COMMENT_HIDDEN)
        assert told.params["reason"] == "Not kind"
        async with village.db() as uow:
            assert await uow.talk.visible_count(dream_id=dream_id) == 0
        back = await run(village, lambda uow: talk.restore(uow, village.clock, village.eva, said.id, "Misread"))
        assert not back.hidden
        assert await audited(village, f"comment:{said.id}") == ["comment_report", "comment_hide", "comment_restore"]

    async def test_a_member_can_be_muted_only_after_three_hidden_in_thirty_days_and_is_told_until_when(self, village):
        dream_id = await in_the_bank(village)
        mute = lambda uow: talk.mute(uow, village.clock, village.eva, village.frida.id, 7)  # noqa: E731
        old = await say(village, village.frida, "Old rudeness", dream_id=dream_id)
        await run(village, lambda uow: talk.hide(uow, village.clock, village.eva, old.id, "Not kind"))
        village.clock.advance(days=HIDDEN_WINDOW.days + 1)
        for n in range(2):
            said = await say(village, village.frida, f"Rude {n}", dream_id=dream_id)
            await run(village, lambda uow, c=said.id: talk.hide(uow, village.clock, village.eva, c, "Not kind"))
        with refused("after 3 hidden comments"):
            await run(village, mute)
        said = await say(village, village.frida, "Rude again", dream_id=dream_id)
        await run(village, lambda uow: talk.hide(uow, village.clock, village.eva, said.id, "Not kind"))
        with refused("Only the bank manager"):
            await run(village, lambda uow: talk.mute(uow, village.clock, village.anna, village.frida.id, 7))
        with refused("offered lengths"):
            await run(village, lambda uow: talk.mute(uow, village.clock, village.eva, village.frida.id, 365))
        made = await run(village, mute)
        assert made.until == village.clock.now() + timedelta(days=7)
        assert await notices_of(village.db, village.frida.id, NoticeKind.MEMBER_MUTED)
        with pytest.raises(Exception) as caught:
            await say(village, village.frida, "Still here", dream_id=dream_id)
        assert "until" in translate(caught.value.reason, "en")
        village.clock.advance(days=7, minutes=1)
        assert (await say(village, village.frida, "Sorry, all", dream_id=dream_id)).text == "Sorry, all"
        assert await audited(village, f"member:{village.frida.id}") == ["member_mute"]


class TestTopics:
    async def test_a_topic_is_supported_commented_and_turned_into_a_dream_with_its_supporters_following(
            self, village):
        topic = await run(village, lambda uow: talk.open_topic(uow, village.clock, village.anna, "The old school",
                                                                "What should happen with the old school?"))
        await run(village, lambda uow: talk.support(uow, village.clock, village.frida, topic.id))
        await run(village, lambda uow: talk.support(uow, village.clock, village.dag, topic.id))
        with refused("support “The old school” already"):
            await run(village, lambda uow: talk.support(uow, village.clock, village.frida, topic.id))
        with refused("your own topic"):
            await run(village, lambda uow: talk.support(uow, village.clock, village.anna, topic.id))
        await say(village, village.frida, "A youth café!", topic_id=topic.id)
        told = await notices_of(village.db, village.anna.id, NoticeKind.COMMENT_POSTED)
        assert told and told[0].params["topic_id"] == topic.id
        with refused("Only the one who opened"):
            await run(village, lambda uow: talk.topic_to_dream(uow, village.clock, village.frida, topic.id,
                                                                 a_draft("A youth café")))
        dream = await run(village, lambda uow: talk.topic_to_dream(uow, village.clock, village.anna, topic.id,
                                                                     a_draft("A youth café")))
        async with village.db() as uow:
            assert set(await uow.projects.followers(dream.id)) == {village.frida.id, village.dag.id}
            assert (await uow.talk.get_topic(topic.id)).dream_id == dream.id
            assert await uow.reviews.latest(dream.id) is not None
        with refused("is a dream already"):
            await run(village, lambda uow: talk.topic_to_dream(uow, village.clock, village.anna, topic.id,
                                                                 a_draft("Again")))
        [(listed, backers)] = await run(village, lambda uow: talk.topics(uow, village.branch.id))
        assert listed.id == topic.id and backers == 2


class TestReadOnAPage:
    async def test_a_visitor_reads_every_comment_numbered_and_is_told_to_sign_in_to_write(self, village):
        dream_id = await in_the_bank(village)
        first = await say(village, village.frida, "A fine idea", dream_id=dream_id)
        await say(village, village.dag, "Agreed", reply_to=first.id)
        await say(village, village.bjorn, "When?", dream_id=dream_id)
        async with village.db() as uow:
            shown = discussion(await talk.thread(uow, village.clock, None, dream_id=dream_id))

        assert [(s.number, s.author, s.text, [(r.number, r.text) for r in s.replies]) for s in shown.comments] \
            == [(1, "Frida", "A fine idea", [(2, "Agreed")]), (3, "Bjorn", "When?", [])]
        assert not shown.write.allowed and "sign in" in translate(shown.write.refused, "en")
        assert [a.action for a in shown.comments[0].actions] == [Action.REPLY, Action.REPORT_COMMENT]
        assert shown.comments[0].replies[0].actions[0].action is Action.REPORT_COMMENT, "a reply is not replied to"

    async def test_a_hidden_comment_keeps_its_words_and_writer_from_all_but_the_bank_manager(self, village):
        dream_id = await in_the_bank(village)
        said = await say(village, village.frida, "Rude words", dream_id=dream_id)
        await run(village, lambda uow: talk.hide(uow, village.clock, village.eva, said.id, "Not kind"))
        async with village.db() as uow:
            for_anna = discussion(await talk.thread(uow, village.clock, village.anna, dream_id=dream_id))
            for_eva = discussion(await talk.thread(uow, village.clock, village.eva, dream_id=dream_id))

        [hidden] = for_anna.comments
        assert (hidden.author, hidden.hidden, hidden.actions, hidden.note) == ("", True, (), None)
        assert translate(hidden.text, "en") == "A comment hidden by the bank manager."
        [seen] = for_eva.comments
        assert (seen.author, seen.text) == ("Frida", "Rude words")
        assert translate(seen.note, "en") == "Hidden by the bank manager: Not kind"

    async def test_ones_own_comment_has_no_report_and_another_branchs_member_may_not_write(self, village):
        dream_id = await in_the_bank(village)
        await say(village, village.frida, "Mine", dream_id=dream_id)
        async with village.db() as uow:
            elsewhere = await uow.branches.add(Branch("elvdal", "Elvdal", "nb"))
            olav = await uow.members.add(Member("Olav", elsewhere.id, None, village.clock.now()),
                                         Identity("test", "olav"))
            await uow.commit()
        async with village.db() as uow:
            for_frida = discussion(await talk.thread(uow, village.clock, village.frida, dream_id=dream_id))
            for_olav = discussion(await talk.thread(uow, village.clock, olav, dream_id=dream_id))

        assert for_frida.write.allowed
        assert "your own comment" in translate(for_frida.comments[0].actions[1].refused, "en")
        assert not for_olav.write.allowed and not any(a.allowed for a in for_olav.comments[0].actions)
        assert "members of the dream's branch" in translate(for_olav.write.refused, "en")

    async def test_a_dream_still_with_the_board_has_no_talk_to_show(self, village):
        waiting = await village.deposit(title="Not yet")
        async with village.db() as uow:
            assert await talk.dream_thread(uow, village.clock, None, waiting) is None

    async def test_anyone_reads_a_topic_but_only_its_branchs_members_support_it(self, village):
        topic = await run(village, lambda uow: talk.open_topic(uow, village.clock, village.anna, "The old school",
                                                                "What now?"))
        async with village.db() as uow:
            for_visitor = await talk.topic_facts(uow, None, topic.id)
            for_frida = await talk.topic_facts(uow, village.frida, topic.id)
            for_anna = await talk.topic_facts(uow, village.anna, topic.id)

        assert for_visitor.topic.id == topic.id and "sign in" in translate(for_visitor.support_refusal, "en")
        assert for_frida.support_refusal is None
        assert "your own topic" in translate(for_anna.support_refusal, "en")
