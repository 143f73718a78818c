"""What people do, fed to the bot as updates: messages, photos, button presses, join requests, channel posts."""

from __future__ import annotations

import asyncio
import copy
import re
import secrets
from typing import Any

import httpx

from tests.standins.telegram.images import png_bytes
from tests.standins.telegram.lengths import utf16_len
from tests.standins.telegram.records import JsonDict, Upload, description_for
from tests.standins.telegram.server import client_ssl_context
from tests.standins.telegram.state import JoinRequest, Query, Queued, Stored
from tests.standins.telegram.values import plain, unix_now

COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,})?")


def command_entities(text: str) -> list[JsonDict]:
    """The bot_command entity Telegram marks at the start of a text that begins with a command."""
    command = COMMAND.match(text)
    return [{"offset": 0, "length": utf16_len(command.group(0)), "type": "bot_command"}] if command else []


class Feeding:
    """Part of BotApiStandIn: queueing updates for getUpdates or POSTing them to the bot's webhook."""

    def feed(self, **fields: Any) -> JsonDict:
        """Queue an arbitrary update, e.g. ``api.feed(my_chat_member={...})``; returns it."""
        update = {"update_id": self._next_update_id, **copy.deepcopy(fields)}
        self._next_update_id += 1
        self._queue.append(Queued(update))
        self._wake_polls()
        return copy.deepcopy(update)

    def send_text(
        self,
        user: Any,
        text: str,
        chat: Any = None,
        reply_to: Any = None,
    ) -> JsonDict:
        """A person writes ``text`` in their private chat (or in a group): the queued Update."""
        message = self._persons_message(user, chat, reply_to)
        message["text"] = text
        if entities := command_entities(text):
            message["entities"] = entities
        self._messages.setdefault(message["chat"]["id"], []).append(Stored(copy.deepcopy(message), by_bot=False))
        return self.feed(message=message)

    def channel_post(self, chat: Any, text: str) -> JsonDict:
        """Someone posts ``text`` in a channel: the queued Update. As in Telegram, a channel post names the
        channel as its sender (``sender_chat``) and carries no ``from``: who wrote it is not told."""
        chat = plain(chat)
        chat_id = chat["id"] if isinstance(chat, dict) else int(chat)
        target = self._chat_by_id(chat_id)
        if target is None or target["type"] != "channel":
            raise ValueError(f"chat {chat_id} is not a registered channel (api.channel)")
        message: JsonDict = {
            "message_id": self._take_message_id(chat_id),
            "sender_chat": copy.deepcopy(target),
            "chat": copy.deepcopy(target),
            "date": unix_now(),
            "text": text,
        }
        if entities := command_entities(text):
            message["entities"] = entities
        self._messages.setdefault(chat_id, []).append(Stored(copy.deepcopy(message), by_bot=False))
        return self.feed(channel_post=message)

    def send_photo(
        self,
        user: Any,
        caption: str | None = None,
        chat: Any = None,
        *,
        width: int = 1280,
        height: int = 960,
        content: bytes | None = None,
    ) -> JsonDict:
        """A person sends a photo (with ``caption``) in their private chat or a group: the queued Update.

        The photo is kept in its sizes as Telegram does, the largest last, so the bot may download
        it or send it again by any size's file_id; ``content`` defaults to a PNG of that size.
        """
        message = self._persons_message(user, chat, None)
        content = png_bytes(width, height) if content is None else content
        message["photo"] = self._keep_photo(Upload("photo.png", content, "image/png"), (width, height))
        if caption:
            message["caption"] = caption
            if entities := command_entities(caption):
                message["caption_entities"] = entities
        self._messages.setdefault(message["chat"]["id"], []).append(Stored(copy.deepcopy(message), by_bot=False))
        return self.feed(message=message)

    def _persons_message(self, user: Any, chat: Any, reply_to: Any) -> JsonDict:
        """The head of a message a person writes: id, sender, chat, date; writing privately starts the bot."""
        sender = self._user(user)
        chat, reply_to = plain(chat), plain(reply_to)
        chat_id = sender["id"] if chat is None else (chat["id"] if isinstance(chat, dict) else int(chat))
        target = self._chat_by_id(chat_id)
        if target is None:
            raise ValueError(f"chat {chat_id} is not registered (api.user / api.group)")
        if target["type"] == "channel":
            raise ValueError("people do not write in channels")
        if target["type"] == "private":
            self._not_started.discard(chat_id)
        else:
            if self.member_status(chat_id, sender["id"]) == "kicked":
                raise ValueError(f"user {sender['id']} is banned from chat {chat_id}")
            members = self._members.setdefault(chat_id, {})
            if members.get(sender["id"], "left") == "left":
                members[sender["id"]] = "member"
        message: JsonDict = {
            "message_id": self._take_message_id(chat_id),
            "from": copy.deepcopy(sender),
            "chat": copy.deepcopy(target),
            "date": unix_now(),
        }
        if reply_to is not None:
            message["reply_to_message"] = self._quoted(reply_to)
        return message

    def press(self, user: Any, message: Any, data: str, *, strict: bool = True) -> JsonDict:
        """A person presses the inline button with ``data`` under the bot's ``message``: the Update.

        The callback query carries the message as it is now; with ``strict`` the message must
        still exist and still carry a button with that callback_data.
        """
        presser = self._user(user)
        message = plain(message)
        chat_id = message["chat"]["id"]
        stored = self._find(chat_id, message["message_id"])
        if stored is None and strict:
            raise ValueError(f"message {message['message_id']} is not in chat {chat_id}")
        current = copy.deepcopy(stored.message if stored else message)
        if strict:
            data_values = [value for row in self.buttons(current) for (_, value) in row]
            if data not in data_values:
                raise ValueError(
                    f"message {message['message_id']} has no button with data {data!r}: {self.buttons(current)}"
                )
        query_id = str(secrets.randbits(63))
        self._queries[query_id] = Query(self._clock())
        return self.feed(
            callback_query={
                "id": query_id,
                "from": copy.deepcopy(presser),
                "message": current,
                "chat_instance": str(-(abs(chat_id) * 7919 % 10**18) - 1),
                "data": data,
            }
        )

    def press_button(self, user: Any, message: Any, text: str) -> JsonDict:
        """Press the inline button labelled ``text`` under the message."""
        message = plain(message)
        stored = self._find(message["chat"]["id"], message["message_id"])
        current = stored.message if stored else message
        for row in self.buttons(current):
            for label, value in row:
                if label == text:
                    return self.press(user, message, value)
        raise ValueError(f"no button {text!r} under message {message['message_id']}: {self.buttons(current)}")

    def join_request(
        self,
        user: Any,
        chat_id: int,
        invite_link: Any = None,
        bio: str | None = None,
    ) -> JsonDict:
        """A person asks to join the chat (through ``invite_link`` if given): the queued Update.

        Until the request is approved or declined, and for at most five minutes, the bot may write
        to them privately even if they never started it.
        """
        requester = self._user(user)
        invite_link = plain(invite_link)
        chat_id = int(chat_id)
        target = self._chat_by_id(chat_id)
        if target is None:
            raise ValueError(f"chat {chat_id} is not registered (api.group / api.channel)")
        if target["type"] == "private":
            raise ValueError("nobody asks to join a private chat")
        status = self.member_status(chat_id, requester["id"])
        if status == "kicked":
            raise ValueError(f"user {requester['id']} is banned from chat {chat_id}")
        if status not in ("left", "restricted"):
            raise ValueError(f"user {requester['id']} is in chat {chat_id} already")
        if requester["id"] in self._join_requests.get(chat_id, {}):
            raise ValueError(f"user {requester['id']} has asked to join chat {chat_id} already")
        request: JsonDict = {
            "chat": copy.deepcopy(target),
            "from": copy.deepcopy(requester),
            "user_chat_id": requester["id"],
            "date": unix_now(),
        }
        if bio is not None:
            request["bio"] = bio
        if invite_link is not None:
            url = invite_link["invite_link"] if isinstance(invite_link, dict) else invite_link
            link = next((lk for lk in self._invite_links.get(chat_id, []) if lk["invite_link"] == url), None)
            if link is None:
                link = (
                    invite_link
                    if isinstance(invite_link, dict)
                    else {
                        "invite_link": url,
                        "creator": self._bot_user(),
                        "creates_join_request": True,
                        "is_primary": False,
                        "is_revoked": False,
                    }
                )
            elif link.get("creates_join_request"):
                link["pending_join_request_count"] = link.get("pending_join_request_count", 0) + 1
            request["invite_link"] = copy.deepcopy(link)
        self._join_requests.setdefault(chat_id, {})[requester["id"]] = JoinRequest(
            self._clock(), request["invite_link"]["invite_link"] if "invite_link" in request else None
        )
        return self.feed(chat_join_request=request)

    def resend(self, update: Any) -> JsonDict:
        """Queue the very same update (same update_id) again, as an at-least-once redelivery.

        The next getUpdates hands it out even if the bot already confirmed that update_id.
        """
        update = plain(update)
        self._queue.append(Queued(copy.deepcopy(update), forced=True))
        self._wake_polls()
        return copy.deepcopy(update)

    def pending_updates(self) -> list[JsonDict]:
        return [copy.deepcopy(q.update) for q in self._queue]

    def updates_for_webhook(self) -> list[JsonDict]:
        """Take the queued updates out of the queue, to be POSTed to a webhook by the test."""
        taken = [q.update for q in self._queue]
        self._queue.clear()
        return taken

    async def post_update(self, url: str, update: Any, secret_token: str | None = None) -> int:
        """POST one update to a webhook URL as Telegram does, and carry out the method the response names, if any
        (see ``carry_out_response``); the HTTP status code."""
        update = plain(update)
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret_token} if secret_token is not None else {}
        async with httpx.AsyncClient(timeout=10, verify=client_ssl_context()) as client:
            response = await client.post(url, json=update, headers=headers)
        await self.carry_out_response(response.status_code, response.content,
                                      response.headers.get("content-type", ""))
        return response.status_code

    async def deliver_webhook_updates(self) -> list[int]:
        """POST every queued update to the webhook set with setWebhook; their status codes.

        Updates the webhook did not accept with a 2xx stay queued, as Telegram retries them.
        """
        if not self.webhook:
            raise RuntimeError("no webhook is set")
        statuses = []
        kept = []
        for queued in list(self._queue):
            status = await self.post_update(self.webhook["url"], queued.update, self.webhook.get("secret_token"))
            statuses.append(status)
            if not 200 <= status < 300:
                kept.append(queued)
                self._webhook_error = (unix_now(), f"Wrong response from the webhook: {status} {description_for(status)}")
        self._queue = kept
        return statuses

    def _wake_polls(self) -> None:
        event, self._poll_event = self._poll_event, asyncio.Event()
        event.set()
