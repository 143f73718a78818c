"""Text is translated late, and what people typed is escaped for the channel."""

import html

from core.i18n import _, join, ngettext, supported, translate


class TestTranslate:
    def test_parameters_are_escaped_but_the_sentence_is_not(self):
        text = _("Your dream “{title}” was approved.", title="<b>Bench</b>")

        assert translate(text, "en", html.escape) == "Your dream “&lt;b&gt;Bench&lt;/b&gt;” was approved."

    def test_nested_texts_are_translated_in_the_same_language(self):
        text = _("Needs: {needs}", needs=join([_("time"), _("money")]))

        assert translate(text, "nb") == "Behov: tid, penger"

    def test_plurals_follow_the_count(self):
        assert translate(ngettext("{count} like", "{count} likes", 1), "en") == "1 like"
        assert translate(ngettext("{count} like", "{count} likes", 3), "nb") == "3 liker"

    def test_braces_typed_by_a_person_are_not_read_as_placeholders(self):
        assert translate(_("Title: {title}", title="{0.__class__}"), "en") == "Title: {0.__class__}"


class TestSupported:
    def test_telegram_language_codes_map_to_our_catalogs(self):
        assert [supported(c) for c in ("nb", "no", "nn-NO", "en-GB", "de", None)] == ["nb", "nb", "nb", "en", None,
                                                                                       None]
