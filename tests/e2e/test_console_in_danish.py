"""A member who speaks Danish deposits a dream and sees it in the bank, all in Danish, in the console."""

from __future__ import annotations

import pytest

from .test_console_chat import chat

IN_DANISH = """\
/as anna
/language
3
/deposit
En læsebænk ved biblioteket
En bænk med en lille hylde bøger, som børn og voksne kan dele.
tid, materialer
Nogle planker og en vandtæt kasse
ja
ja
ja
26
/as bjorn
30
/as cecilie
34
/as anna
/bank
/whoami
/quit
"""


@pytest.fixture(scope="module")
def transcript(tmp_path_factory) -> str:
    return chat(tmp_path_factory.mktemp("danish"), IN_DANISH)


class TestAConversationInDanish:
    """A member who chooses Danish deposits a dream, typing the options and answers in Danish, hears the
    board's approval and finds the dream in the bank, all in Danish; the board, in English, is unaffected."""

    def test_the_dream_is_deposited_in_danish(self, transcript):
        assert "Dejligt — lad os sætte ord på din drøm." in transcript
        assert "Din drøm — trin 3 af 7" in transcript
        assert "Er drømmen almennyttig — ingen tjener penge på den?" in transcript
        assert "Behov: tid, materialer" in transcript
        assert "[26] Indsæt min drøm" in transcript
        assert "Tak! »En læsebænk ved biblioteket« er indsat (nr. 6)." in transcript

    def test_the_approval_and_the_bank_speak_danish(self, transcript):
        anna = transcript[transcript.rindex("You are now anna."):]

        assert "🎉 Din drøm »En læsebænk ved biblioteket« er godkendt og er nu i banken!" in anna
        assert "Drømme i drømmebanken i Fjordby:\n  [39] En læsebænk ved biblioteket" in anna
        assert "Du er Anna i afdelingen Fjordby." in anna and "Sprog: Dansk" in anna

    def test_the_board_still_reads_english(self, transcript):
        assert "🗳 A new dream to review: “En læsebænk ved biblioteket” by Anna." in transcript
        assert "Your vote on “En læsebænk ved biblioteket” is counted." in transcript
