"""Talking it over on the portal, on SQLite and PostgreSQL: a dream's and a project's comments read by anyone, escaped,
hidden ones shown as hidden; a signed-in member comments, replies and reports, told and refused as in chat (a
paused member kindly, with their words kept); topics listed, opened, supported and commented on; and what is not
theirs to post (no csrf token, a visitor, another branch's address) changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from markupsafe import escape

from core.model.dreams import DreamState
from core.model.notices import NoticeKind
from core.model.projects import Project
from core.model.talk import Comment, Mute, Topic
from tests.factories import make_village
from tests.integration.portal_setup import acting_portal, box, csrf_of, elvdal
from tests.integration.test_web_acting import MARKUP, a_dream, client, forms, post, signed_in

ESCAPED = str(escape(MARKUP))


@pytest.fixture
async def village(uow_factory):
    return await make_village(uow_factory)


@pytest.fixture
def app(uow_factory, village):
    return acting_portal(uow_factory, village.clock)


async def a_comment(db, village, dream_id: int | None, who: str, text: str, *, reply_to: int | None = None,
                    topic_id: int | None = None, hidden: str = "") -> Comment:
    async with db() as uow:
        made = await uow.talk.add_comment(Comment(village.branch.id, village.people[who].id, text,
                                                  village.clock.now(), dream_id, topic_id, reply_to,
                                                  hidden=bool(hidden), hidden_reason=hidden,
                                                  hidden_by=village.eva.id if hidden else None))
        await uow.commit()
    return made


async def comments_on(db, dream_id: int) -> list[Comment]:
    async with db() as uow:
        return list(await uow.talk.comments_on(dream_id=dream_id, topic_id=None))


class TestReading:
    async def test_a_visitor_reads_the_comments_and_replies_escaped_and_is_asked_to_sign_in_to_write(
            self, uow_factory, village, app):
        dream = await a_dream(uow_factory, village)
        first = await a_comment(uow_factory, village, dream.id, "frida", MARKUP)
        await a_comment(uow_factory, village, dream.id, "bjorn", "Count me in.", reply_to=first.id)
        async with client(app) as visitor:
            shown = await visitor.get(f"/fjordby/dreams/{dream.id}")
        assert shown.status_code == 200 and "etag" in shown.headers
        assert MARKUP not in shown.text and ESCAPED in shown.text
        talk = shown.text[shown.text.index('id="comments"'):]
        assert talk.index(ESCAPED) < talk.index('<ol class="replies">') < talk.index("Count me in.")
        assert "<strong>Frida</strong>" in talk and "#2" in talk
        assert "Please sign in first" in talk and 'href="/signin"' in talk
        assert "/comments" not in shown.text and "<textarea" not in shown.text

    async def test_a_hidden_comment_shows_neither_its_words_nor_its_writer_but_the_bank_manager_sees_why(
            self, uow_factory, village, app):
        dream = await a_dream(uow_factory, village)
        await a_comment(uow_factory, village, dream.id, "frida", "Something unkind", hidden="Not kind")
        await a_comment(uow_factory, village, dream.id, "bjorn", "A fine idea.")
        async with client(app) as visitor:
            seen_by_visitor = (await visitor.get(f"/fjordby/dreams/{dream.id}")).text
        async with await signed_in(uow_factory, village, app, "anna") as owner:
            seen_by_owner = (await owner.get(f"/fjordby/dreams/{dream.id}")).text
        async with await signed_in(uow_factory, village, app, "eva") as manager:
            seen_by_manager = (await manager.get(f"/fjordby/dreams/{dream.id}")).text
        for seen in (seen_by_visitor, seen_by_owner):
            assert "Something unkind" not in seen and "Frida" not in seen and "Not kind" not in seen
            assert "A comment hidden by the bank manager." in seen and "A fine idea." in seen
            assert "⚑ Report #1" not in seen
        assert "⚑ Report #2" in seen_by_owner
        assert "Something unkind" in seen_by_manager and "Hidden by the bank manager: Not kind" in seen_by_manager

    async def test_a_project_page_shows_the_comments_on_its_dream(self, uow_factory, village, app):
        dream = await a_dream(uow_factory, village, state=DreamState.PROJECT)
        async with uow_factory() as uow:
            project = await uow.projects.add(Project(dream.id, village.branch.id, "A bench by the fjord",
                                                     village.anna.id, village.clock.now()))
            await uow.commit()
        await a_comment(uow_factory, village, dream.id, "frida", "When do we start?")
        async with await signed_in(uow_factory, village, app, "bjorn") as browser:
            shown = await browser.get(f"/fjordby/projects/{project.id}")
            sent = await post(browser, box(shown.text, f"/fjordby/dreams/{dream.id}/comments"), text="On Monday!")
        assert "When do we start?" in shown.text and 'href="#comments"' in shown.text
        assert sent.status_code == 303 and sent.headers["location"].startswith(f"/fjordby/projects/{project.id}#c-")
        assert [c.text for c in await comments_on(uow_factory, dream.id)] == ["When do we start?", "On Monday!"]

    async def test_a_dream_still_with_the_board_has_no_comments_on_its_page(self, uow_factory, village, app):
        dream = await a_dream(uow_factory, village, state=DreamState.DEPOSITED)
        async with await signed_in(uow_factory, village, app, "anna") as owner:
            shown = await owner.get(f"/fjordby/dreams/{dream.id}")
        assert shown.status_code == 200 and 'id="comments"' not in shown.text


class TestWriting:
    async def test_a_member_comments_and_replies_and_the_owner_and_the_one_answered_are_told(
            self, uow_factory, village, app):
        dream = await a_dream(uow_factory, village)
        async with await signed_in(uow_factory, village, app, "frida") as frida:
            shown = await frida.get(f"/fjordby/dreams/{dream.id}")
            assert shown.headers["cache-control"] == "private, no-store"
            sent = await post(frida, box(shown.text, f"/fjordby/dreams/{dream.id}/comments"), text=MARKUP)
            back = await frida.get(sent.headers["location"])
        [comment] = await comments_on(uow_factory, dream.id)
        assert sent.status_code == 303 and sent.headers["location"] == f"/fjordby/dreams/{dream.id}#c-{comment.id}"
        assert "Your comment is posted. Thank you for joining in!" in back.text and 'role="status"' in back.text
        assert f'id="c-{comment.id}"' in back.text and ESCAPED in back.text and MARKUP not in back.text
        async with await signed_in(uow_factory, village, app, "bjorn") as bjorn:
            shown = await bjorn.get(f"/fjordby/dreams/{dream.id}")
            assert "<summary>↩ Reply to #1</summary>" in shown.text
            replied = await post(bjorn, box(shown.text, f"/fjordby/comments/{comment.id}/replies"), text="Me too.")
        assert replied.status_code == 303
        assert [(c.text, c.reply_to) for c in await comments_on(uow_factory, dream.id)] \
            == [(MARKUP, None), ("Me too.", comment.id)]
        async with uow_factory() as uow:
            to_owner = [n.params["text"] for n in await uow.outbox.pending_for(village.anna.id)
                        if n.kind is NoticeKind.COMMENT_POSTED]
            to_frida = [n.params["text"] for n in await uow.outbox.pending_for(village.frida.id)
                        if n.kind is NoticeKind.COMMENT_POSTED]
        assert to_owner == [MARKUP, "Me too."] and to_frida == ["Me too."]

    async def test_a_comment_sent_twice_is_posted_once(self, uow_factory, village, app):
        dream = await a_dream(uow_factory, village)
        async with await signed_in(uow_factory, village, app, "frida") as frida:
            form = box((await frida.get(f"/fjordby/dreams/{dream.id}")).text, f"/fjordby/dreams/{dream.id}/comments")
            first = await post(frida, form, text="Lovely.")
            again = await post(frida, form, text="Lovely.")
        assert first.status_code == again.status_code == 303
        assert [c.text for c in await comments_on(uow_factory, dream.id)] == ["Lovely."]

    async def test_words_core_refuses_are_shown_again_with_why_and_nothing_is_kept(self, uow_factory, village, app):
        dream = await a_dream(uow_factory, village)
        long = MARKUP + "x" * 1000
        async with await signed_in(uow_factory, village, app, "frida") as frida:
            form = box((await frida.get(f"/fjordby/dreams/{dream.id}")).text, f"/fjordby/dreams/{dream.id}/comments")
            refused = await post(frida, form, text=long)
        assert refused.status_code == 422 and "Please keep it under 1000 characters." in refused.text
        assert str(escape(long)) in refused.text and 'role="alert"' in refused.text
        assert box(refused.text, f"/fjordby/dreams/{dream.id}/comments")  # the same box, to send again
        assert await comments_on(uow_factory, dream.id) == []

    async def test_a_paused_member_is_told_until_when_instead_of_a_box_and_a_post_is_refused(
            self, uow_factory, village, app):
        dream = await a_dream(uow_factory, village)
        now = village.clock.now()
        async with uow_factory() as uow:
            await uow.talk.add_mute(Mute(village.branch.id, village.frida.id, now + timedelta(days=7), village.eva.id,
                                         "3 hidden", now))
            await uow.commit()
        async with await signed_in(uow_factory, village, app, "frida") as frida:
            shown = await frida.get(f"/fjordby/dreams/{dream.id}")
            refused = await frida.post(f"/fjordby/dreams/{dream.id}/comments",
                                       data={"csrf": csrf_of(shown.text), "text": "Still here."})
        assert "You cannot comment in this branch until" in shown.text and "<textarea" not in shown.text
        assert refused.status_code == 422 and "You cannot comment in this branch until" in refused.text
        assert "Still here." in refused.text
        assert await comments_on(uow_factory, dream.id) == []

    async def test_a_report_is_pressed_and_reaches_the_bank_manager_but_ones_own_comment_has_none(
            self, uow_factory, village, app):
        dream = await a_dream(uow_factory, village)
        await a_comment(uow_factory, village, dream.id, "frida", "Buy my boat!")
        async with await signed_in(uow_factory, village, app, "frida") as frida:
            own = await frida.get(f"/fjordby/dreams/{dream.id}")
        async with await signed_in(uow_factory, village, app, "bjorn") as bjorn:
            reported = await post(bjorn, forms((await bjorn.get(f"/fjordby/dreams/{dream.id}")).text)["⚑ Report #1"])
            back = await bjorn.get(reported.headers["location"])
        assert "⚑ Report #1" not in own.text
        assert "Thank you. The bank manager will look at the comment." in back.text
        async with uow_factory() as uow:
            told = await uow.outbox.pending_for(village.eva.id)
        assert [n.kind for n in told] == [NoticeKind.COMMENT_REPORTED]


class TestRefusedPosts:
    async def test_a_comment_without_its_csrf_token_is_forbidden_and_a_visitors_is_sent_to_sign_in(
            self, uow_factory, village, app):
        dream = await a_dream(uow_factory, village)
        async with await signed_in(uow_factory, village, app, "frida") as frida:
            action, fields = box((await frida.get(f"/fjordby/dreams/{dream.id}")).text,
                                 f"/fjordby/dreams/{dream.id}/comments")
            forbidden = await frida.post(action, data={k: v for k, v in fields.items() if k != "csrf"} | {"text": "x"})
        async with client(app) as visitor:
            sent = await visitor.post(action, data={**fields, "text": "x"})
        assert forbidden.status_code == 403
        assert sent.status_code == 303 and sent.headers["location"] == "/signin"
        assert await comments_on(uow_factory, dream.id) == []

    async def test_another_branchs_dream_is_not_commented_on_at_this_branchs_address(self, uow_factory, village, app):
        dream = await a_dream(uow_factory, village)
        await elvdal(uow_factory)
        async with await signed_in(uow_factory, village, app, "frida") as frida:
            action, fields = box((await frida.get(f"/fjordby/dreams/{dream.id}")).text,
                                 f"/fjordby/dreams/{dream.id}/comments")
            elsewhere = await frida.post(f"/elvdal/dreams/{dream.id}/comments", data={**fields, "text": "Hello"})
        assert elsewhere.status_code == 404
        assert await comments_on(uow_factory, dream.id) == []

    async def test_a_member_of_another_branch_reads_the_comments_and_is_told_they_are_for_its_members(
            self, uow_factory, village, app):
        dream = await a_dream(uow_factory, village)
        branch = await elvdal(uow_factory)
        async with uow_factory() as uow:
            ola = await uow.members.get(village.frida.id)
            ola.branch_id = branch.id
            await uow.members.save(ola)
            await uow.commit()
        await a_comment(uow_factory, village, dream.id, "bjorn", "Fine.")
        async with await signed_in(uow_factory, village, app, "frida") as visiting:
            shown = await visiting.get(f"/fjordby/dreams/{dream.id}")
        assert "Fine." in shown.text and "Comments are for the members of the dream's branch." in shown.text
        assert "<textarea" not in shown.text and "⚑ Report #1" not in shown.text


class TestTopics:
    async def test_topics_are_listed_for_anyone_and_another_branch_lists_only_its_own(self, uow_factory, village, app):
        async with uow_factory() as uow:
            topic = await uow.talk.add_topic(Topic(village.branch.id, village.anna.id, MARKUP, "What now?",
                                                   village.clock.now()))
            await uow.commit()
        await elvdal(uow_factory)
        async with client(app) as visitor:
            listed = await visitor.get("/fjordby/topics")
            shown = await visitor.get(f"/fjordby/topics/{topic.id}")
            theirs = await visitor.get("/elvdal/topics")
            wrong_branch = await visitor.get(f"/elvdal/topics/{topic.id}")
            bank = await visitor.get("/fjordby/")
        assert listed.status_code == shown.status_code == theirs.status_code == 200
        assert f'href="/fjordby/topics/{topic.id}"' in listed.text and ESCAPED in listed.text
        assert MARKUP not in listed.text + shown.text
        assert 'href="/fjordby/topics/new"' in listed.text
        assert ESCAPED in shown.text and "What now?" in shown.text and 'id="comments"' in shown.text
        assert ESCAPED not in theirs.text and wrong_branch.status_code == 404
        assert 'href="/fjordby/topics"' in bank.text

    async def test_a_member_opens_a_topic_others_support_it_and_comment_on_it(self, uow_factory, village, app):
        async with await signed_in(uow_factory, village, app, "anna") as anna:
            opened = await anna.get("/fjordby/topics/new")
            sent = await post(anna, box(opened.text, "/fjordby/form"), title="The old school",
                              text="What should happen with it?")
            listed = await anna.get(sent.headers["location"])
        async with uow_factory() as uow:
            [topic] = await uow.talk.topics_in(village.branch.id)
        assert opened.status_code == 200 and sent.status_code == 303
        assert sent.headers["location"] == "/fjordby/topics"
        assert "Your topic “The old school” is open" in listed.text
        async with await signed_in(uow_factory, village, app, "frida") as frida:
            shown = await frida.get(f"/fjordby/topics/{topic.id}")
            await post(frida, forms(shown.text)["👍 Support"])
            commented = await post(frida, box(shown.text, f"/fjordby/topics/{topic.id}/comments"),
                                   text="A youth café!")
            again = await frida.get(commented.headers["location"])
        assert "You support “The old school” already." in again.text and "👍 Support" not in again.text
        assert "A youth café!" in again.text and "Supporters</dt>\n<dd>1</dd>" in again.text
        async with uow_factory() as uow:
            told = [n.params["text"] for n in await uow.outbox.pending_for(village.anna.id)
                    if n.kind is NoticeKind.COMMENT_POSTED]
        assert told == ["A youth café!"]
