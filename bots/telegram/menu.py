"""The bot's command menu, set in every language the catalogs have."""

from __future__ import annotations

from telegram import Bot, BotCommand

from core.chat.commands import MENU
from core.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate

from .sending import call


async def set_menus(bot: Bot) -> None:
    for language in LANGUAGES:
        commands = [BotCommand(e.command, translate(e.description, language)[:256]) for e in MENU if not e.board_only]
        code = None if language == DEFAULT_LANGUAGE else language
        await call(lambda: bot.set_my_commands(commands, language_code=code), "setting the command menu")
