"""Where a deployment can be reached, and how a chat start parameter ("d12", "e3") becomes a link there.

Core's views name what to open with a start parameter; the surfaces a deployment has configured (its
Telegram bot, its public web address) decide what a reader can follow. Built once from the settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

TELEGRAM = "https://t.me"


@dataclass(frozen=True)
class Surfaces:
    """The deployment's configured surfaces: its Telegram bot's username and its public web address, when set."""

    telegram_username: str | None = None
    public_url: str | None = None

    def web(self, path: str) -> str | None:
        """An address on the deployment's public web address, or None when it has none."""
        if not self.public_url:
            return None
        return f"{self.public_url.rstrip('/')}/{path.lstrip('/')}"

    def for_email(self) -> "Links":
        """Mail links to the bot when its username is configured (mail cannot open a console)."""
        return Links.email(self.telegram_username)


@dataclass(frozen=True)
class Links:
    """How a chat start parameter becomes something a reader can follow on one channel.

    On Telegram it is a deep link that opens the bot; in the console a command to type; in mail the
    Telegram deep link when the bot is known, and nothing otherwise.
    """

    bot_username: str | None = None
    command: bool = False

    @classmethod
    def telegram(cls, bot_username: str) -> "Links":
        return cls(bot_username=bot_username)

    @classmethod
    def console(cls) -> "Links":
        return cls(command=True)

    @classmethod
    def email(cls, bot_username: str | None) -> "Links":
        return cls(bot_username=bot_username or None)

    def url(self, param: str) -> str | None:
        """A link to follow, or None where there is none."""
        if not param or not self.bot_username:
            return None
        return f"{TELEGRAM}/{self.bot_username}?start={quote(param, safe='')}"

    def text(self, param: str) -> str | None:
        """What plain text shows for it: the command to type, or the link."""
        if param and self.command:
            return f"/start {param}"
        return self.url(param)


def share_url(url: str) -> str:
    """Telegram's page that offers `url` for sharing in a chat the reader picks."""
    return f"{TELEGRAM}/share/url?url={quote(url, safe='')}"
