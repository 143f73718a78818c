"""What a typed key presses: numbers never reused in a session, letters where a number is the answer."""

from __future__ import annotations

from core.chat.replies import Button
from core.i18n import Text, _


def letters(index: int) -> str:
    """a, b, … z, aa, ab, … for 0, 1, … 25, 26, 27."""
    word, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        word = chr(ord("a") + rest) + word
    return word


class ButtonKeys:
    """The buttons of the last screen, each under the key it was shown with.

    Each button shown gets a number never shown before in this chat, so a number read off an
    earlier screen cannot press something else. Where the screen asks for a number, its buttons
    get letters instead, so that typing 1 is the answer 1 and never a press of button 1.
    """

    def __init__(self) -> None:
        self._shown = 0
        self._current: dict[str, Button] = {}
        self.letters = False

    def new_screen(self, letters_: bool = False) -> None:
        self._current, self.letters = {}, letters_

    def key(self, button: Button) -> str:
        """The key `button` is shown with on the current screen."""
        if self.letters:
            key = letters(len(self._current))
        else:
            self._shown += 1
            key = str(self._shown)
        self._current[key] = button
        return key

    def press(self, typed: str) -> Button | Text | None:
        """The button `typed` presses; why it presses nothing, when it names a button; None for other text.

        `#7` always names a button. A bare number names one unless the screen asks for a number, or
        neither this screen nor an earlier one showed buttons with numbers.
        """
        text = typed.strip()
        forced = text.startswith("#")
        key = (text[1:] if forced else text).strip().lower()
        if key in self._current:
            return self._current[key]
        if not key.isdigit() or len(key) > 9 or (self.letters and not forced):
            return _("There is no button {key} on the last screen.", key=key[:12]) if forced else None
        if 0 < int(key) <= self._shown:
            return _("Button {key} was on an earlier screen, so it does nothing now: only the buttons of the last "
                     "screen can be pressed.", key=key)
        if forced or self._current:  # a number typed under numbered buttons means one of them
            return _("There is no button {key} on the last screen.", key=key)
        return None
