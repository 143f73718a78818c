"""The people and chats the stand-in knows: who started the bot, who blocked it, groups, channels, members."""

from __future__ import annotations

import copy
from typing import Any

from tests.standins.telegram.records import BLOCKED, CANT_INITIATE, CHAT_NOT_FOUND, ApiError, JsonDict, bad
from tests.standins.telegram.state import commands_key
from tests.standins.telegram.values import plain, unix_now

JOIN_REQUEST_CHAT_SECONDS = 300  # how long the bot may write to someone whose join request is pending


class People:
    """Part of BotApiStandIn: registering people and chats, and resolving them as Telegram does."""

    def user(
        self,
        id: int,
        first_name: str,
        language_code: str | None = "en",
        username: str | None = None,
        *,
        started: bool = True,
        **extra: Any,
    ) -> JsonDict:
        """A person who has started the bot: their User dict; their private chat (id == user id) exists.

        With ``started=False`` they never opened a chat with the bot: it may not write to them
        ("bot can't initiate conversation with a user") until they write to it, except for a few
        minutes while a join request of theirs is pending.
        """
        last_name = extra.pop("last_name", None)
        user: JsonDict = {"id": id, "is_bot": False, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        user.update(extra)
        self.users[id] = user
        chat: JsonDict = {"id": id, "first_name": first_name}
        if user.get("last_name"):
            chat["last_name"] = user["last_name"]
        if username:
            chat["username"] = username
        chat["type"] = "private"
        self.chats[id] = chat
        self._bulk_forgotten.discard(id)
        if started:
            self._not_started.discard(id)
        else:
            self._not_started.add(id)
        return copy.deepcopy(user)

    def users_bulk(self, first_id: int, count: int, language_code: str | None = "en") -> range:
        """``count`` people with ids ``first_id .. first_id + count - 1`` who started the bot.

        As cheap for 100,000 as for one: their User and private Chat dicts ("User <id>") are
        made when asked for, not stored (they are not in ``users`` or ``chats``). ``user()``
        may still give one of them a name; ``block`` and ``forget_chat`` work as for anyone.
        """
        if first_id <= 0 or count < 0:
            raise ValueError("private chat ids are positive and count is not negative")
        self._bulk.append((int(first_id), int(count), language_code))
        return range(first_id, first_id + count)

    def _bulk_language(self, user_id: int) -> tuple[bool, str | None]:
        for first, count, language_code in self._bulk:
            if first <= user_id < first + count:
                return True, language_code
        return False, None

    def _user_by_id(self, user_id: int) -> JsonDict | None:
        user = self.users.get(user_id)
        if user is not None or not self._bulk:
            return user
        found, language_code = self._bulk_language(user_id)
        if not found:
            return None
        user = {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"}
        if language_code:
            user["language_code"] = language_code
        return user

    def _chat_by_id(self, chat_id: int) -> JsonDict | None:
        chat = self.chats.get(chat_id)
        if chat is not None or not self._bulk or chat_id in self._bulk_forgotten:
            return chat
        if not self._bulk_language(chat_id)[0]:
            return None
        return {"id": chat_id, "first_name": f"User {chat_id}", "type": "private"}

    def group(self, chat_id: int, title: str, username: str | None = None) -> JsonDict:
        """A supergroup the bot administers: its Chat dict."""
        return self._register_chat(chat_id, title, "supergroup", username)

    def channel(self, chat_id: int, title: str, username: str | None = None) -> JsonDict:
        """A channel the bot administers: its Chat dict."""
        return self._register_chat(chat_id, title, "channel", username)

    def link_discussion(self, channel_id: int, group_id: int) -> None:
        """Make the supergroup the channel's linked discussion group: each post the bot makes in the channel from
        now on appears in the group as an automatic forward (see ``automatic_forward``)."""
        channel, group = self._chat_by_id(channel_id), self._chat_by_id(group_id)
        if channel is None or channel["type"] != "channel" or group is None or group["type"] != "supergroup":
            raise ValueError("a discussion group links a registered channel to a registered supergroup")
        self._discussions[channel_id] = group_id

    def automatic_forward(self, channel_id: int, post_id: int) -> JsonDict:
        """The message in the channel's discussion group that shows its post ``post_id``: people reply to it."""
        group_id = self._discussions[channel_id]
        for stored in self._messages.get(group_id, []):
            origin = stored.message.get("forward_origin") or {}
            if stored.message.get("is_automatic_forward") and origin.get("chat", {}).get("id") == channel_id \
                    and origin.get("message_id") == post_id:
                return copy.deepcopy(stored.message)
        raise LookupError(f"post {post_id} of channel {channel_id} has no automatic forward")

    def _register_chat(self, chat_id: int, title: str, kind: str, username: str | None) -> JsonDict:
        if chat_id >= 0:
            raise ValueError("group and channel ids are negative, e.g. -1001234567890")
        chat: JsonDict = {"id": chat_id, "title": title}
        if username:
            chat["username"] = username
        chat["type"] = kind
        self.chats[chat_id] = chat
        self._members.setdefault(chat_id, {})[self.me["id"]] = "administrator"
        return copy.deepcopy(chat)

    def upgrade_group(self, old_id: int, new_id: int) -> JsonDict:
        """The group becomes a supergroup with a new id, as Telegram does it: the migration service message is
        posted in the old group, its members and title move, and sends or edits to the old id answer 400 with
        parameters.migrate_to_chat_id. The new chat's dict."""
        old = self._chat(old_id)
        new = self._register_chat(int(new_id), old["title"], "supergroup", old.get("username"))
        self._members[int(new_id)] = dict(self._members.get(int(old_id), {}))
        self.feed(message={"message_id": self._take_message_id(int(old_id)), "from": copy.deepcopy(self.me),
                           "chat": copy.deepcopy(old), "date": unix_now(), "migrate_to_chat_id": int(new_id)})
        self.migrated[int(old_id)] = int(new_id)
        return new

    def block(self, user_id: int) -> None:
        """The person blocks the bot: sends and edits to their private chat answer 403."""
        self.blocked.add(int(user_id))

    def unblock(self, user_id: int) -> None:
        self.blocked.discard(int(user_id))

    def forget_chat(self, chat_id: int) -> None:
        """The chat is gone (deleted, or the bot was removed): "Bad Request: chat not found"."""
        self.chats.pop(int(chat_id), None)
        if self._bulk_language(int(chat_id))[0]:
            self._bulk_forgotten.add(int(chat_id))

    def add_member(self, chat_id: int, user: Any, status: str = "member") -> None:
        """Set a person's status in a group or channel: creator, administrator, member, left, kicked."""
        self._members.setdefault(int(chat_id), {})[self._user(user)["id"]] = status

    def member_status(self, chat_id: int, user_id: int) -> str:
        return self._members.get(int(chat_id), {}).get(int(user_id), "left")

    def join_requests(self, chat_id: int) -> set[int]:
        """Ids of the people whose join requests to the chat are pending."""
        return set(self._join_requests.get(int(chat_id), {}))

    def invite_links(self, chat_id: int) -> list[JsonDict]:
        return copy.deepcopy(self._invite_links.get(int(chat_id), []))

    def commands(self, scope: JsonDict | None = None, language_code: str = "") -> list[JsonDict]:
        """The commands set with setMyCommands for this scope and language."""
        return copy.deepcopy(self._commands.get(commands_key(scope, language_code), []))

    def _user(self, user: Any) -> JsonDict:
        user = plain(user)
        user_id = user["id"] if isinstance(user, dict) else int(user)
        found = self._user_by_id(user_id)
        if found is None:
            raise ValueError(f"user {user_id} is not registered (api.user)")
        return found

    def _bot_user(self) -> JsonDict:
        """The bot as a User inside messages and links (getMe alone tells the can_* fields)."""
        return {key: self.me[key] for key in ("id", "is_bot", "first_name", "username")}

    def _chat(self, chat_id: Any) -> JsonDict:
        if chat_id is None or chat_id == "":
            raise bad("chat_id is empty")
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            for chat in self.chats.values():
                if chat.get("username", "").lower() == chat_id[1:].lower():
                    return chat
            raise ApiError(400, CHAT_NOT_FOUND)
        try:
            key = int(chat_id)
        except (TypeError, ValueError):
            raise ApiError(400, CHAT_NOT_FOUND) from None
        chat = self._chat_by_id(key)
        if chat is None:
            raise ApiError(400, CHAT_NOT_FOUND)
        return chat

    def _writable_chat(self, chat_id: Any) -> JsonDict:
        chat = self._chat(chat_id)
        if chat["id"] in self.migrated:
            raise ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat",
                           {"migrate_to_chat_id": self.migrated[chat["id"]]})
        if chat["type"] == "private" and chat["id"] in self.blocked:
            raise ApiError(403, BLOCKED)
        if chat["type"] == "private" and chat["id"] in self._not_started and not self._asks_to_join(chat["id"]):
            raise ApiError(403, CANT_INITIATE)
        return chat

    def _asks_to_join(self, user_id: int) -> bool:
        """Whether a join request of theirs is pending and young enough that the bot may write to them."""
        now = self._clock()
        return any(
            user_id in pending and now - pending[user_id].at <= JOIN_REQUEST_CHAT_SECONDS
            for pending in self._join_requests.values()
        )

    def _group_chat(self, chat_id: Any) -> JsonDict:
        chat = self._chat(chat_id)
        if chat["type"] == "private":
            raise bad("method is available for supergroup and channel chats only")
        return chat

    def _chat_member(self, user: JsonDict, status: str) -> JsonDict:
        member: JsonDict = {"status": status, "user": copy.deepcopy(user)}
        if status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            member.update(
                {
                    "can_be_edited": False,
                    "is_anonymous": False,
                    "can_manage_chat": True,
                    "can_delete_messages": True,
                    "can_manage_video_chats": True,
                    "can_restrict_members": True,
                    "can_promote_members": False,
                    "can_change_info": True,
                    "can_invite_users": True,
                    "can_post_stories": False,
                    "can_edit_stories": False,
                    "can_delete_stories": False,
                }
            )
        elif status == "kicked":
            member["until_date"] = 0
        return member
