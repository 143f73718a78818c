"""Digests and emails from the templates: each channel's markup, escaping, languages, and Telegram's limit."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from jinja2 import UndefinedError

import digests.rendering.environment as environment
from core.i18n import LANGUAGES
from core.i18n import catalog as real_catalog
from core.links import Links
from core.model.digests import DigestItem, DigestView
from core.model.notices import NoticeKind
from digests.rendering import digests, email
from digests.rendering.digests import TELEGRAM_LIMIT
from web import pages

MARKUP = '<b>x</b> & "q"'
TELEGRAM_TAGS = {"b", "i", "u", "a", "code", "blockquote"}
UNSUBSCRIBE = "https://bank.example.org/unsubscribe/TOKEN"
#: the one environment, over both folders, as the composition root builds it
ENVIRONMENT = environment.template_environment(environment.TEMPLATES, pages.TEMPLATES)


def render_digest(*args) -> list[str]:
    return digests.render_digest(ENVIRONMENT, *args)


def render_email(*args) -> email.RenderedEmail:
    return email.render_email(ENVIRONMENT, *args)


def render_page(template: str, language: str, **values) -> str:
    return pages.render_page(ENVIRONMENT, template, language, **values)


def a_digest(**changes) -> DigestView:
    view = dict(
        branch="Fjordby", timezone="Europe/Oslo", frequency="weekly",
        since="2026-05-04T07:00:00+00:00", until="2026-05-11T07:00:00+00:00",
        dreams=[DigestItem("dream:12", "A bench by the fjord", "Somewhere to sit and look at the boats", "d12",
                           count=3)],
        updates=[DigestItem("update:7", "The community garden", "The soil came today", "p5")],
        events=[DigestItem("event:3", "Summer party", "", "e3", at="2026-05-12T16:00:00+00:00", place="The library",
                           count=4)],
        calls=[DigestItem("call:4", "Painters wanted", "Bring a brush", "c4", count=2)])
    view.update(changes)
    return DigestView(**view)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.hrefs += [value for name, value in attrs if name == "href"]


def tags_of(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    return parser


class TestTelegram:
    def test_sections_items_the_event_time_in_the_branch_time_zone_and_deep_links(self):
        [text] = render_digest(a_digest(), "telegram", "en", Links.telegram("fjordby_bot"))

        assert text.startswith("<b>Your weekly digest from Fjordby</b>")
        for heading in ("New dreams", "Project updates", "Coming events", "Calls for help"):
            assert f"<b>{heading}</b>" in text
        assert '<a href="https://t.me/fjordby_bot?start=d12">A bench by the fjord</a> · 3 likes' in text
        assert "Tuesday 12 May, 18:00 · The library" in text  # 16:00 UTC is 18:00 in Oslo in May
        assert "4 places left" in text and "2 people needed" in text
        assert "<i>Somewhere to sit and look at the boats</i>" in text

    def test_only_tags_telegram_accepts_and_newlines_for_line_breaks(self):
        [text] = render_digest(a_digest(), "telegram", "en", Links.telegram("fjordby_bot"))

        assert tags_of(text).tags <= TELEGRAM_TAGS
        assert "<br" not in text and "\n" in text and "\x1e" not in text

    def test_markup_typed_by_people_is_escaped(self):
        view = a_digest(dreams=[DigestItem("dream:1", MARKUP, MARKUP, "d1")], branch="Fjord<by>")

        [text] = render_digest(view, "telegram", "en", Links.telegram("bot"))

        assert "&lt;b&gt;x&lt;/b&gt; &amp; &#34;q&#34;" in text and MARKUP not in text
        assert "Fjord&lt;by&gt;" in text
        assert tags_of(text).tags <= TELEGRAM_TAGS

    def test_a_long_digest_is_cut_between_items_into_parts_within_the_limit(self):
        dreams = [DigestItem(f"dream:{i}", f"Dream number {i}", "word " * 50, f"d{i}", count=i) for i in range(200)]

        parts = render_digest(a_digest(dreams=dreams), "telegram", "en", Links.telegram("bot"))

        assert len(parts) > 1 and all(0 < len(p) <= TELEGRAM_LIMIT for p in parts)
        assert all(p.startswith(("<b>", "• ")) for p in parts)  # every part begins a heading or an item
        joined = "\n".join(parts)
        assert all(f"start=d{i}\">Dream number {i}</a>" in joined for i in range(200))
        assert all(p.count("<a ") == p.count("</a>") and p.count("<i>") == p.count("</i>") for p in parts)

    def test_a_part_never_ends_on_a_section_heading(self):
        dreams = [DigestItem(f"dream:{i}", f"Dream {i}", "word " * 60, f"d{i}") for i in range(60)]

        parts = render_digest(a_digest(dreams=dreams), "telegram", "en", Links.telegram("bot"))

        assert not any(p.rstrip().endswith("</b></u>") for p in parts)


class TestConsole:
    def test_plain_text_with_commands_to_open_each_item(self):
        [text] = render_digest(a_digest(), "console", "en", Links.console())

        assert "== New dreams ==" in text and "== Coming events ==" in text
        assert "* A bench by the fjord (3 likes)" in text
        assert "/start d12" in text and "/start e3" in text and "https://" not in text
        assert "Tuesday 12 May, 18:00 · The library" in text

    def test_what_people_typed_shows_as_they_typed_it(self):
        view = a_digest(dreams=[DigestItem("dream:1", MARKUP, "", "d1")])

        [text] = render_digest(view, "console", "en", Links.console())

        assert f"* {MARKUP}" in text and "&lt;" not in text and "&amp;" not in text


class TestEmailParts:
    def test_email_text_has_telegram_links_when_the_bot_is_known_and_none_otherwise(self):
        [linked] = render_digest(a_digest(), "email_text", "en", Links.email("fjordby_bot"))
        [unlinked] = render_digest(a_digest(), "email_text", "en", Links.email(None))

        assert "https://t.me/fjordby_bot?start=d12" in linked and "/start" not in linked
        assert "http" not in unlinked and "/start" not in unlinked
        assert "A bench by the fjord (3 likes)" in unlinked

    def test_email_html_links_items_and_escapes_markup(self):
        view = a_digest(dreams=[DigestItem("dream:1", MARKUP, "", "d1")])

        [html] = render_digest(view, "email_html", "en", Links.email("fjordby_bot"))

        assert "<h2>New dreams</h2>" in html
        assert '<a href="https://t.me/fjordby_bot?start=d1">&lt;b&gt;x&lt;/b&gt; &amp; &#34;q&#34;</a>' in html
        assert "https://t.me/fjordby_bot?start=e3" in tags_of(html).hrefs
        assert "Tuesday 12 May, 18:00" in html

    def test_with_a_public_address_items_link_their_web_page_and_telegram_beside_it(self):
        [html] = render_digest(a_digest(), "email_html", "en", Links.email("fjordby_bot", "https://bank.example.org"))
        [text] = render_digest(a_digest(), "email_text", "en", Links.email("fjordby_bot", "https://bank.example.org"))
        [web_only] = render_digest(a_digest(), "email_html", "en", Links.email(None, "https://bank.example.org"))

        assert '<a href="https://bank.example.org/go/d12">A bench by the fjord</a>' in html
        assert "https://t.me/fjordby_bot?start=d12" in tags_of(html).hrefs and "in Telegram" in html
        assert "https://bank.example.org/go/e3" in text and "in Telegram: https://t.me/fjordby_bot?start=e3" in text
        assert "https://bank.example.org/go/e3" in tags_of(web_only).hrefs and "t.me" not in web_only

    def test_an_unknown_channel_is_refused(self):
        with pytest.raises(ValueError):
            render_digest(a_digest(), "carrier_pigeon", "en", Links.console())


class TestNorwegian:
    def test_times_are_written_the_norwegian_way(self):
        [text] = render_digest(a_digest(), "console", "nb", Links.console())

        assert "tirsdag 12. mai kl. 18:00 · The library" in text
        assert "mandag 4. mai – mandag 11. mai" in text

    def test_every_channel_and_every_mail_renders_in_bokmal(self):
        for channel, links in (("telegram", Links.telegram("bot")), ("console", Links.console()),
                               ("email_text", Links.email("bot")), ("email_html", Links.email(None))):
            assert render_digest(a_digest(), channel, "nb", links)[0]
        for kind, params in MAILS.items():
            mail = render_email(kind, params, "nb", Links.email("bot"), UNSUBSCRIBE)
            assert mail.subject and UNSUBSCRIBE in mail.text and 'lang="nb"' in mail.html

    def test_the_translation_comes_from_the_catalog_of_the_language(self, monkeypatch):
        class Bracketing:
            def gettext(self, message):
                return f"[{message}]"

            def ngettext(self, singular, plural, n):
                return f"[{singular if n == 1 else plural}]"

        monkeypatch.setattr(environment, "catalog",
                            lambda language: Bracketing() if language == "nb" else real_catalog(language))

        [english] = render_digest(a_digest(), "console", "en", Links.console())
        [norwegian] = render_digest(a_digest(), "console", "nb", Links.console())

        assert "== New dreams ==" in english and "== [New dreams] ==" in norwegian
        assert "[Your weekly digest from Fjordby]" in norwegian and "([3 likes])" in norwegian


MAILS = {
    NoticeKind.DIGEST: a_digest().to_params(),
    NoticeKind.NEWSLETTER: dict(newsletter_id=4, text=f"Dear neighbours,\n\n{MARKUP}\nsee you", author="Hanne",
                                branch="Fjordby", image={"url": "https://pictures.example.org/bench.jpg"}),
    NoticeKind.EVENT_REMINDER: dict(event_id=3, title="Summer party", starts_at="2026-05-12T16:00:00+00:00",
                                    ends_at="2026-05-12T19:30:00+00:00", place="The library",
                                    timezone="Europe/Oslo", branch="Fjordby", lead_minutes=1440),
    NoticeKind.EMAIL_CODE: dict(code="042917", branch="Fjordby", minutes=30),
    NoticeKind.SIGN_IN_LINK: dict(url="https://bank.example.org/signin/Tok3n_-x", branch="Fjordby", minutes=15),
}


class TestEmails:
    @pytest.mark.parametrize("kind", list(MAILS))
    def test_every_mail_ends_with_why_it_came_and_how_to_stop_it(self, kind):
        mail = render_email(kind, MAILS[kind], "en", Links.email("bot"), UNSUBSCRIBE)

        assert mail.text.rstrip().endswith(UNSUBSCRIBE) and "You get this email because" in mail.text
        assert UNSUBSCRIBE in tags_of(mail.html).hrefs and "You get this email because" in mail.html

    @pytest.mark.parametrize("kind", list(MAILS))
    def test_the_styles_are_inlined_into_the_elements(self, kind):
        mail = render_email(kind, MAILS[kind], "en", Links.email("bot"), UNSUBSCRIBE)

        assert "<style" not in mail.html and 'class="card" style="' in mail.html
        assert '<body style="' in mail.html

    def test_subjects_say_what_the_mail_is(self):
        subjects = {kind: render_email(kind, params, "en", Links.email("bot"), UNSUBSCRIBE).subject
                    for kind, params in MAILS.items()}

        assert subjects == {NoticeKind.DIGEST: "Your weekly digest from Fjordby",
                            NoticeKind.NEWSLETTER: "News from Fjordby",
                            NoticeKind.EVENT_REMINDER: "Reminder: Summer party, Tuesday 12 May, 18:00",
                            NoticeKind.EMAIL_CODE: "Your code for Fjordby: 042917",
                            NoticeKind.SIGN_IN_LINK: "Your link to sign in to Fjordby"}

    def test_the_sign_in_mail_gives_its_link_and_offers_to_stop_all_mail(self):
        mail = render_email(NoticeKind.SIGN_IN_LINK, MAILS[NoticeKind.SIGN_IN_LINK], "nb", Links.email(None),
                            UNSUBSCRIBE)

        assert "https://bank.example.org/signin/Tok3n_-x" in tags_of(mail.html).hrefs
        assert "https://bank.example.org/signin/Tok3n_-x" in mail.text and "innen 15 minutter" in mail.text

    def test_the_code_mail_offers_to_stop_all_mail(self):
        mail = render_email(NoticeKind.EMAIL_CODE, MAILS[NoticeKind.EMAIL_CODE], "en", Links.email(None), UNSUBSCRIBE)

        assert "/email 042917" in mail.text and "valid for 30 minutes" in mail.text
        assert f"Stop all email to this address: {UNSUBSCRIBE}" in mail.text

    def test_the_reminder_says_when_and_where_in_the_branch_time_zone(self):
        mail = render_email(NoticeKind.EVENT_REMINDER, MAILS[NoticeKind.EVENT_REMINDER], "en", Links.email("bot"),
                            UNSUBSCRIBE)

        assert "Tuesday 12 May, 18:00–21:30" in mail.text and "The library" in mail.text
        assert "It starts in 1 day." in mail.text and "https://t.me/bot?start=e3" in mail.text

    def test_with_a_public_address_the_reminder_opens_the_events_page_and_the_chat_beside_it(self):
        links = Links.email("bot", "https://bank.example.org")
        mail = render_email(NoticeKind.EVENT_REMINDER, MAILS[NoticeKind.EVENT_REMINDER], "en", links, UNSUBSCRIBE)

        assert tags_of(mail.html).hrefs[:2] == ["https://bank.example.org/go/e3", "https://t.me/bot?start=e3"]
        assert "Open the event: https://bank.example.org/go/e3" in mail.text
        assert "Open the event in the chat: https://t.me/bot?start=e3" in mail.text

    def test_the_newsletter_escapes_in_html_keeps_the_text_as_typed_and_shows_an_https_picture(self):
        mail = render_email(NoticeKind.NEWSLETTER, MAILS[NoticeKind.NEWSLETTER], "en", Links.email(None), UNSUBSCRIBE)

        assert f"{MARKUP}\nsee you" in mail.text
        assert '&lt;b&gt;x&lt;/b&gt; &amp; "q"<br>' in mail.html and "<b>x</b>" not in mail.html
        assert 'src="https://pictures.example.org/bench.jpg"' in mail.html

    @pytest.mark.parametrize("image", [{}, {"file_id": "AgACAgQ"}, {"url": "http://plain.example.org/x.jpg"}])
    def test_a_picture_mail_cannot_show_is_left_out(self, image):
        params = {**MAILS[NoticeKind.NEWSLETTER], "image": image}

        mail = render_email(NoticeKind.NEWSLETTER, params, "en", Links.email(None), UNSUBSCRIBE)

        assert "<img" not in mail.html

    def test_a_missing_parameter_raises_instead_of_leaving_a_hole(self):
        params = {k: v for k, v in MAILS[NoticeKind.EVENT_REMINDER].items() if k != "title"}

        with pytest.raises(UndefinedError):
            render_email(NoticeKind.EVENT_REMINDER, params, "en", Links.email(None), UNSUBSCRIBE)

    def test_a_kind_that_is_not_mailed_is_refused(self):
        with pytest.raises(ValueError):
            render_email(NoticeKind.ROLE_GRANTED, {"role": "board"}, "en", Links.email(None), UNSUBSCRIBE)


class TestPages:
    def test_the_unsubscribe_page_escapes_and_renders_in_each_language(self):
        for language in LANGUAGES:
            page = render_page("unsubscribe/done.html", language, topic="digest", undo_url='t"/undo')
            assert f'lang="{language}"' in page and 'action="t&#34;/undo"' in page


class TestTemplates:
    def test_every_template_compiles(self):
        names = ENVIRONMENT.list_templates()

        assert len(names) > 10
        for name in names:
            ENVIRONMENT.get_template(name)

    def test_every_sentence_rendered_is_one_the_extractor_finds(self, monkeypatch):
        """The environment's trimming matches babel.cfg's, so translators see the msgids that are looked up."""
        asked: set[str] = set()

        class Recording:
            def gettext(self, message):
                asked.add(message)
                return message

            def ngettext(self, singular, plural, n):
                asked.add(singular)
                return singular if n == 1 else plural

        monkeypatch.setattr(environment, "catalog", lambda language: Recording())
        for channel, links in (("telegram", Links.telegram("b")), ("console", Links.console()),
                               ("email_text", Links.email("b")), ("email_html", Links.email("b"))):
            render_digest(a_digest(frequency="daily"), channel, "en", links)
            render_digest(a_digest(dreams=[], updates=[], events=[], calls=[]), channel, "en", links)
        for kind, params in MAILS.items():
            render_email(kind, params, "en", Links.email("b"), UNSUBSCRIBE)
        for topic in ("digest", "newsletters", "reminders", "all"):
            render_page("unsubscribe/done.html", "en", topic=topic, undo_url="x")
            render_page("unsubscribe/undone.html", "en", topic=topic, restored=topic != "all")
        render_page("unsubscribe/invalid.html", "en")

        extracted = {message[0] if isinstance(message, tuple) else message
                     for folder in (environment.TEMPLATES, pages.TEMPLATES)
                     for _file, _line, message, _comments, _context in extract_from_dir(
                         Path(folder), method_map=[("**", "jinja2")],
                         options_map={"**": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}})}
        assert asked and asked <= extracted
