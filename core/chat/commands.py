"""Every command a person can type, by name, from each feature's module; and the menu platforms show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Awaitable, Callable

from ..i18n import Text, _
from .features import collected
from .replies import Message
from .turn import Turn

Handler = Callable[[Turn], Awaitable[list[Message]]]

COMMANDS: dict[str, Handler] = collected("COMMANDS")

#: what may be written in a group chat; everything else is for private chats
GROUP_COMMANDS = {"link", "help", "start"}


@dataclass(frozen=True)
class MenuEntry:
    command: str
    description: Text
    board_only: bool = False


#: the command menu a platform shows, in each language
MENU = (
    MenuEntry("deposit", _("deposit a dream")), MenuEntry("mydreams", _("your dreams and where they stand")),
    MenuEntry("bank", _("dreams in the bank")), MenuEntry("mypledges", _("your offers of help")),
    MenuEntry("projects", _("projects in the factory")),
    MenuEntry("archive", _("finished projects")), MenuEntry("topics", _("topics neighbours are talking over")),
    MenuEntry("language", _("choose your language")),
    MenuEntry("help", _("what you can do")), MenuEntry("cancel", _("leave what you are filling in")),
    MenuEntry("events", _("gatherings and meetings coming up")),
    MenuEntry("funds", _("funds you can apply to, and their deadlines")),
    MenuEntry("padriver", _("become a pådriver")), MenuEntry("padrivere", _("the pådriver page")),
    MenuEntry("settings", _("the digest, and what comes by email")),
    MenuEntry("email", _("add or change your email address")),
    MenuEntry("web", _("a link that signs you in to the web pages")),
    MenuEntry("branch", _("your home branch, or move to another")),
    MenuEntry("mydata", _("what the bank keeps about you, and all of it as a file")),
    MenuEntry("erase", _("erase everything the bank keeps about you")),
    MenuEntry("ask", _("ask the municipality")), MenuEntry("inquiries", _("your inquiries and their answers")),
    MenuEntry("review", _("dreams waiting for the board"), board_only=True),
)
