"""A branch's Discord channels in Discord's idiom, through the real discord.py against the local Discord: the board's
review edited with its tally, the bank's forum posts with tags and threads, the pådrivere's role, events with a
thread and a scheduled event, newsletters and digests from their templates, and a channel the bot lost."""

from __future__ import annotations

from datetime import timedelta

import aiohttp

from core.chat.buttons import ButtonCodec
from core.model.branches import ChatPurpose
from core.model.digests import DigestItem, DigestView
from core.model.dreams import Dream, DreamState
from core.model.events import Answer, EventAudience, EventKind
from core.model.members import Role
from core.model.notices import Audience, Broadcast, Notice, NoticeKind, Recipients
from core.model.projects import Project, ProjectState
from core.model.reviews import Choice
from core.usecases import bank, dreams, events, padrivere, posts, preferences, reminders, reviews
from core.usecases.members import revoke_role
from core.views.actions import Action
from tests.e2e.discord_delivery_setup import a_branch, a_member, delivering, link, settled
from dreambank.bootstrap import build
from dreambank.settings import Settings
from tests.factories import a_draft
from tests.standins.discord import DiscordStandIn

SUCCESS, DANGER, PRIMARY, SECONDARY = 3, 4, 1, 2


def buttons(message: dict) -> list[dict]:
    return [c for row in message.get("components", []) for c in row.get("components", [])]


def embed(message: dict) -> dict:
    assert len(message["embeds"]) == 1, message
    return message["embeds"][0]


async def in_uow(app, work):
    async with app.uow() as uow:
        result = await work(uow)
        await uow.commit()
    return result


class TestBoard:
    async def test_a_review_is_one_embed_edited_with_each_vote_and_then_the_decision(self, tmp_path):
        async with DiscordStandIn() as standin:
            guild = standin.guild("Fjordby")
            board = standin.text_channel(guild, "board")
            async with delivering(standin, tmp_path) as running:
                app = running.app
                branch = await a_branch(app)
                await link(app, branch, ChatPurpose.BOARD, board)
                anna = await a_member(app, branch, "Anna", standin.user("anna"))
                voters = [await a_member(app, branch, name, standin.user(name.lower()), roles=(Role.BOARD,))
                          for name in ("Bjorn", "Cecilie", "Dag")]
                dream = await in_uow(app, lambda uow: dreams.deposit_dream(uow, app.clock, anna, a_draft()))
                running.wake()
                await settled(app)
                first = standin.messages(board)
                review = await in_uow(app, lambda uow: uow.reviews.latest(dream.id))

                for voter in voters[:2]:
                    await in_uow(app, lambda uow, v=voter: reviews.cast_vote(uow, app.clock, v, review.id,
                                                                              Choice.APPROVE))
                    running.wake()
                    await settled(app)
                    if voter is voters[0]:
                        after_one = standin.messages(board)

            last = standin.messages(board)
            assert len(first) == len(after_one) == len(last) == 1
            assert first[0]["id"] == last[0]["id"]
            assert "A bench by the fjord" in embed(first[0])["title"]
            assert "0 approve" in embed(first[0])["description"] and "1 approve" in embed(after_one[0])["description"]
            codec = ButtonCodec(app.settings.resolved_secret())
            pressed = [codec.decode(b["custom_id"]) for b in buttons(first[0])]
            assert [p.action for p in pressed] == [Action.VOTE] * 3 + [Action.DECLARE_INTEREST]
            assert [b["style"] for b in buttons(first[0])] == [SUCCESS, DANGER, PRIMARY, SECONDARY]
            assert buttons(last[0]) == [] and "2 approve" in embed(last[0])["description"]
            assert embed(last[0])["color"] == 0x57F287
            assert len(standin.calls_to("PATCH", "/channels/{channel_id}/messages/{message_id}")) == 2

    async def test_a_restarted_deliverer_edits_the_review_it_posted_before(self, tmp_path):
        async with DiscordStandIn() as standin:
            guild = standin.guild("Fjordby")
            board = standin.text_channel(guild, "board")
            app = await build(Settings(data_dir=tmp_path))
            try:
                branch = await a_branch(app)
                await link(app, branch, ChatPurpose.BOARD, board)
                anna = await a_member(app, branch, "Anna", standin.user("anna"))
                bjorn = await a_member(app, branch, "Bjorn", standin.user("bjorn"), roles=(Role.BOARD,))
                await a_member(app, branch, "Cecilie", standin.user("cecilie"), roles=(Role.BOARD,))
                async with delivering(standin, tmp_path, app=app) as running:
                    dream = await in_uow(app, lambda uow: dreams.deposit_dream(uow, app.clock, anna, a_draft()))
                    running.wake()
                    await settled(app)
                review = await in_uow(app, lambda uow: uow.reviews.latest(dream.id))
                async with delivering(standin, tmp_path, app=app) as running:  # a new process: nothing in memory
                    await in_uow(app, lambda uow: reviews.cast_vote(uow, app.clock, bjorn, review.id,
                                                                    Choice.REJECT, "Too big for us"))
                    running.wake()
                    await settled(app)
            finally:
                await app.close()

            [post] = standin.messages(board)
            assert "1 reject" in embed(post)["description"]
            assert len(standin.calls_to("PATCH", "/channels/{channel_id}/messages/{message_id}")) == 1

    async def test_a_board_channel_the_bot_lost_is_unlinked_and_the_admins_told(self, tmp_path):
        async with DiscordStandIn() as standin:
            guild = standin.guild("Fjordby")
            board = standin.text_channel(guild, "board")
            standin.hide_from_bot(board)
            async with delivering(standin, tmp_path) as running:
                app = running.app
                branch = await a_branch(app)
                await link(app, branch, ChatPurpose.BOARD, board)
                gustav_id = standin.user("gustav")
                await a_member(app, branch, "Gustav", gustav_id, roles=(Role.ADMIN,))
                anna = await a_member(app, branch, "Anna", standin.user("anna"))
                await in_uow(app, lambda uow: dreams.deposit_dream(uow, app.clock, anna, a_draft()))
                running.wake()
                await settled(app)
                links = await in_uow(app, lambda uow: uow.branches.links(branch.id))

            assert [c.response["code"] for c in standin.calls if c.status == 403] == [50001]
            assert links == []
            assert standin.dms(gustav_id)  # told that the board's channel is gone


async def an_approved_dream(app, branch, owner) -> Dream:
    """The owner's dream, approved, with its post for the bank written to the outbox."""
    async def approved(uow):
        dream = Dream.deposit(branch.id, owner.id, a_draft(), app.clock.now())
        dream.state = DreamState.APPROVED
        dream = await uow.dreams.add(dream)
        await posts.dream_post(uow, app.clock.now(), dream)
        return dream

    return await in_uow(app, approved)


class TestBankForum:
    async def test_a_dream_gets_one_forum_post_tagged_by_its_state_with_updates_and_its_archiving_in_its_thread(
            self, tmp_path):
        async with DiscordStandIn() as standin:
            guild = standin.guild("Fjordby")
            forum = standin.forum_channel(guild, "dream-bank")
            async with delivering(standin, tmp_path) as running:
                app = running.app
                branch = await a_branch(app)
                await link(app, branch, ChatPurpose.BANK, forum)
                anna = await a_member(app, branch, "Anna", standin.user("anna"))
                frida = await a_member(app, branch, "Frida", standin.user("frida"))
                dream = await an_approved_dream(app, branch, anna)
                running.wake()
                await settled(app)
                opened = standin.threads(forum)

                await in_uow(app, lambda uow: bank.like_dream(uow, app.clock, frida, dream.id))
                running.wake()
                await settled(app)
                liked_post = standin.threads(forum)

                async def a_project(uow):
                    d = await uow.dreams.get(dream.id)
                    d.state = DreamState.PROJECT
                    await uow.dreams.save(d)
                    project = await uow.projects.add(Project(d.id, branch.id, d.title, anna.id, app.clock.now()))
                    now = app.clock.now()
                    await posts.dream_post(uow, now, d)
                    await posts.post(uow, now, branch.id, Audience.BANK_CHAT, NoticeKind.UPDATE_POST, "update:1",
                                     project_id=project.id, dream_id=d.id, title=d.title, author="Anna",
                                     text="The wood has come!")
                    return project

                project = await in_uow(app, a_project)
                running.wake()
                await settled(app)

                async def archived(uow):
                    p = await uow.projects.get(project.id)
                    p.close(ProjectState.COMPLETED, "Went well", "The bench stands by the fjord.", app.clock.now())
                    await uow.projects.save(p)
                    now = app.clock.now()
                    await posts.post(uow, now, branch.id, Audience.BANK_CHAT, NoticeKind.ARCHIVE_POST,
                                     f"archive:{p.id}", project_id=p.id, title=p.title, outcome=p.state.value,
                                     report=p.report)
                    await posts.dream_post(uow, now, await uow.dreams.get(dream.id))

                await in_uow(app, archived)
                running.wake()
                await settled(app)

            tags = standin.forum_tags(forum)
            threads = standin.threads(forum)
            assert len(opened) == len(threads) == 1
            thread = threads[0]
            assert thread["name"] == "A bench by the fjord"
            assert opened[0]["applied_tags"] == [str(tags["In the bank"])]
            assert thread["applied_tags"] == [str(tags["Archived"])]
            starter = thread["messages"][0]
            assert starter["id"] == thread["id"]  # a forum post's starter message, edited in place
            assert any("1 like" in b.get("label", "") for b in buttons(liked_post[0]["messages"][0]))
            said = [embed(m).get("title", "") + " " + (embed(m).get("description") or "") for m in thread["messages"]]
            assert any("The wood has come!" in s for s in said[1:])
            assert any("The bench stands by the fjord." in s for s in said[1:])
            assert {"In the bank", "Project", "Archived", "Event"} <= set(tags)
            assert len(standin.calls_to("POST", "/channels/{channel_id}/threads")) == 1


    async def test_a_forum_the_bot_may_not_manage_gets_its_posts_untagged_and_stays_linked(self, tmp_path):
        async with DiscordStandIn() as standin:
            guild = standin.guild("Fjordby")
            forum = standin.forum_channel(guild, "dream-bank")
            standin.fail("PATCH", rf"^/channels/{forum}$", 403, code=50013, times=5, message="Missing Permissions")
            async with delivering(standin, tmp_path) as running:
                app = running.app
                branch = await a_branch(app)
                await link(app, branch, ChatPurpose.BANK, forum)
                anna = await a_member(app, branch, "Anna", standin.user("anna"))

                async def approved(uow, title):
                    dream = Dream.deposit(branch.id, anna.id, a_draft(title), app.clock.now())
                    dream.state = DreamState.APPROVED
                    await posts.dream_post(uow, app.clock.now(), await uow.dreams.add(dream))

                for title in ("A bench by the fjord", "A library of tools"):
                    await in_uow(app, lambda uow, t=title: approved(uow, t))
                    running.wake()
                    await settled(app)
                links = await in_uow(app, lambda uow: uow.branches.links(branch.id))

            assert [t["name"] for t in standin.threads(forum)] == ["A bench by the fjord", "A library of tools"]
            assert all(t["applied_tags"] == [] for t in standin.threads(forum))
            assert len(links) == 1
            assert len(standin.calls_to("PATCH", "/channels/{channel_id}")) == 1  # asked once, not at every post


    async def test_a_forum_post_a_moderator_deleted_is_opened_anew_and_the_bank_stays_linked(self, tmp_path):
        async with DiscordStandIn() as standin:
            guild = standin.guild("Fjordby")
            forum = standin.forum_channel(guild, "dream-bank")
            async with delivering(standin, tmp_path) as running:
                app = running.app
                branch = await a_branch(app)
                await link(app, branch, ChatPurpose.BANK, forum)
                anna = await a_member(app, branch, "Anna", standin.user("anna"))
                frida = await a_member(app, branch, "Frida", standin.user("frida"))
                dream = await an_approved_dream(app, branch, anna)
                running.wake()
                await settled(app)
                first = standin.threads(forum)[0]["id"]
                async with aiohttp.ClientSession() as moderator:  # deleted in Discord's app
                    async with moderator.delete(f"{standin.api_url}/channels/{first}",
                                                headers={"Authorization": f"Bot {standin.token}"}) as deleted:
                        assert deleted.status == 200
                await in_uow(app, lambda uow: bank.like_dream(uow, app.clock, frida, dream.id))
                running.wake()
                await settled(app)
                links = await in_uow(app, lambda uow: uow.branches.links(branch.id))

            threads = standin.threads(forum)
            assert len(threads) == 1 and threads[0]["id"] != first
            assert any("1 like" in b.get("label", "") for b in buttons(threads[0]["messages"][0]))
            assert len(links) == 1


class TestCircle:
    async def test_a_padriver_whose_notices_go_to_telegram_gets_the_role_and_loses_it_on_removal(self, tmp_path):
        async with DiscordStandIn() as standin:
            guild = standin.guild("Fjordby")
            role = standin.role(guild, "Pådriver")
            circle = standin.category(guild, "pådrivere", role=role)
            standin.text_channel(guild, "pådrivere-prat", parent=circle)
            anna_id = standin.user("anna")
            standin.join(guild, anna_id)
            async with delivering(standin, tmp_path) as running:
                app = running.app
                branch = await a_branch(app)
                await link(app, branch, ChatPurpose.CIRCLE, circle, role_id=role)
                hanne = await a_member(app, branch, "Hanne", standin.user("hanne"), roles=(Role.COMMUNITY_MANAGER,))
                anna = await a_member(app, branch, "Anna", anna_id, telegram_id=4711)

                async def on_telegram(uow):
                    await preferences.choose_notify_on(uow, anna, "telegram")

                await in_uow(app, on_telegram)
                application = await in_uow(app, lambda uow: padrivere.apply(
                    uow, app.clock, anna, branch, ["gardening"], "", "", True))
                await in_uow(app, lambda uow: padrivere.decide(uow, app.clock, hanne, application.id, True))
                running.wake()
                given = await standin.wait_for(lambda: role in standin.member_roles(guild, anna_id))
                decided = await in_uow(app, lambda uow: uow.outbox.pending_on("telegram"))

                await in_uow(app, lambda uow: revoke_role(uow, app.clock, None, branch.id, anna.id, Role.PADRIVER))
                running.wake()
                taken = await standin.wait_for(lambda: role not in standin.member_roles(guild, anna_id))

            assert given and taken
            assert standin.dms(anna_id) == []  # her notices go to Telegram; the role came from the circle's notice
            assert [(d.chat_id, d.notice.kind) for d in decided] == [("4711", NoticeKind.PADRIVER_DECIDED)]
            assert len(standin.calls_to("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}")) == 1
            assert len(standin.calls_to("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}")) == 1


class TestLinks:
    async def test_with_a_public_address_the_posts_of_a_dream_and_an_event_link_their_web_pages(self, tmp_path):
        async with DiscordStandIn() as standin:
            guild = standin.guild("Fjordby")
            bank_channel = standin.text_channel(guild, "dream-bank")
            app = await build(Settings(data_dir=tmp_path, public_url="https://bank.example.org"))
            try:
                async with delivering(standin, tmp_path, app=app) as running:
                    branch = await a_branch(app)
                    await link(app, branch, ChatPurpose.BANK, bank_channel)
                    anna = await a_member(app, branch, "Anna", standin.user("anna"))
                    hanne = await a_member(app, branch, "Hanne", standin.user("hanne"),
                                           roles=(Role.COMMUNITY_MANAGER,))
                    dream = await an_approved_dream(app, branch, anna)
                    starts = (app.clock.now() + timedelta(days=3)).astimezone()
                    draft = events.EventDraft(EventKind.OPEN_MEETING, "Summer party", "Cake and music.",
                                              _local(starts, branch), _local(starts + timedelta(hours=2), branch),
                                              "The library", EventAudience.EVERYONE, 2, None)
                    event, _ = await in_uow(app, lambda uow: events.create_event(uow, app.clock, hanne, branch,
                                                                                draft))
                    running.wake()
                    await settled(app)
            finally:
                await app.close()

            urls = [embed(m).get("url") for m in standin.messages(bank_channel)]
            assert f"https://bank.example.org/go/d{dream.id}" in urls
            assert f"https://bank.example.org/go/e{event.id}" in urls


class TestEvents:
    async def test_an_event_is_a_forum_post_with_live_places_and_a_scheduled_event_kept_in_step(self, tmp_path):
        async with DiscordStandIn() as standin:
            guild = standin.guild("Fjordby")
            forum = standin.forum_channel(guild, "dream-bank")
            async with delivering(standin, tmp_path) as running:
                app = running.app
                branch = await a_branch(app)
                await link(app, branch, ChatPurpose.BANK, forum)
                hanne = await a_member(app, branch, "Hanne", standin.user("hanne"), roles=(Role.COMMUNITY_MANAGER,))
                users = [standin.user(f"p{i}") for i in range(3)]
                people = [await a_member(app, branch, f"P{i}", user) for i, user in enumerate(users)]
                starts = (app.clock.now() + timedelta(days=3)).astimezone()
                draft = events.EventDraft(EventKind.OPEN_MEETING, "Summer party", "Cake and music.",
                                          _local(starts, branch), _local(starts + timedelta(hours=2), branch),
                                          "The library", EventAudience.EVERYONE, 2, None)
                event, _ = await in_uow(app, lambda uow: events.create_event(uow, app.clock, hanne, branch, draft))
                running.wake()
                await settled(app)
                mirrored = standin.scheduled_events(guild)

                for person in people:
                    await in_uow(app, lambda uow, p=person: events.respond(uow, app.clock, p, event.id, Answer.GOING))
                running.wake()
                await settled(app)
                after_answers = standin.threads(forum)

                moved = events.EventDraft(EventKind.OPEN_MEETING, "Summer party", "Cake and music.",
                                          _local(starts, branch), _local(starts + timedelta(hours=3), branch),
                                          "The town hall", EventAudience.EVERYONE, 2, None)
                await in_uow(app, lambda uow: events.edit_event(uow, app.clock, hanne, event.id, moved))
                running.wake()
                await settled(app)
                changed = standin.scheduled_events(guild)

                await in_uow(app, lambda uow: events.cancel_event(uow, app.clock, hanne, event.id, "Rain"))
                running.wake()
                await settled(app)

            invited = standin.dms(users[0])[0]
            assert embed(invited)["title"] == "You are invited!" and "Summer party" in embed(invited)["description"]
            assert [b["style"] for b in buttons(invited)][:3] == [SUCCESS, 2, DANGER]
            assert len(mirrored) == 1
            assert mirrored[0]["name"] == "Summer party" and mirrored[0]["entity_type"] == 3
            assert mirrored[0]["entity_metadata"]["location"] == "The library"
            assert changed[0]["entity_metadata"]["location"] == "The town hall"
            assert standin.scheduled_events(guild)[0]["status"] == 4  # cancelled
            threads = standin.threads(forum)
            assert len(threads) == 1 and threads[0]["applied_tags"] == [str(standin.forum_tags(forum)["Event"])]
            post = embed(after_answers[0]["messages"][0])
            assert "2 going" in post["description"] and "1 on the waitlist" in post["description"]
            assert post["timestamp"]  # each reader sees the start in their own time zone
            assert [b["style"] for b in buttons(after_answers[0]["messages"][0])][:3] == [SUCCESS, 2, DANGER]
            assert "Cancelled" in embed(threads[0]["messages"][0])["title"]

    async def test_reminders_go_to_those_going_and_once_into_the_events_thread(self, tmp_path):
        async with DiscordStandIn() as standin:
            guild = standin.guild("Fjordby")
            forum = standin.forum_channel(guild, "dream-bank")
            async with delivering(standin, tmp_path) as running:
                app = running.app
                branch = await a_branch(app)
                await link(app, branch, ChatPurpose.BANK, forum)
                hanne = await a_member(app, branch, "Hanne", standin.user("hanne"), roles=(Role.COMMUNITY_MANAGER,))
                users = [standin.user(f"p{i}") for i in range(2)]
                people = [await a_member(app, branch, f"P{i}", u) for i, u in enumerate(users)]
                starts = (app.clock.now() + timedelta(hours=5)).astimezone()
                draft = events.EventDraft(EventKind.OPEN_MEETING, "Summer party", "", _local(starts, branch),
                                          _local(starts + timedelta(hours=2), branch), "The library",
                                          EventAudience.EVERYONE, None, None)
                event, _ = await in_uow(app, lambda uow: events.create_event(uow, app.clock, hanne, branch, draft))
                for person in people:
                    await in_uow(app, lambda uow, p=person: events.respond(uow, app.clock, p, event.id, Answer.GOING))
                running.wake()
                await settled(app)
                told = await in_uow(app, lambda uow: reminders.remind_event(uow, app.clock, event.id, 1440))
                running.wake()
                await settled(app)

            assert told == 2
            for user in users:
                reminder = embed(standin.dms(user)[-1])
                assert reminder["title"] == "⏰ Summer party" and "<t:" in reminder["description"]
            assert len(standin.threads(forum)) == 1
            thread = standin.threads(forum)[0]
            in_thread = [m for m in thread["messages"][1:] if embed(m).get("title") == "⏰ Summer party"]
            assert len(in_thread) == 1

    async def test_an_event_for_padrivere_goes_into_the_circles_channel_with_a_thread_and_no_public_mirror(
            self, tmp_path):
        async with DiscordStandIn() as standin:
            guild = standin.guild("Fjordby")
            role = standin.role(guild, "Pådriver")
            circle = standin.category(guild, "pådrivere", role=role)
            talk = standin.text_channel(guild, "prat", parent=circle)
            async with delivering(standin, tmp_path) as running:
                app = running.app
                branch = await a_branch(app)
                await link(app, branch, ChatPurpose.CIRCLE, circle, role_id=role)
                hanne = await a_member(app, branch, "Hanne", standin.user("hanne"), roles=(Role.COMMUNITY_MANAGER,))
                starts = (app.clock.now() + timedelta(days=2)).astimezone()
                draft = events.EventDraft(EventKind.BREAKFAST, "Pådriver breakfast", "", _local(starts, branch),
                                          _local(starts + timedelta(hours=1), branch), "The café",
                                          EventAudience.PADRIVERE, 10, None)
                await in_uow(app, lambda uow: events.create_event(uow, app.clock, hanne, branch, draft))
                running.wake()
                await settled(app)

            posted = standin.messages(talk)
            assert len(posted) == 1 and "Pådriver breakfast" in embed(posted[0])["title"]
            assert len(standin.threads(talk)) == 1
            assert standin.scheduled_events(guild) == []


    async def test_an_events_thread_gets_its_reminder_though_none_going_are_reminded_on_discord(self, tmp_path):
        async with DiscordStandIn() as standin:
            guild = standin.guild("Fjordby")
            role = standin.role(guild, "Pådriver")
            circle = standin.category(guild, "pådrivere", role=role)
            talk = standin.text_channel(guild, "prat", parent=circle)
            async with delivering(standin, tmp_path) as running:
                app = running.app
                branch = await a_branch(app)
                await link(app, branch, ChatPurpose.CIRCLE, circle, role_id=role)
                hanne = await a_member(app, branch, "Hanne", standin.user("hanne"), roles=(Role.COMMUNITY_MANAGER,))
                anna = await a_member(app, branch, "Anna", telegram_id=4711, roles=(Role.PADRIVER,))
                starts = (app.clock.now() + timedelta(hours=5)).astimezone()
                draft = events.EventDraft(EventKind.BREAKFAST, "Pådriver breakfast", "", _local(starts, branch),
                                          _local(starts + timedelta(hours=1), branch), "The café",
                                          EventAudience.PADRIVERE, 10, None)
                event, _ = await in_uow(app, lambda uow: events.create_event(uow, app.clock, hanne, branch, draft))
                await in_uow(app, lambda uow: events.respond(uow, app.clock, anna, event.id, Answer.GOING))
                running.wake()
                [thread] = await standin.wait_for(lambda: standin.threads(talk))
                told = await in_uow(app, lambda uow: reminders.remind_event(uow, app.clock, event.id, 120))
                running.wake()
                await standin.wait_for(lambda: len(_thread(standin, talk)["messages"]) >= 1)
                on_telegram = await in_uow(app, lambda uow: uow.outbox.pending_on("telegram"))

            assert told == 1
            [reminder] = _thread(standin, talk)["messages"]
            assert embed(reminder)["title"] == "⏰ Pådriver breakfast"
            assert [d.notice.kind for d in on_telegram if d.chat_id == "4711"].count(NoticeKind.EVENT_REMINDER) == 1


def _thread(standin, channel: int) -> dict:
    [thread] = standin.threads(channel)
    return thread


class TestTemplated:
    async def test_a_newsletter_and_a_digest_arrive_as_embeds_from_their_templates(self, tmp_path):
        async with DiscordStandIn() as standin:
            async with delivering(standin, tmp_path) as running:
                app = running.app
                branch = await a_branch(app)
                anna_id = standin.user("anna")
                anna = await a_member(app, branch, "Anna", anna_id)
                await in_uow(app, lambda uow: uow.broadcasts.add(Broadcast(
                    branch.id, NoticeKind.NEWSLETTER, dict(newsletter_id=1, text="Coffee *on* Saturday", image={},
                                                           author="Hanne", branch="Fjordby"),
                    Recipients("all"), app.clock.now())))
                view = DigestView("Fjordby", "Europe/Oslo", "weekly", "2026-05-04T07:00:00+00:00",
                                  "2026-05-11T07:00:00+00:00",
                                  dreams=[DigestItem("dream:1", "A bench", "By the fjord", "d1", count=2)])
                await in_uow(app, lambda uow: uow.outbox.put(Notice(anna.id, branch.id, NoticeKind.DIGEST,
                                                                    view.to_params(), app.clock.now())))
                running.wake()
                await settled(app)

            shown = [embed(m) for m in standin.dms(anna_id)]
            assert {e["title"] for e in shown} == {"News from Fjordby", "Your weekly digest from Fjordby"}
            letter = next(e for e in shown if e["title"] == "News from Fjordby")
            assert letter["description"] == "Coffee \\*on\\* Saturday\n\n— Hanne"
            digest = next(e for e in shown if e["title"] != "News from Fjordby")
            assert "**A bench** · 2 likes" in digest["description"]


def _local(at, branch) -> str:
    from zoneinfo import ZoneInfo

    return at.astimezone(ZoneInfo(branch.timezone)).strftime("%Y-%m-%dT%H:%M")
