"""Where a deployment can be reached, and how a chat start parameter ("d12", "e3") becomes a link there.

Core's views name what to open with a start parameter; the surfaces a deployment has configured (its
Telegram bot, its public web address) decide what a reader can follow. Built once from the settings.

A start parameter is a letter and a number: "d12" dream 12, "p12" offering help to dream 12, "e3" event 3,
"f4" project 4 (in the factory, or its archive); or "b-" and a branch's short name, "b-fjordby", to join it.
The bot opens it at `/start d12`; the portal at `/go/d12`, a short address that leads to the page, so a link
given to anyone opens a real page.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

TELEGRAM = "https://t.me"
#: what a start parameter's letter opens
DREAM, HELP, EVENT, PROJECT, BRANCH = "dream", "help", "event", "project", "branch"
#: what a branch's start parameter begins with; its short name follows
BRANCH_PREFIX = "b-"
OPENS = {"d": DREAM, "p": HELP, "e": EVENT, "f": PROJECT}
#: the letter of what a card is about (an archived project is a project still)
_LETTERS = {DREAM: "d", HELP: "p", EVENT: "e", PROJECT: "f", "archive": "f"}
#: no number of ours is longer; a longer parameter is nobody's
START_MAX = 13
#: Telegram's limit on a start parameter, and so on a branch's
BRANCH_START_MAX = 64
_SLUG_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


@dataclass(frozen=True)
class Start:
    """What a start parameter names: a kind of thing (`OPENS`' values) and its number, or a branch by its short
    name (`slug`, with `number` 0)."""

    opens: str
    number: int
    slug: str = ""

    @classmethod
    def read(cls, param: str) -> "Start | None":
        """The parameter as anyone may type or send it; None when it names nothing we open."""
        if param.startswith(BRANCH_PREFIX):
            slug = param[len(BRANCH_PREFIX):]
            if not slug or len(param) > BRANCH_START_MAX or not set(slug) <= _SLUG_CHARACTERS:
                return None
            return cls(BRANCH, 0, slug)
        opens = OPENS.get(param[:1])
        number = param[1:]
        if opens is None or not number.isascii() or not number.isdigit() or len(param) > START_MAX:
            return None
        return cls(opens, int(number))

    @property
    def param(self) -> str:
        if self.opens == BRANCH:
            return branch_param(self.slug)
        return f"{_LETTERS[self.opens]}{self.number}"


def branch_param(slug: str) -> str:
    """The start parameter that joins the branch of that short name."""
    return f"{BRANCH_PREFIX}{slug}"


def param_of(kind: str, number: int | None) -> str:
    """The start parameter of a card's kind ("dream", "event", "project", "archive") and id; "" for a kind no
    link opens."""
    letter = _LETTERS.get(kind)
    return f"{letter}{number}" if letter and number is not None else ""


@dataclass(frozen=True)
class Surfaces:
    """The deployment's configured surfaces: its Telegram bot's username and its public web address, when set.

    `local` says the address is only where this machine listens, as none was configured: good enough for links
    a reader opens on this machine (signing in, unsubscribing while trying it out), never given to others.
    """

    telegram_username: str | None = None
    public_url: str | None = None
    local: bool = False

    @property
    def shared_url(self) -> str | None:
        """The portal's address that others can open, for the links given to them (sharing, mail's pages)."""
        return None if self.local else self.public_url or None

    def web(self, path: str) -> str | None:
        """An address on the deployment's public web address, or None when it has none."""
        if not self.public_url:
            return None
        return f"{self.public_url.rstrip('/')}/{path.lstrip('/')}"

    def for_email(self) -> "Links":
        """Mail links to the portal's pages when there is a public address, and to the bot when its username is
        configured (mail cannot open a console)."""
        return Links.email(self.telegram_username, self.shared_url)

    def for_telegram(self, bot_username: str) -> "Links":
        """The bot's deep links, and the portal's pages for what is shared."""
        return Links.telegram(bot_username, self.shared_url)


@dataclass(frozen=True)
class Links:
    """How a chat start parameter becomes something a reader can follow on one channel.

    `url` opens the bot: on Telegram a deep link, in mail the Telegram deep link when the bot is known,
    nothing otherwise; `text` in the console is a command to type. `page` is the portal's page for it
    when the deployment has a public address, and `share` the address to give anyone: that page, which
    opens in any browser with its card, else the deep link.
    """

    bot_username: str | None = None
    command: bool = False
    public_url: str | None = None

    @classmethod
    def telegram(cls, bot_username: str, public_url: str | None = None) -> "Links":
        return cls(bot_username=bot_username or None, public_url=public_url or None)

    @classmethod
    def console(cls) -> "Links":
        return cls(command=True)

    @classmethod
    def email(cls, bot_username: str | None, public_url: str | None = None) -> "Links":
        return cls(bot_username=bot_username or None, public_url=public_url or None)

    def url(self, param: str) -> str | None:
        """A link that opens the bot, or None where there is none."""
        if not param or not self.bot_username:
            return None
        return f"{TELEGRAM}/{self.bot_username}?start={quote(param, safe='')}"

    def branch(self, slug: str) -> str | None:
        """What joins the branch of that short name: its deep link, or in the console the command to type."""
        return self.text(branch_param(slug)) if self.command else self.url(branch_param(slug))

    def page(self, param: str) -> str | None:
        """The portal's short address for it (`/go/d12`, which leads to the page), or None without a public
        address."""
        if not param or not self.public_url:
            return None
        return f"{self.public_url.rstrip('/')}/go/{quote(param, safe='')}"

    def share(self, param: str) -> str | None:
        """The address to give anyone: the portal's page when there is one, else the bot's deep link."""
        return self.page(param) or self.url(param)

    def text(self, param: str) -> str | None:
        """What plain text shows for it: the command to type, or the link."""
        if param and self.command:
            return f"/start {param}"
        return self.share(param)


def share_url(url: str) -> str:
    """Telegram's page that offers `url` for sharing in a chat the reader picks."""
    return f"{TELEGRAM}/share/url?url={quote(url, safe='')}"
