"""A member who speaks Dutch deposits a dream and sees it in the bank, all in Dutch, in the console."""

from __future__ import annotations

import pytest

from .test_console_chat import chat

#: anna chooses Nederlands, deposits a dream typing the needs as their Dutch labels, two of the board approve
#: it (in their own language), and anna sees it in the bank and opens it
IN_DUTCH = """\
/as anna
/language
4
/help
/deposit
Een bankje bij de bibliotheek
Een bankje met een plankje boeken voor kinderen en volwassenen om te delen.
tijd, materialen
Wat planken en een waterdichte kist
ja
ja
ja
28
/as bjorn
32
/as cecilie
36
/as anna
/bank
41
/quit
"""


@pytest.fixture(scope="module")
def transcript(tmp_path_factory) -> str:
    return chat(tmp_path_factory.mktemp("dutch"), IN_DUTCH)


def spoken_by(transcript: str, persona: str) -> str:
    """Everything printed while `persona` was at the prompt, whatever language the switch was announced in."""
    parts, current = [], None
    for line in transcript.splitlines():
        if line.startswith(("You are now ", "Je bent nu ")):
            current = line.split(" nu " if line.startswith("Je") else " now ", 1)[1].rstrip(".")
        elif current == persona:
            parts.append(line)
    return "\n".join(parts)


class TestAConversationInDutch:
    def test_the_language_is_chosen_and_help_speaks_dutch(self, transcript):
        anna = spoken_by(transcript, "anna")

        assert "[4] Nederlands" in anna
        assert "Vanaf nu schrijf ik je in het Nederlands." in anna
        assert "/deposit — dien een droom in" in anna
        assert "De kring van pådrivers:" in anna

    def test_the_deposit_form_asks_in_dutch_and_takes_dutch_answers(self, transcript):
        anna = spoken_by(transcript, "anna")

        assert "Je droom — stap 1 van 7" in anna
        assert "Hoe heet je droom? Geef hem een korte titel." in anna
        assert "Behoeften: tijd, materialen" in anna
        assert "“Een bankje bij de bibliotheek” is ingediend (nr. 6)" in anna
        assert "geen van de mogelijkheden" not in anna

    def test_the_board_reads_its_own_language_and_the_owner_hears_in_dutch(self, transcript):
        bjorn, anna = spoken_by(transcript, "bjorn"), spoken_by(transcript, "anna")

        assert "🗳 A new dream to review: “Een bankje bij de bibliotheek” by Anna." in bjorn
        assert "🎉 Je droom “Een bankje bij de bibliotheek” is goedgekeurd en staat nu in de bank!" in anna

    def test_the_bank_shows_the_dream_in_dutch(self, transcript):
        anna = spoken_by(transcript, "anna")

        assert "Dromen in de bank van Fjordby:" in anna
        assert "[41] Een bankje bij de bibliotheek" in anna
        assert "💭 Een bankje bij de bibliotheek (nr. 6)\n  Ingediend door: Anna" in anna
        assert "Status: in de bank" in anna and "0 likes · 0 hulpaanbiedingen" in anna
        assert "[43] Opnemen in de fabriek" in anna
