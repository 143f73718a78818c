"""Numbers in sentences take the right plural form, and a preview speaks of the future as the future."""

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from core.chat.buttons import ButtonCodec
from core.chat.notices import compose
from core.dialogs.newsletters import NEWSLETTER
from core.dialogs.forms import Field, FieldKind, Invalid
from core.i18n import _, translate
from core.model.notices import Notice, NoticeKind

ROOT = Path(__file__).resolve().parents[2]
codec = ButtonCodec(b"wording-test-secret-of-some-length")
#: a placeholder right before a counted noun: "{max} characters", "{hours} hours", "{n} days"
COUNTED = re.compile(r"\{\w+\} (characters?|likes?|offers? of help|hours?|days?|minutes?|people|persons?|competences?|"
                     r"answers?|members?|places?|votes?|dreams?|events?|calls?)\b")


def singular_sentences() -> list[str]:
    """Every sentence in the code that was written without a plural form."""
    found = []
    options = {"templates/**": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
    for folder in ("core", "bots", "digests"):
        for _file, _line, message, _comments, _context in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "python"), ("templates/**", "jinja2")], options_map=options,
                keywords={"_": None, "gettext": None, "ngettext": (1, 2)}):
            if isinstance(message, str):
                found.append(message)
    return found


def lines_of(message, language="en") -> list[str]:
    return [translate(line, language) for line in message.lines]


class TestPluralForms:
    def test_no_sentence_counts_something_without_a_plural_form(self):
        counted = sorted(s for s in singular_sentences() if COUNTED.search(s))

        assert counted == []

    @pytest.mark.parametrize(("language", "expected"), [("en", "Please write at least 1 character."),
                                                        ("nb", "Skriv minst 1 tegn.")])
    def test_a_minimum_of_one_character_is_said_in_the_singular(self, language, expected):
        field = Field("name", FieldKind.TEXT, _("Your name?"), min_length=1)

        with pytest.raises(Invalid) as refused:
            field.parse("   ")

        assert translate(refused.value.reason, language) == expected

    def test_a_withdrawal_request_counts_one_like_and_two_offers_of_help(self):
        notice = Notice(3, 1, NoticeKind.WITHDRAWAL_REQUESTED,
                        dict(review_id=4, dream_id=5, owner="Anna", title="Benches", likes=1, pledges=2),
                        datetime(2027, 5, 1, tzinfo=timezone.utc))

        shown = lines_of(compose(codec, notice))

        assert "1 like, 2 offers of help so far." in shown


class TestNewsletterPreview:
    def test_a_newsletter_for_later_is_shown_as_to_be_sent(self):
        shown = [translate(line, "en") for line in NEWSLETTER.summary(
            {"text": "Hello", "audience": "all", "send_at": "2027-06-01T09:00"})]

        assert "To be sent: 2027-06-01 09:00" in shown
        assert not any(line.startswith("Sent") for line in shown)

    def test_a_newsletter_without_a_time_is_shown_as_going_at_once(self):
        shown = [translate(line, "nb") for line in NEWSLETTER.summary({"text": "Hei", "audience": "all"})]

        assert "Sendes: med en gang" in shown
