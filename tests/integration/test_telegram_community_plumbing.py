"""The Telegram adapter's community plumbing through the real python-telegram-bot application and a real database:
invite links, join requests, removals from the closed group, photos and files in and out, edits in place."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

import pytest
import sqlalchemy as sa

from bots.telegram.updates import UpdateHandler
from core.chat.buttons import Action
from core.chat.replies import Attachment, Button, Message, Reply
from core.model.branches import ChatLink, ChatPurpose
from core.model.members import Identity, Member, Role
from core.model.notices import Audience, Notice, NoticeKind
from core.usecases.chats import link_chat
from storage.tables import NoticeRow
from tests.e2e.telegram_harness import Branchside, telegram_branch
from tests.standins.telegram import png_bytes

CIRCLE = -1001000000003
STRANGER = 2002
PICTURE_URL = "https://fjordby.example/sommerfest.jpg"


@pytest.fixture
async def tg(tmp_path, uow_factory):
    async with telegram_branch(tmp_path, uow_factory.url) as side:
        side.api.group(CIRCLE, "Fjordby pådrivere")
        async with side.app.uow() as uow:
            branch = await uow.branches.by_slug("fjordby")
            await link_chat(uow, side.app.clock, None, ChatLink(branch.id, ChatPurpose.CIRCLE, "telegram",
                                                                str(CIRCLE), "Fjordby pådrivere"))
            await uow.commit()
        yield side


async def branch_id(tg: Branchside) -> int:
    async with tg.app.uow() as uow:
        return (await uow.branches.by_slug("fjordby")).id


async def member(tg: Branchside, name: str) -> Member:
    async with tg.app.uow() as uow:
        return await uow.members.by_identity(Identity("telegram", str(tg.id(name))))


async def circle_link(tg: Branchside) -> ChatLink:
    async with tg.app.uow() as uow:
        links = await uow.branches.links(await branch_id(tg))
    return next(link for link in links if link.purpose is ChatPurpose.CIRCLE)


def handler(tg: Branchside) -> UpdateHandler:
    return UpdateHandler(tg.app.conversation, tg.app.codec, db=tg.app.uow)


def bot(tg: Branchside):
    return tg.adapter.application.bot


async def notify(tg: Branchside, notice: Notice) -> None:
    async with tg.app.uow() as uow:
        await uow.outbox.put(notice)
        await uow.commit()
    tg.adapter.delivery.wake()
    await tg.idle()


async def notice_row(tg: Branchside, kind: NoticeKind) -> NoticeRow:
    async with tg.app.engine.connect() as connection:
        rows = (await connection.execute(sa.select(NoticeRow).where(NoticeRow.kind == kind.value))).all()
    [row] = rows
    return row


def url_buttons(message: dict) -> list[tuple[str, str]]:
    return [(label, value) for row in Branchside.buttons(message) for label, value in row]


async def grant(tg: Branchside, name: str, role: Role) -> None:
    someone = await member(tg, name)
    async with tg.app.uow() as uow:
        await uow.members.grant(someone.branch_id, someone.id, role)
        await uow.commit()


class TestInviteLinks:
    async def test_the_closed_groups_link_is_made_once_asks_for_approval_and_is_kept(self, tg):
        circle = f"circle:{await branch_id(tg)}"
        reply = Reply("en", (Message.of("Come along", buttons=[[Button("Join the pådriver group", invite=circle)]]),))

        await handler(tg).send(bot(tg), tg.id("anna"), reply)
        await handler(tg).send(bot(tg), tg.id("frida"), reply)

        [made] = tg.api.calls_to("createChatInviteLink")
        assert made.params["chat_id"] == CIRCLE and made.params["creates_join_request"] is True
        url = made.result["invite_link"]
        assert url_buttons(tg.last(tg.id("anna"))) == [("Join the pådriver group", url)]
        assert url_buttons(tg.last(tg.id("frida"))) == [("Join the pådriver group", url)]
        assert (await circle_link(tg)).invite_link == url

    async def test_a_notice_uses_the_kept_link(self, tg):
        link = await circle_link(tg)
        async with tg.app.uow() as uow:
            await uow.branches.link(replace(link, invite_link="https://t.me/+kept"))
            await uow.commit()
        frida = await member(tg, "frida")

        await notify(tg, Notice(frida.id, frida.branch_id, NoticeKind.PADRIVER_DECIDED,
                                {"approved": True, "reason": "", "circle": True, "circle_title": "Fjordby pådrivere"},
                                tg.app.clock.now()))

        assert ("Join the pådriver group", "https://t.me/+kept") in url_buttons(tg.last(tg.id("frida")))
        assert tg.api.calls_to("createChatInviteLink") == []

    async def test_without_a_closed_group_the_invite_button_is_left_out_and_the_rest_stays(self, tg):
        async with tg.app.uow() as uow:
            await uow.branches.unlink(await branch_id(tg), ChatPurpose.CIRCLE, "telegram")
            await uow.commit()
        reply = Reply("en", (Message.of("Hello", buttons=[[Button("Join", invite=f"circle:{await branch_id(tg)}")],
                                                          [Button("Help", link="help")]]),))

        await handler(tg).send(bot(tg), tg.id("anna"), reply)

        assert [label for label, _url in url_buttons(tg.last(tg.id("anna")))] == ["Help"]
        assert tg.api.calls_to("createChatInviteLink") == []

    async def test_when_telegram_refuses_a_link_the_button_is_left_out(self, tg):
        tg.api.fail_next("createChatInviteLink", status=400,
                         description="Bad Request: not enough rights to manage chat invite links")
        reply = Reply("en", (Message.of("Hello", buttons=[[Button("Join", invite=f"circle:{await branch_id(tg)}")]]),))

        await handler(tg).send(bot(tg), tg.id("anna"), reply)

        last = tg.last(tg.id("anna"))
        assert last["text"] == "Hello" and "reply_markup" not in last
        assert (await circle_link(tg)).invite_link == ""


class TestJoinRequests:
    async def test_a_padriver_is_let_in_and_welcomed_privately_first(self, tg):
        await grant(tg, "anna", Role.PADRIVER)

        tg.api.join_request(tg.users["anna"], CIRCLE)
        await tg.api.wait_for("approveChatJoinRequest", chat_id=CIRCLE, user_id=tg.id("anna"))
        await tg.idle()

        assert tg.api.member_status(CIRCLE, tg.id("anna")) == "member"
        assert tg.texts(tg.id("anna"))[-1].startswith("Welcome to the pådrivere of Fjordby!")
        order = [c.method for c in tg.api.calls if c.method in ("sendMessage", "approveChatJoinRequest")]
        assert order == ["sendMessage", "approveChatJoinRequest"]

    async def test_a_stranger_is_declined_with_a_kind_message_they_can_read(self, tg):
        tg.api.user(STRANGER, "Sigrid", started=False)

        tg.api.join_request(STRANGER, CIRCLE)
        await tg.api.wait_for("declineChatJoinRequest", chat_id=CIRCLE, user_id=STRANGER)
        await tg.idle()

        [kind] = tg.texts(STRANGER)
        assert kind.startswith("Thank you for wanting to join the pådrivere of Fjordby!") and "/padriver" in kind
        assert tg.api.member_status(CIRCLE, STRANGER) == "left"
        assert not [c for c in tg.api.calls if c.error_code]

    async def test_a_request_decided_already_is_logged_not_raised(self, tg, caplog):
        caplog.set_level(logging.INFO, logger="bots.telegram")
        await grant(tg, "anna", Role.PADRIVER)
        update = tg.api.join_request(tg.users["anna"], CIRCLE)
        await tg.api.wait_for("approveChatJoinRequest")
        await tg.idle()

        tg.api.feed(chat_join_request=update["chat_join_request"])  # the same request again, under a new update id
        await tg.api.wait_for("approveChatJoinRequest", count=2)
        await tg.idle()

        refused = tg.api.calls_to("approveChatJoinRequest")[-1]
        assert refused.error_code == 400
        assert "could not finish approving the join request" in caplog.text
        assert "while handling a Telegram update" not in caplog.text

    async def test_a_request_to_a_group_that_is_not_ours_is_left_to_its_admins(self, tg):
        other = -1001000000009
        tg.api.group(other, "Another group")

        tg.api.join_request(tg.users["anna"], other)
        tg.api.send_text(tg.users["anna"], "/help")
        await tg.api.wait_for("sendMessage", chat_id=tg.id("anna"))
        await tg.idle()

        assert tg.api.join_requests(other) == {tg.id("anna")}
        assert tg.api.calls_to("approveChatJoinRequest") == tg.api.calls_to("declineChatJoinRequest") == []


class TestCircleAdmission:
    async def test_an_admission_sends_nothing_to_the_group_which_is_joined_by_asking(self, tg):
        anna = await member(tg, "anna")

        await notify(tg, Notice(None, anna.branch_id, NoticeKind.CIRCLE_ADMISSION, {"member_id": anna.id},
                                tg.app.clock.now(), audience=Audience.CIRCLE_CHAT))

        assert (await notice_row(tg, NoticeKind.CIRCLE_ADMISSION)).status == "sent"
        assert tg.api.messages_in(CIRCLE) == [] and tg.api.calls_to("sendMessage") == []


    async def test_an_events_reminder_to_the_group_sends_nothing_as_those_going_are_reminded_one_by_one(self, tg):
        await notify(tg, Notice(None, await branch_id(tg), NoticeKind.EVENT_REMINDER,
                                dict(event_id=1, title="Breakfast", starts_at="2026-06-01T08:00:00+00:00",
                                     ends_at="2026-06-01T09:00:00+00:00", place="Café", lead_minutes=120,
                                     timezone="Europe/Oslo", branch="Fjordby"),
                                tg.app.clock.now(), audience=Audience.CIRCLE_CHAT, topic="reminder:1:120:x"))

        assert (await notice_row(tg, NoticeKind.EVENT_REMINDER)).status == "sent"
        assert tg.api.messages_in(CIRCLE) == [] and tg.api.calls_to("sendMessage") == []


class TestCircleRemoval:
    async def test_a_removed_member_leaves_the_group_and_may_ask_again_later(self, tg):
        tg.api.add_member(CIRCLE, tg.users["anna"])
        anna = await member(tg, "anna")

        await notify(tg, Notice(None, anna.branch_id, NoticeKind.CIRCLE_REMOVAL, {"member_id": anna.id},
                                tg.app.clock.now(), audience=Audience.CIRCLE_CHAT))

        assert tg.api.member_status(CIRCLE, tg.id("anna")) == "left"
        [ban] = tg.api.calls_to("banChatMember")
        [unban] = tg.api.calls_to("unbanChatMember")
        assert (ban.params["chat_id"], ban.params["user_id"]) == (CIRCLE, tg.id("anna"))
        assert unban.params["only_if_banned"] is True
        assert tg.api.messages_in(CIRCLE) == []
        assert (await notice_row(tg, NoticeKind.CIRCLE_REMOVAL)).status == "sent"

    async def test_a_member_without_telegram_has_nothing_to_remove(self, tg):
        async with tg.app.uow() as uow:
            mailer = await uow.members.add(Member("Mailer", await branch_id(tg), "en", tg.app.clock.now()),
                                           Identity("email", "mailer@fjordby.example"))
            await uow.commit()

        await notify(tg, Notice(None, mailer.branch_id, NoticeKind.CIRCLE_REMOVAL, {"member_id": mailer.id},
                                tg.app.clock.now(), audience=Audience.CIRCLE_CHAT))

        assert tg.api.calls_to("banChatMember") == []
        assert (await notice_row(tg, NoticeKind.CIRCLE_REMOVAL)).status == "sent"

    async def test_someone_telegram_cannot_find_counts_as_removed(self, tg):
        async with tg.app.uow() as uow:
            ghost = await uow.members.add(Member("Ghost", await branch_id(tg), "en", tg.app.clock.now()),
                                          Identity("telegram", "987654"))
            await uow.commit()

        await notify(tg, Notice(None, ghost.branch_id, NoticeKind.CIRCLE_REMOVAL, {"member_id": ghost.id},
                                tg.app.clock.now(), audience=Audience.CIRCLE_CHAT))

        [ban] = tg.api.calls_to("banChatMember")
        assert ban.error_code == 400 and tg.api.calls_to("unbanChatMember") == []
        assert (await notice_row(tg, NoticeKind.CIRCLE_REMOVAL)).status == "sent"


class TestPicturesAndFiles:
    async def test_a_newsletter_with_a_picture_comes_as_a_photo_with_its_text_as_caption(self, tg):
        frida = await member(tg, "frida")

        await notify(tg, Notice(frida.id, frida.branch_id, NoticeKind.NEWSLETTER,
                                {"newsletter_id": 1, "text": "Summer party on Saturday & everyone is welcome",
                                 "image": {"url": PICTURE_URL}}, tg.app.clock.now()))

        [sent] = tg.api.calls_to("sendPhoto")
        assert sent.params["photo"] == PICTURE_URL
        last = tg.last(tg.id("frida"))
        assert last["caption"] == "Summer party on Saturday & everyone is welcome" and last["photo"]
        assert tg.api.calls_to("sendMessage") == []

    async def test_a_long_newsletter_sends_the_picture_first_then_the_text(self, tg):
        frida = await member(tg, "frida")
        text = "News. " + "There is a lot going on in Fjordby. " * 60

        await notify(tg, Notice(frida.id, frida.branch_id, NoticeKind.NEWSLETTER,
                                {"newsletter_id": 1, "text": text, "image": {"platform": "telegram",
                                                                             "file_id": "unknown-to-telegram"}},
                                tg.app.clock.now()))

        [photo] = tg.api.calls_to("sendPhoto")
        assert photo.error_code == 400  # a picture Telegram cannot find is left out, the text still goes
        [message] = tg.api.messages_in(tg.id("frida"))
        assert message["text"].startswith("News.") and len(message["text"]) > 1024
        assert (await notice_row(tg, NoticeKind.NEWSLETTER)).status == "sent"

    async def test_a_picture_from_another_platform_is_left_out(self, tg):
        frida = await member(tg, "frida")

        await notify(tg, Notice(frida.id, frida.branch_id, NoticeKind.NEWSLETTER,
                                {"newsletter_id": 1, "text": "Hello", "image": {"platform": "discord",
                                                                                "file_id": "123"}},
                                tg.app.clock.now()))

        assert tg.api.calls_to("sendPhoto") == []
        assert tg.texts(tg.id("frida")) == ["Hello"]

    async def test_a_file_comes_as_a_document_with_the_text_as_caption(self, tg):
        calendar = Attachment("event-7.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
        reply = Reply("en", (Message.of("Your calendar entry", attachment=calendar),))

        await handler(tg).send(bot(tg), tg.id("anna"), reply)

        last = tg.last(tg.id("anna"))
        assert last["caption"] == "Your calendar entry"
        assert (last["document"]["file_name"], last["document"]["mime_type"]) == ("event-7.ics", "text/calendar")
        assert tg.api.file_bytes(last["document"]["file_id"]) == calendar.data

    async def test_a_file_with_a_long_text_comes_after_the_text(self, tg):
        listing = Attachment("attendees.csv", "name\nÅse\n".encode(), "text/csv")
        reply = Reply("en", (Message.of("Attendees", "x " * 700, attachment=listing,
                                        buttons=[[Button("Open", link="e1")]]),))

        await handler(tg).send(bot(tg), tg.id("anna"), reply)

        text, document = tg.api.messages_in(tg.id("anna"))
        assert text["text"].startswith("Attendees") and url_buttons(text)[0][0] == "Open"
        assert "caption" not in document and document["document"]["file_name"] == "attendees.csv"

    async def test_a_private_photo_reaches_core_with_its_caption_and_largest_size(self, tg, monkeypatch):
        seen = []
        original = tg.app.conversation.handle

        async def spy(incoming):
            seen.append(incoming)
            return await original(incoming)

        monkeypatch.setattr(tg.app.conversation, "handle", spy)

        update = tg.api.send_photo(tg.users["anna"], caption="Our bench", width=2000, height=1500)
        await tg.api.wait_for("sendMessage", chat_id=tg.id("anna"))
        await tg.idle()

        [incoming] = seen
        largest = update["message"]["photo"][-1]["file_id"]
        assert incoming.image == {"platform": "telegram", "file_id": largest}
        assert incoming.text == "Our bench"

    async def test_a_photo_in_a_group_is_not_for_us(self, tg, monkeypatch):
        seen = []

        async def spy(incoming):
            seen.append(incoming)
            return Reply("en")

        monkeypatch.setattr(tg.app.conversation, "handle", spy)

        tg.api.send_photo(tg.users["anna"], caption="/help", chat=CIRCLE)
        tg.api.send_text(tg.users["anna"], "/help", chat=CIRCLE)  # handled after the photo: updates come in order
        for _ in range(250):
            if seen:
                break
            await asyncio.sleep(0.02)
        await tg.idle()

        assert [(i.text, i.image) for i in seen] == [("/help", None)]


class TestEditInPlace:
    async def answer_with(self, tg, monkeypatch, first: Message, image: dict | None = None) -> dict:
        token = tg.app.codec.encode(Action.OPEN_DREAM, 1)
        card = Message.of("Card", buttons=[[Button("Go", token)]], image=image)
        await handler(tg).send(bot(tg), tg.id("anna"), Reply("en", (card,)))
        card = tg.last(tg.id("anna"))

        async def answer(incoming):
            return Reply("en", (first, Message.of("And one more thing")))

        monkeypatch.setattr(tg.app.conversation, "handle", answer)
        await tg.press("anna", card, "Go")
        return card

    async def test_a_reply_that_replaces_edits_the_pressed_message_and_sends_the_rest(self, tg, monkeypatch):
        card = await self.answer_with(tg, monkeypatch, Message.of("Card, changed", replaces=True))

        first, second = tg.api.messages_in(tg.id("anna"))
        assert first["message_id"] == card["message_id"] and first["text"] == "Card, changed"
        assert second["text"] == "And one more thing"
        assert "reply_markup" not in first

    async def test_a_reply_that_does_not_replace_is_sent_anew(self, tg, monkeypatch):
        await self.answer_with(tg, monkeypatch, Message.of("Something else"))

        assert tg.texts(tg.id("anna")) == ["Card", "Something else", "And one more thing"]
        assert tg.api.calls_to("editMessageText") == []

    async def test_a_reply_with_a_picture_does_not_replace_a_text(self, tg, monkeypatch):
        await self.answer_with(tg, monkeypatch, Message.of("Look", image={"url": PICTURE_URL}, replaces=True))

        card, photo, more = tg.api.messages_in(tg.id("anna"))
        assert card["text"] == "Card" and photo["caption"] == "Look" and more["text"] == "And one more thing"

    async def test_a_picture_that_replaces_the_same_picture_has_its_caption_edited(self, tg, monkeypatch):
        kept = await bot(tg).send_photo(tg.id("bjorn"), png_bytes())
        picture = {"platform": "telegram", "file_id": kept.photo[-1].file_id}

        card = await self.answer_with(tg, monkeypatch, Message.of("Card, changed", image=picture, replaces=True),
                                      image=picture)

        first, second = tg.api.messages_in(tg.id("anna"))
        assert first["message_id"] == card["message_id"] and first["caption"] == "Card, changed"
        assert second["text"] == "And one more thing"
        assert len([c for c in tg.api.calls_to("sendPhoto") if c.params["chat_id"] == tg.id("anna")]) == 1
