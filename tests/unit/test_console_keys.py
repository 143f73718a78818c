"""The console's keys for buttons: a number presses only what the last screen showed."""

from bots.console.keys import ButtonKeys, letters
from core.chat.replies import Button
from core.i18n import Text, translate

LIKE, HELP, SKIP = Button("Like", "l"), Button("I can help", "p"), Button("Skip", "sk")


def screen(keys: ButtonKeys, *buttons: Button, asks_number: bool = False) -> list[str]:
    keys.new_screen(asks_number)
    return [keys.key(b) for b in buttons]


class TestButtonKeys:
    def test_numbers_go_on_across_screens(self):
        keys = ButtonKeys()

        first, second = screen(keys, LIKE, HELP), screen(keys, SKIP)

        assert (first, second) == (["1", "2"], ["3"])
        assert keys.press("3") is SKIP and keys.press("#3") is SKIP

    def test_a_number_from_an_earlier_screen_presses_nothing_and_says_why(self):
        keys = ButtonKeys()
        screen(keys, LIKE, HELP)
        screen(keys, SKIP)

        said = keys.press("1")

        assert isinstance(said, Text) and "was on an earlier screen" in translate(said, "en")

    def test_where_a_number_is_the_answer_buttons_have_letters_and_numbers_are_answers(self):
        keys = ButtonKeys()
        screen(keys, LIKE)

        assert screen(keys, SKIP, HELP, asks_number=True) == ["a", "b"]
        assert keys.press("A") is SKIP and keys.press("1") is None and keys.press("250") is None

    def test_text_that_is_not_a_key_is_left_for_the_conversation(self):
        keys = ButtonKeys()
        screen(keys, LIKE)

        assert keys.press("a venue") is None
        assert "no button 7" in translate(keys.press("#7"), "en")

    def test_letters_go_on_after_z(self):
        assert [letters(i) for i in (0, 25, 26, 27, 701, 702)] == ["a", "z", "aa", "ab", "zz", "aaa"]
