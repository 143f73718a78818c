"""Telegram HTML: what people typed is escaped, long text is split within the limit, buttons fit."""

from core.chat.replies import Button, Message
from core.i18n import _
from bots.telegram.render import render, split


class TestRender:
    def test_markup_in_a_title_is_escaped_and_the_heading_is_bold(self):
        message = Message.of(_("💭 {title}", title="<b>Free</b> & <a href='x'>beer</a>"), "a < b")

        [part] = render(message, "en", "fjordby_bot")

        assert part.text == "<b>💭 &lt;b&gt;Free&lt;/b&gt; &amp; &lt;a href='x'&gt;beer&lt;/a&gt;</b>\na &lt; b"

    def test_link_buttons_open_the_bot_and_share_buttons_offer_the_link(self):
        message = Message.of("x", buttons=[[Button("Help", link="p7"), Button("Share", link="d7", share=True)]])

        [part] = render(message, "en", "fjordby_bot")

        help_, share = part.keyboard.inline_keyboard[0]
        assert help_.url == "https://t.me/fjordby_bot?start=p7"
        assert share.url == "https://t.me/share/url?url=https%3A%2F%2Ft.me%2Ffjordby_bot%3Fstart%3Dd7"

    def test_with_a_public_address_a_share_button_shares_the_web_page_and_the_others_still_open_the_bot(self):
        message = Message.of("x", buttons=[[Button("Help", link="p12"), Button("Share", link="d12", share=True)]])

        [part] = render(message, "en", "fjordby_bot", public_url="https://bank.example.org")

        help_, share = part.keyboard.inline_keyboard[0]
        assert help_.url == "https://t.me/fjordby_bot?start=p12"
        assert share.url == "https://t.me/share/url?url=https%3A%2F%2Fbank.example.org%2Fgo%2Fd12"

    def test_a_long_message_is_split_and_only_the_last_part_has_the_buttons(self):
        story = "\n".join(f"Line {i}: " + "word " * 30 for i in range(60))
        message = Message.of("Title", story, buttons=[[Button("Like", "l.1.x")]])

        parts = render(message, "en", "bot")

        assert len(parts) == 3 and all(len(p.text) <= 4096 for p in parts)
        assert [p.keyboard is not None for p in parts] == [False, False, True]
        assert "".join(p.text for p in parts).count("Line ") == 60


class TestSplit:
    def test_a_line_without_spaces_is_cut_outside_entities(self):
        text = "&amp;" * 1000

        parts = split(text, 4096)

        assert all(p.endswith(";") for p in parts) and "".join(parts) == text

    def test_short_text_is_left_whole(self):
        assert split("hello", 4096) == ["hello"]
