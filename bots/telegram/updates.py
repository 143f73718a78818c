"""From Telegram updates to core's conversation, and core's replies back into the chat."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from telegram import Bot, CallbackQuery, ChatJoinRequest, Message as TgMessage, MessageOriginChannel, Update, User
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import Application, ContextTypes, TypeHandler

from core.chat.buttons import Action, BadToken, ButtonCodec
from core.chat.conversation import Conversation, Incoming
from core.chat.replies import Message, Reply
from core.chat.turn import ChatPlace
from core.i18n import _, translate
from core.model.members import Identity
from core.model.talk import TELEGRAM_GROUP
from core.ports import UnitOfWorkFactory
from core.usecases.discussions import Said

from .answers import left_for_response
from .invites import Invites
from .render import Outgoing, invites_of, render
from .sending import ChatGone, call, send_part

log = logging.getLogger(__name__)
PLATFORM = "telegram"
ALERT_MAX = 200

#: told of each update handled: its platform, how it went (handled or failed) and how many seconds it took
Observe = Callable[[str, str, float], None]


def discussed_post(message: TgMessage) -> tuple[str, str] | None:
    """The channel and message id of the channel post a group message replies under, when the group is the
    channel's linked discussion group: the reply is to the post's automatic forward (or in its thread, whose
    first message that forward is); None for any other message."""
    forward = message.reply_to_message
    if forward is None or not forward.is_automatic_forward:
        return None
    origin = forward.forward_origin
    if isinstance(origin, MessageOriginChannel):
        return str(origin.chat.id), str(origin.message_id)
    return None


def discussed(message: TgMessage) -> Said | None:
    """Where a group message may belong to a dream's discussion: under a channel post (see `discussed_post`), or
    as a reply to another message of the group, which core knows when that message shows a comment; None for a
    group message that replies to nothing."""
    where = str(message.chat.id), str(message.message_id)
    post = discussed_post(message)
    if post is not None:
        return Said(PLATFORM, *post, *where)
    answered = message.reply_to_message
    return Said(PLATFORM, "", "", *where, str(answered.message_id)) if answered is not None else None


def identity_of(user: User) -> Identity:
    return Identity(PLATFORM, str(user.id))


class UpdateHandler:
    """Every update goes through here; nothing is kept between updates but in the database."""

    def __init__(self, conversation: Conversation, codec: ButtonCodec, db: UnitOfWorkFactory | None = None,
                 public_url: str = "", observe: Observe | None = None) -> None:
        """Without `db`, buttons inviting to a branch's closed group are left out; share buttons share the portal's
        page at `public_url`, or without one the bot's deep link. `observe` is told how each update went."""
        self._conversation, self._codec, self._public_url = conversation, codec, public_url
        self._invites = Invites(db)
        self._observe = observe or (lambda _platform, _outcome, _seconds: None)

    def install(self, application: Application) -> None:
        application.add_handler(TypeHandler(Update, self.on_update))
        application.add_error_handler(self.on_error)

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        started, outcome = time.perf_counter(), "failed"
        try:
            await self._dispatch(update, context)
            outcome = "handled"
        finally:
            self._observe(PLATFORM, outcome, time.perf_counter() - started)

    async def _dispatch(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.callback_query is not None:
            await self._on_press(update, update.callback_query, context.bot)
        elif update.chat_join_request is not None:
            await self._on_join_request(update.chat_join_request, context.bot)
        elif update.message is not None and update.message.text is not None and update.effective_user:
            await self._on_text(update, update.message, context.bot)
        elif update.message is not None and update.message.photo and update.effective_user:
            await self._on_photo(update, update.message, context.bot)
        elif update.channel_post is not None and update.channel_post.text is not None:
            await self._on_channel_post(update, update.channel_post, context.bot)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        key = f"{PLATFORM}:{update.update_id}" if isinstance(update, Update) else None
        log.error("while handling a Telegram update: %s", context.error, exc_info=context.error,
                  extra={"platform": PLATFORM, "update_key": key})

    async def _on_text(self, update: Update, message: TgMessage, bot: Bot) -> None:
        chat, user = message.chat, message.from_user
        private = chat.type == ChatType.PRIVATE
        text = message.text or ""
        said = None if private or _command_for(bot, text) else discussed(message)
        if said is not None:
            refused = await self._conversation.chat_comment(Incoming(
                identity_of(user), user.full_name, text=text, language_hint=user.language_code,
                place=ChatPlace(str(chat.id), False, chat.title or ""), update_key=f"{PLATFORM}:{update.update_id}"),
                said, source=TELEGRAM_GROUP)
            if refused is not None:  # said to the writer alone: the discussion stays the people's own
                await self.send(bot, user.id, refused)
            return
        if not private and not _command_for(bot, text):
            return  # in groups, only commands to us are for us
        reply = await self._conversation.handle(Incoming(
            identity_of(user), user.full_name, text=text, language_hint=user.language_code,
            place=ChatPlace(str(chat.id), private, chat.title or ""), update_key=f"{PLATFORM}:{update.update_id}"))
        await self.send(bot, chat.id, reply)

    async def _on_channel_post(self, update: Update, post: TgMessage, bot: Bot) -> None:
        """A channel post names no person: core answers only `/link`, with a button for an admin to press."""
        text = post.text or ""
        if not _command_for(bot, text):
            return
        chat = post.chat
        reply = await self._conversation.channel_post(ChatPlace(str(chat.id), False, chat.title or ""), text,
                                                      update_key=f"{PLATFORM}:{update.update_id}")
        if reply is not None:
            await self.send(bot, chat.id, reply)

    async def _on_photo(self, update: Update, message: TgMessage, bot: Bot) -> None:
        """A picture sent privately comes with its caption as the text; in groups pictures are not for us."""
        chat, user = message.chat, message.from_user
        if chat.type != ChatType.PRIVATE or user is None:
            return
        largest = max(message.photo, key=lambda size: (size.width * size.height, size.file_size or 0))
        reply = await self._conversation.handle(Incoming(
            identity_of(user), user.full_name, text=message.caption or "", language_hint=user.language_code,
            place=ChatPlace(str(chat.id), True, ""), update_key=f"{PLATFORM}:{update.update_id}",
            image={"platform": PLATFORM, "file_id": largest.file_id}))
        await self.send(bot, chat.id, reply)

    async def _on_join_request(self, request: ChatJoinRequest, bot: Bot) -> None:
        """Let a person into a branch's closed group or not, and tell them why, privately.

        The message goes first: Telegram lets a bot write to someone who asked to join only while
        the request is pending.
        """
        answer = await self._conversation.join_request(identity_of(request.from_user), PLATFORM,
                                                       str(request.chat.id))
        if answer is None:
            return  # not a chat of ours to decide: left to the chat's admins
        await self.send(bot, request.user_chat_id, answer.reply)
        chat_id, user_id = request.chat.id, request.from_user.id
        verb = "approving" if answer.approve else "declining"
        try:
            if answer.approve:
                await call(lambda: bot.approve_chat_join_request(chat_id, user_id), f"{verb} a join request")
            else:
                await call(lambda: bot.decline_chat_join_request(chat_id, user_id), f"{verb} a join request")
        except (BadRequest, ChatGone) as trouble:  # decided already (a redelivery), or by an admin meanwhile
            log.info("could not finish %s the join request of %s to chat %s: %s", verb, user_id, chat_id,
                     getattr(trouble, "message", None) or trouble)

    async def _on_press(self, update: Update, query: CallbackQuery, bot: Bot) -> None:
        user, source = query.from_user, query.message
        chat = source.chat if source is not None else None
        private = chat is not None and chat.type == ChatType.PRIVATE
        # whether the presser administers the chat matters only to linking it, so only then is Telegram asked
        links_chat = chat is not None and not private and self._links(query.data)
        admin = await self._administers(bot, chat.id, user.id) if links_chat else None
        reply = await self._conversation.handle(Incoming(
            identity_of(user), user.full_name, token=query.data or "", language_hint=user.language_code,
            place=ChatPlace(str(chat.id), private, chat.title or "", admin) if chat else None,
            update_key=f"{PLATFORM}:{update.update_id}"))
        if not reply.messages:  # a repeated update: answered the first time
            return
        if private:
            # the button stops spinning while the reply is on its way: the two calls go out together
            answering = asyncio.ensure_future(self._answer(query, ""))
            try:
                replaces = self._is_dialog(query.data) or reply.messages[0].replaces
                if replaces and isinstance(source, TgMessage):
                    await self._edit_then_send(bot, source, reply)
                else:
                    await self.send(bot, chat.id, reply)
            finally:
                await answering
            return
        await self._answer_in_group(bot, query, reply)

    async def _administers(self, bot: Bot, chat_id: int, user_id: int) -> bool:
        """Whether Telegram counts the person among the chat's administrators (False when it cannot say)."""
        try:
            member = await call(lambda: bot.get_chat_member(chat_id, user_id), "asking who administers a chat")
        except (BadRequest, ChatGone, TimedOut, NetworkError, TimeoutError) as trouble:
            log.info("could not ask whether %s administers chat %s: %s", user_id, chat_id, trouble)
            return False
        return member.status in (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)

    async def _answer_in_group(self, bot: Bot, query: CallbackQuery, reply: Reply) -> None:
        """In a group or channel, a press is answered with a short toast or alert (the pressed message becoming
        the answer when it replaces it); a dialog moves to private."""
        first = reply.messages[0]
        if len(reply.messages) == 1 and not first.buttons:
            if first.replaces and not reply.refused and isinstance(query.message, TgMessage):
                await self._edit_then_send(bot, query.message, reply)
            text = toast_text([translate(line, reply.language) for line in first.lines])
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
        """The pressed message becomes the reply's first message when it can be edited into it; the rest follow."""
        first, *rest = reply.messages
        parts = render(first, reply.language, bot.username or "", invites=await self._invite_urls(bot, [first]),
                       public_url=self._public_url)
        if len(parts) != 1 or not _editable(source, parts[0]):
            await self.send(bot, source.chat.id, reply)
            return
        part = parts[0]
        try:
            if part.is_text:
                await call(lambda: source.edit_text(part.text, parse_mode=ParseMode.HTML, reply_markup=part.keyboard),
                           "editing a message in place")
            else:
                await call(lambda: source.edit_caption(part.text, parse_mode=ParseMode.HTML,
                                                       reply_markup=part.keyboard), "editing a caption in place")
        except BadRequest as bad:
            if "not modified" not in bad.message.lower():
                raise
        except ChatGone:
            log.info("could not edit in chat %s: it is gone or blocked us", source.chat.id)
            return
        await self.send(bot, source.chat.id, Reply(reply.language, tuple(rest), reply.refused))

    async def send(self, bot: Bot, chat_id: int | str, reply: Reply, raise_gone: bool = False) -> None:
        invites = await self._invite_urls(bot, reply.messages)
        for message in reply.messages:
            for part in render(message, reply.language, bot.username or "", invites=invites,
                               public_url=self._public_url):
                try:
                    await call(lambda: send_part(bot, chat_id, part), "sending a reply")
                except ChatGone:
                    if raise_gone:
                        raise
                    log.info("could not reply in chat %s: it is gone or blocked us", chat_id)
                    return

    async def _invite_urls(self, bot: Bot, messages: tuple[Message, ...] | list[Message]) -> dict[str, str]:
        if not invites_of(messages):
            return {}
        try:
            return await call(lambda: self._invites.urls(bot, messages), "making an invite link")
        except (TimedOut, NetworkError, TimeoutError) as trouble:
            log.warning("no invite link this time (%s); the button is left out", trouble)
            return {}

    async def _answer(self, query: CallbackQuery, text: str, alert: bool = False) -> None:
        """The press answered (the button stops spinning, with a toast or an alert when there is text): in the
        webhook's response when the update came by webhook, else by a request, whose refusal is only logged."""
        if left_for_response("answerCallbackQuery", callback_query_id=query.id, text=text[:ALERT_MAX] or None,
                             show_alert=alert or None):
            return
        try:
            await call(lambda: query.answer(text[:ALERT_MAX], show_alert=alert), "answering a button press")
        except BadRequest as bad:  # a query older than Telegram's timeout cannot be answered any more
            log.info("could not answer a button press: %s", bad.message)

    def _is_dialog(self, data: str | None) -> bool:
        return self._action(data) is Action.DIALOG

    def _links(self, data: str | None) -> bool:
        return self._action(data) is Action.LINK_CHAT

    def _action(self, data: str | None) -> Action | None:
        try:
            return self._codec.decode(data or "").action
        except BadToken:
            return None


def _command_for(bot: Bot, text: str) -> bool:
    """A command, and not one addressed to another bot in the same chat (`/link@other_bot`)."""
    if not text.startswith("/"):
        return False
    _command, at, target = text.split()[0].partition("@")
    return not at or target.lower() == (bot.username or "").lower()


def toast_text(lines: list[str], limit: int = ALERT_MAX) -> str:
    """As many whole lines as fit a toast (Telegram allows 200 characters); a first line too long is shortened."""
    if not lines:
        return ""
    text = lines[0] if len(lines[0]) <= limit else lines[0][:limit - 1] + "…"
    for line in lines[1:]:
        if len(text) + 1 + len(line) > limit:
            break
        text += "\n" + line
    return text


def _editable(source: TgMessage, part: Outgoing) -> bool:
    """A text stays a text; a photo or file keeps its media and only its caption changes, so it must be the same."""
    if part.is_text:
        return source.text is not None
    if part.photo is not None:
        return bool(source.photo) and any(size.file_id == part.photo for size in source.photo)
    document = source.document
    return (document is not None and part.document is not None and document.file_name == part.document.filename
            and document.file_size == len(part.document.data))
