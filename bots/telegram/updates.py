"""From Telegram updates to core's conversation, and core's replies back into the chat."""

from __future__ import annotations

import logging

from telegram import Bot, CallbackQuery, LinkPreviewOptions, Message as TgMessage, Update, User
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest
from telegram.ext import Application, ContextTypes, TypeHandler

from core.chat.buttons import Action, BadToken, ButtonCodec
from core.chat.conversation import Conversation, Incoming
from core.chat.replies import Reply
from core.chat.turn import ChatPlace
from core.i18n import _, translate
from core.model.members import Identity

from .render import render
from .sending import ChatGone, call

log = logging.getLogger(__name__)
PLATFORM = "telegram"
ALERT_MAX = 200
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def identity_of(user: User) -> Identity:
    return Identity(PLATFORM, str(user.id))


class UpdateHandler:
    """Every update goes through here; nothing is kept between updates but in the database."""

    def __init__(self, conversation: Conversation, codec: ButtonCodec, wake_delivery=None) -> None:
        self._conversation, self._codec = conversation, codec
        self._wake_delivery = wake_delivery or (lambda: None)

    def install(self, application: Application) -> None:
        application.add_handler(TypeHandler(Update, self.on_update))
        application.add_error_handler(self.on_error)

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.callback_query is not None:
            await self._on_press(update, update.callback_query, context.bot)
        elif update.message is not None and update.message.text is not None and update.effective_user:
            await self._on_text(update, update.message, context.bot)
        self._wake_delivery()

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("while handling a Telegram update: %s", context.error, exc_info=context.error)

    async def _on_text(self, update: Update, message: TgMessage, bot: Bot) -> None:
        chat, user = message.chat, message.from_user
        private = chat.type == ChatType.PRIVATE
        if not private and not (message.text or "").startswith("/"):
            return  # in groups, only commands are for us
        text = message.text or ""
        if not private and "@" in text.split()[0]:
            command, _at, target = text.split()[0].partition("@")
            if target.lower() != (bot.username or "").lower():
                return  # a command for another bot in the same group
        reply = await self._conversation.handle(Incoming(
            identity_of(user), user.full_name, text=text, language_hint=user.language_code,
            place=ChatPlace(str(chat.id), private, chat.title or ""), update_key=f"{PLATFORM}:{update.update_id}"))
        await self.send(bot, chat.id, reply)

    async def _on_press(self, update: Update, query: CallbackQuery, bot: Bot) -> None:
        user, source = query.from_user, query.message
        chat = source.chat if source is not None else None
        private = chat is not None and chat.type == ChatType.PRIVATE
        reply = await self._conversation.handle(Incoming(
            identity_of(user), user.full_name, token=query.data or "", language_hint=user.language_code,
            place=ChatPlace(str(chat.id), private, chat.title or "") if chat else None,
            update_key=f"{PLATFORM}:{update.update_id}"))
        if not reply.messages:  # a repeated update: answered the first time
            return
        if private:
            await self._answer(query, "")
            if self._is_dialog(query.data) and isinstance(source, TgMessage) and len(reply.messages) >= 1:
                await self._edit_then_send(bot, source, reply)
            else:
                await self.send(bot, chat.id, reply)
            return
        await self._answer_in_group(bot, query, reply)

    async def _answer_in_group(self, bot: Bot, query: CallbackQuery, reply: Reply) -> None:
        """In a group or channel, a press is answered with a short toast or alert; a dialog moves to private."""
        first = reply.messages[0]
        if len(reply.messages) == 1 and not first.buttons:
            text = translate(first.lines[0], reply.language) if first.lines else ""
            await self._answer(query, text, alert=reply.refused)
            return
        try:
            await self.send(bot, query.from_user.id, reply, raise_gone=True)
        except ChatGone:
            await self._answer(query, translate(_("Start a private chat with me first (tap my name, then Start), "
                                                  "then press again."), reply.language), alert=True)
            return
        await self._answer(query, translate(_("I have written to you privately."), reply.language))

    async def _edit_then_send(self, bot: Bot, source: TgMessage, reply: Reply) -> None:
        first, *rest = reply.messages
        parts = render(first, reply.language, bot.username or "")
        if len(parts) == 1:
            try:
                await call(lambda: source.edit_text(parts[0].text, parse_mode=ParseMode.HTML,
                                                    reply_markup=parts[0].keyboard), "editing a dialog step")
            except BadRequest as bad:
                if "not modified" not in bad.message.lower():
                    raise
            await self.send(bot, source.chat.id, Reply(reply.language, tuple(rest), reply.refused))
        else:
            await self.send(bot, source.chat.id, reply)

    async def send(self, bot: Bot, chat_id: int | str, reply: Reply, raise_gone: bool = False) -> None:
        for message in reply.messages:
            for part in render(message, reply.language, bot.username or ""):
                try:
                    await call(lambda: bot.send_message(chat_id, part.text, parse_mode=ParseMode.HTML,
                                                        reply_markup=part.keyboard,
                                                        link_preview_options=NO_PREVIEW), "sending a reply")
                except ChatGone:
                    if raise_gone:
                        raise
                    log.info("could not reply in chat %s: it is gone or blocked us", chat_id)
                    return

    async def _answer(self, query: CallbackQuery, text: str, alert: bool = False) -> None:
        try:
            await call(lambda: query.answer(text[:ALERT_MAX], show_alert=alert), "answering a button press")
        except BadRequest as bad:  # a query older than Telegram's timeout cannot be answered any more
            log.info("could not answer a button press: %s", bad.message)

    def _is_dialog(self, data: str | None) -> bool:
        try:
            return self._codec.decode(data or "").action is Action.DIALOG
        except BadToken:
            return False


