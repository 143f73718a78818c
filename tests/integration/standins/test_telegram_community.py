"""The Bot API stand-in's photos, join requests and removals, checked with the real python-telegram-bot library."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.constants import MessageEntityType, ParseMode
from telegram.error import BadRequest, Forbidden

from tests.integration.standins.test_telegram import ANNA, GROUP, TOKEN, bot_for
from tests.standins.telegram import BotApiStandIn, Upload, image_size, png_bytes

STRANGER = 2002


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


@pytest.fixture
async def api(time: FakeTime) -> AsyncIterator[BotApiStandIn]:
    async with BotApiStandIn(token=TOKEN, username="fjordby_bot", clock=time) as stand_in:
        stand_in.user(ANNA, "Anna", language_code="nb")
        stand_in.user(STRANGER, "Sigrid", started=False)
        stand_in.group(GROUP, "Pådrivere i Fjordby")
        yield stand_in


@pytest.fixture
async def bot(api: BotApiStandIn) -> AsyncIterator[Bot]:
    async with bot_for(api) as bot:
        yield bot


class TestSendPhoto:
    async def test_an_uploaded_photo_comes_back_in_sizes_with_its_caption(self, api, bot):
        picture = png_bytes(1600, 1200)

        sent = await bot.send_photo(ANNA, InputFile(picture, filename="benk.png"), caption="<b>Benken</b> er klar",
                                    parse_mode=ParseMode.HTML)

        assert [(p.width, p.height) for p in sent.photo] == [(90, 68), (320, 240), (800, 600), (1280, 960)]
        assert sent.caption == "Benken er klar"
        assert sent.caption_entities[0].type == MessageEntityType.BOLD
        assert api.file_bytes(sent.photo[-1].file_id) == picture
        upload = api.calls_to("sendPhoto")[0].params["photo"]
        assert isinstance(upload, Upload) and upload.filename == "benk.png"

    async def test_a_photo_sent_again_by_any_sizes_file_id_keeps_its_sizes(self, api, bot):
        first = await bot.send_photo(ANNA, png_bytes(640, 480))

        again = await bot.send_photo(ANNA, first.photo[0].file_id)

        assert [p.file_id for p in again.photo] == [p.file_id for p in first.photo]
        assert api.last_message(ANNA)["photo"] == api.photo_sizes(first.photo[-1].file_id)

    async def test_a_url_is_taken_without_fetching_and_the_same_url_gives_the_same_photo(self, api, bot):
        url = "https://fjordby.example/bilder/benk.jpg?v=2"

        one = await bot.send_photo(ANNA, url, reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton("Åpne", url="https://fjordby.example")]]))
        two = await bot.send_photo(ANNA, url)

        assert one.photo[-1].file_id == two.photo[-1].file_id
        assert one.reply_markup.inline_keyboard[0][0].text == "Åpne"

    @pytest.mark.parametrize("photo, description", [
        ("not-a-file-id", "Wrong file identifier/http url specified"),
        (b"plain text, not a picture", "Image_process_failed"),
        (png_bytes(9000, 2000), "Photo_invalid_dimensions"),
        (png_bytes(2100, 100), "Photo_invalid_dimensions"),
    ])
    async def test_what_is_not_a_usable_photo_is_refused(self, bot, photo, description):
        with pytest.raises(BadRequest) as refused:
            await bot.send_photo(ANNA, photo)

        assert refused.value.message == description

    async def test_a_caption_is_limited_to_1024_characters_after_parsing(self, bot):
        fits = "<b>" + "a" * 1024 + "</b>"

        sent = await bot.send_photo(ANNA, png_bytes(), caption=fits, parse_mode=ParseMode.HTML)

        assert len(sent.caption) == 1024
        with pytest.raises(BadRequest, match="Message caption is too long"):
            await bot.send_photo(ANNA, png_bytes(), caption="a" * 1025)
        with pytest.raises(BadRequest, match="Can't parse entities"):
            await bot.send_photo(ANNA, png_bytes(), caption="<b>open", parse_mode=ParseMode.HTML)

    async def test_a_photo_and_a_document_cannot_stand_in_for_each_other(self, bot):
        photo = await bot.send_photo(ANNA, png_bytes())
        document = await bot.send_document(ANNA, b"id;name\n", filename="list.csv")

        with pytest.raises(BadRequest, match="Type of file mismatch"):
            await bot.send_document(ANNA, photo.photo[-1].file_id)
        with pytest.raises(BadRequest, match="Type of file mismatch"):
            await bot.send_photo(ANNA, document.document.file_id)

    async def test_a_photos_caption_is_edited_but_its_text_cannot_be(self, bot):
        sent = await bot.send_photo(ANNA, png_bytes(), caption="før")

        edited = await bot.edit_message_caption(chat_id=ANNA, message_id=sent.message_id, caption="etter")

        assert edited.caption == "etter" and edited.photo[-1].file_id == sent.photo[-1].file_id
        with pytest.raises(BadRequest, match="There is no text in the message to edit"):
            await bot.edit_message_text("tekst", ANNA, sent.message_id)
        text = await bot.send_message(ANNA, "tekst")
        with pytest.raises(BadRequest, match="There is no caption in the message to edit"):
            await bot.edit_message_caption(chat_id=ANNA, message_id=text.message_id, caption="x")


class TestPeoplesPhotos:
    async def test_a_person_sends_a_photo_the_bot_can_download_and_send_on(self, api, bot):
        api.send_photo(ANNA, caption="Se her", width=1024, height=768)

        [update] = await bot.get_updates()

        message = update.message
        assert message.caption == "Se her" and message.text is None
        assert [(p.width, p.height) for p in message.photo][-1] == (1024, 768)
        largest = message.photo[-1]
        downloaded = bytes(await (await bot.get_file(largest.file_id)).download_as_bytearray())
        assert image_size(downloaded) == (1024, 768)
        forwarded = await bot.send_photo(GROUP, largest.file_id)
        assert forwarded.photo[-1].file_id == largest.file_id

    async def test_a_command_in_a_caption_is_marked_as_one(self, api, bot):
        api.send_photo(ANNA, caption="/newsletter Sommerfest")

        [update] = await bot.get_updates()

        assert update.message.caption_entities[0].type == MessageEntityType.BOT_COMMAND


class TestJoinRequests:
    async def test_someone_who_never_started_the_bot_is_written_to_only_while_asking_to_join(self, api, bot, time):
        with pytest.raises(Forbidden, match="bot can't initiate conversation with a user"):
            await bot.send_message(STRANGER, "hei")

        api.join_request(STRANGER, GROUP)
        await bot.send_message(STRANGER, "Takk for at du vil være med!")
        await bot.decline_chat_join_request(GROUP, STRANGER)

        with pytest.raises(Forbidden):
            await bot.send_message(STRANGER, "hei igjen")

    async def test_the_chance_to_write_to_a_requester_ends_after_five_minutes(self, api, bot, time):
        api.join_request(STRANGER, GROUP)
        time.now += 301

        with pytest.raises(Forbidden):
            await bot.send_message(STRANGER, "for sent")
        assert api.join_requests(GROUP) == {STRANGER}

    async def test_writing_to_the_bot_starts_the_chat(self, api, bot):
        api.send_text(STRANGER, "/start")

        await bot.send_message(STRANGER, "Velkommen")

    async def test_approving_makes_a_member_and_needs_a_pending_request(self, api, bot):
        with pytest.raises(BadRequest, match="Hide_requester_missing"):
            await bot.approve_chat_join_request(GROUP, ANNA)

        api.join_request(ANNA, GROUP)
        assert await bot.approve_chat_join_request(GROUP, ANNA)

        assert (await bot.get_chat_member(GROUP, ANNA)).status == "member"
        assert api.join_requests(GROUP) == set()

    async def test_a_links_pending_count_follows_its_own_requests(self, api, bot):
        ours = await bot.create_chat_invite_link(GROUP, name="Pådrivere", creates_join_request=True)
        other = await bot.create_chat_invite_link(GROUP, name="Andre", creates_join_request=True)
        api.join_request(ANNA, GROUP, invite_link=ours.invite_link)
        api.join_request(STRANGER, GROUP, invite_link=other.invite_link)

        await bot.decline_chat_join_request(GROUP, STRANGER)

        counts = {link["name"]: link.get("pending_join_request_count", 0) for link in api.invite_links(GROUP)}
        assert counts == {"Pådrivere": 1, "Andre": 0}

    async def test_a_member_or_a_banned_person_cannot_ask_to_join(self, api, bot):
        api.add_member(GROUP, ANNA)
        with pytest.raises(ValueError, match="already"):
            api.join_request(ANNA, GROUP)

        await bot.ban_chat_member(GROUP, STRANGER)
        with pytest.raises(ValueError, match="banned"):
            api.join_request(STRANGER, GROUP)


class TestRemoval:
    async def test_ban_then_unban_if_banned_leaves_the_person_free_to_ask_again(self, api, bot):
        api.add_member(GROUP, ANNA)

        assert await bot.ban_chat_member(GROUP, ANNA)
        assert (await bot.get_chat_member(GROUP, ANNA)).status == "kicked"
        assert await bot.unban_chat_member(GROUP, ANNA, only_if_banned=True)

        assert (await bot.get_chat_member(GROUP, ANNA)).status == "left"
        api.join_request(ANNA, GROUP)
        assert api.join_requests(GROUP) == {ANNA}

    async def test_unban_only_if_banned_leaves_a_member_in_and_without_it_removes_them(self, api, bot):
        api.add_member(GROUP, ANNA)

        await bot.unban_chat_member(GROUP, ANNA, only_if_banned=True)
        assert api.member_status(GROUP, ANNA) == "member"
        await bot.unban_chat_member(GROUP, ANNA)
        assert api.member_status(GROUP, ANNA) == "left"

    async def test_banning_someone_telegram_does_not_know_or_an_admin_is_refused(self, api, bot):
        api.user(3003, "Admin")
        api.add_member(GROUP, 3003, status="administrator")

        with pytest.raises(BadRequest, match="Participant_id_invalid"):
            await bot.ban_chat_member(GROUP, 987654)
        with pytest.raises(BadRequest, match="User is an administrator of the chat"):
            await bot.ban_chat_member(GROUP, 3003)
        with pytest.raises(BadRequest, match="Invalid user_id specified"):
            await bot.ban_chat_member(GROUP, 0)

    async def test_banning_cancels_a_pending_join_request(self, api, bot):
        api.join_request(ANNA, GROUP)

        await bot.ban_chat_member(GROUP, ANNA)

        assert api.join_requests(GROUP) == set()
        with pytest.raises(BadRequest, match="Hide_requester_missing"):
            await bot.approve_chat_join_request(GROUP, ANNA)
