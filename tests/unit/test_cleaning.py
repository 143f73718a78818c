"""Cleaning what people type and what platforms call them: deceiving invisibles go, scripts and emoji stay."""

import pytest

from core.chat.conversation import Conversation, Incoming
from core.cleaning import clean_name
from core.dialogs.forms import clean as clean_text  # what every typed answer goes through
from core.i18n import translate
from core.model.branches import ChatLink, ChatPurpose
from core.model.members import Identity
from core.usecases.chats import link_chat
from core.usecases.members import member_for
from tests.factories import make_village
from tests.unit.test_conversation import codec


class TestWhatStays:
    @pytest.mark.parametrize("text", [
        "🏳️\u200d🌈",                 # rainbow flag: white flag, VS16, ZWJ, rainbow
        "👩\u200d🚀",                  # woman astronaut
        "👨\u200d👩\u200d👧\u200d👦",    # family
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # the flag of Scotland, in tags
        "می\u200cخواهم",               # Persian: the non-joiner is part of the spelling
        "क्\u200dष",                    # Devanagari: a joiner asks for a half form
        "שלום (עולם)\u200f!",          # Hebrew: the right-to-left mark puts the ! where it belongs
        "C++\u200e",                    # a left-to-right mark after Latin in right-to-left text
        "١٢٣\u061c-٤",                 # Arabic: the Arabic letter mark keeps the numbers apart
        "Bjørn Ødegård, Åse",
        "first line\n\tindented second line",
    ])
    def test_what_a_script_or_an_emoji_needs_is_kept(self, text):
        assert clean_text(text) == text


class TestWhatGoes:
    @pytest.mark.parametrize(("typed", "kept"), [
        ("my\u202egnp.exe", "mygnp.exe"),          # right-to-left override
        ("\u202aembedded\u202c", "embedded"),      # embedding and its pop
        ("a\u2066b\u2067c\u2068d\u2069", "abcd"),  # isolates
        ("\ufeffbom", "bom"),
        ("word\u2060joiner", "wordjoiner"),
        ("f\u2061(x)\u2062y\u2063z\u2064", "f(x)yz"),
        ("zero\u200bwidth", "zerowidth"),
        ("soft\u00adhyphen", "softhyphen"),
        ("red\x1b[31m text\x07", "red[31m text"),  # escape and bell
        ("nul\x00 and del\x7f and c1\x9b", "nul and del and c1"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("non\ufdd0chars\ufffe\U0001ffff\U0010ffff", "nonchars"),
        ("\U000e0001language tag", "language tag"),
        ("a\x0bb\x0cc", "abc"),
    ])
    def test_invisible_controls_that_can_deceive_are_removed(self, typed, kept):
        assert clean_text(typed) == kept

    def test_carriage_returns_and_separators_become_newlines(self):
        assert clean_text("one\r\ntwo\rthree\u2028four\u2029five\x85six") == "one\ntwo\nthree\nfour\nfive\nsix"

    def test_a_name_is_one_line_within_its_limit(self):
        assert clean_name("  Anna\u202e\n\tNordmann\u200b  ", 64) == "Anna Nordmann"
        assert clean_name("Åse " * 30, 10) == "Åse Åse Ås"
        assert clean_name("👩\u200d🚀 Dag", 64) == "👩\u200d🚀 Dag"


class TestWhereTextEnters:
    async def test_a_display_name_from_a_platform_is_cleaned(self, db):
        village = await make_village(db)
        async with db() as uow:
            member, new = await member_for(uow, village.clock, Identity("telegram", "77"),
                                           "Mallory\u202e\u2066 nimdA", village.branch.id)

        assert new and member.display_name == "Mallory nimdA"

    async def test_a_name_of_nothing_but_invisibles_falls_back_to_the_platform_id(self, db):
        village = await make_village(db)
        async with db() as uow:
            member, _new = await member_for(uow, village.clock, Identity("telegram", "78"), "\u202e\u200b\ufeff",
                                            village.branch.id)

        assert member.display_name == "78"

    async def test_a_chat_title_is_cleaned_when_it_is_linked(self, db):
        village = await make_village(db)
        async with db() as uow:
            await link_chat(uow, village.clock, None, ChatLink(village.branch.id, ChatPurpose.BOARD, "telegram",
                                                               "-100123", "Board\u202e draob\n"))
            linked = await uow.branches.linked_chat("telegram", "-100123")

        assert linked.title == "Board draob"

    async def test_a_typed_command_is_cleaned_before_it_is_read(self, db):
        village = await make_village(db)
        conversation = Conversation(db, village.clock, codec)

        reply = await conversation.handle(Incoming(Identity("test", "anna"), "Anna", text="\ufeff/help\u200b"))

        assert translate(reply.messages[0].lines[0], "en") == "What you can do:"
