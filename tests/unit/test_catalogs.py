"""Every sentence in the code is translated, with the same placeholders, and compiled."""

import gettext
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from core.i18n import LANGUAGES, LOCALE_DIR

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}
#: templates are read as babel.cfg reads them, with the same trimming the runtime looks strings up with
TEMPLATES = ("templates/**", "jinja2")
TEMPLATE_OPTIONS = {"templates/**": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}


def source_messages() -> set[str]:
    found: set[str] = set()
    for folder in ("core", "bots", "digests", "web"):
        if not (ROOT / folder).exists():
            continue
        for _file, _line, message, _comments, _context in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "python"), TEMPLATES], options_map=TEMPLATE_OPTIONS,
                keywords=KEYWORDS):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


TRANSLATED = [code for code in LANGUAGES if code != "en"]


@pytest.mark.parametrize("language", TRANSLATED)
class TestCatalog:
    def _po(self, language):
        with open(LOCALE_DIR / language / "LC_MESSAGES" / "dreambank.po", "rb") as f:
            return read_po(f)

    def test_every_sentence_in_the_code_is_translated(self, language):
        catalog = self._po(language)
        missing = sorted(m for m in source_messages() if m not in catalog or catalog[m].fuzzy
                         or not all(catalog[m].string if isinstance(catalog[m].string, tuple) else [catalog[m].string]))

        assert missing == []

    def test_translations_keep_the_placeholders_of_the_original(self, language):
        wrong = []
        for message in self._po(language):
            if not message.id or not message.string:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            expected = set().union(*(placeholders(i) for i in ids))
            for s in strings:
                if placeholders(s) - expected:
                    wrong.append((ids[0], s))

        assert wrong == []

    def test_the_compiled_catalog_matches_the_source_catalog(self, language):
        with open(LOCALE_DIR / language / "LC_MESSAGES" / "dreambank.mo", "rb") as f:
            compiled = gettext.GNUTranslations(f)
        stale = [m.id for m in self._po(language) if m.id and m.string and not isinstance(m.id, tuple)
                 and compiled.gettext(m.id) != m.string]

        assert stale == []
