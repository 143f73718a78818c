"""Telegram rendering of pictures, files and invite buttons: captions when they fit, separate messages when not."""

from core.chat.replies import Attachment, Button, Message
from bots.telegram.render import fits_caption, photo_of, render

CALENDAR = Attachment("event-1.ics", b"BEGIN:VCALENDAR", "text/calendar")


class TestPictures:
    def test_a_short_text_is_the_pictures_caption_with_the_buttons(self):
        message = Message.of("Summer party", buttons=[[Button("Go", "o.1")]], image={"url": "https://x.example/a.jpg"})

        [part] = render(message, "en", "bot")

        assert (part.photo, part.text) == ("https://x.example/a.jpg", "<b>Summer party</b>")
        assert part.keyboard is not None

    def test_a_long_text_follows_the_picture_and_keeps_the_buttons(self):
        message = Message.of("Title", "word " * 300, buttons=[[Button("Go", "o.1")]],
                             image={"platform": "telegram", "file_id": "AgAC"})

        photo, text = render(message, "en", "bot")

        assert (photo.photo, photo.text, photo.keyboard) == ("AgAC", "", None)
        assert text.is_text and text.text.startswith("<b>Title</b>") and text.keyboard is not None

    def test_a_picture_kept_by_another_platform_is_left_out(self):
        assert photo_of({"platform": "discord", "file_id": "123"}) is None
        assert photo_of({"platform": "discord", "file_id": "123", "url": "https://x.example/b.png"}) == \
            "https://x.example/b.png"

        [part] = render(Message.of("Hi", image={"platform": "discord", "file_id": "1"}), "en", "bot")

        assert part.is_text


class TestFiles:
    def test_a_short_text_is_the_files_caption(self):
        [part] = render(Message.of("Your calendar", attachment=CALENDAR), "en", "bot")

        assert part.document == CALENDAR and part.text == "<b>Your calendar</b>"

    def test_a_long_text_comes_before_the_file(self):
        text, document = render(Message.of("Attendees", "x " * 600, attachment=CALENDAR), "en", "bot")

        assert text.is_text and (document.document, document.text) == (CALENDAR, "")

    def test_the_caption_limit_counts_what_is_shown_not_the_markup(self):
        shown = "&amp;" * 1024

        assert fits_caption(f"<b>{shown}</b>")
        assert not fits_caption(shown + "a")


class TestInviteButtons:
    def test_an_invite_opens_its_url_and_one_without_a_url_is_left_out(self):
        message = Message.of("Join", buttons=[[Button("Group", invite="circle:1")],
                                              [Button("Other", invite="circle:2"), Button("Help", link="h")]])

        [part] = render(message, "en", "bot", invites={"circle:1": "https://t.me/+abc"})

        rows = part.keyboard.inline_keyboard
        assert [[(b.text, b.url) for b in row] for row in rows] == [
            [("Group", "https://t.me/+abc")], [("Help", "https://t.me/bot?start=h")]]

    def test_a_message_whose_only_button_is_an_unresolved_invite_has_no_keyboard(self):
        [part] = render(Message.of("Join", buttons=[[Button("Group", invite="circle:1")]]), "en", "bot")

        assert part.keyboard is None
