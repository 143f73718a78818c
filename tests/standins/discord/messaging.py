"""Messages as Discord keeps them: creating, editing and deleting them, with the dispatch each causes.

Shared by the channel routes, interaction responses and interaction webhooks (followups).
"""

from __future__ import annotations

import copy
import re

from tests.standins.discord.records import (
    DiscordError,
    JsonDict,
    Upload,
    archived_thread,
    cannot_dm,
    invalid_form,
    missing_access,
    unknown_channel,
    unknown_message,
)
from tests.standins.discord.snowflakes import iso_now, snowflake
from tests.standins.discord.validation import check_message
from tests.standins.discord.world import CATEGORY, DM, FORUM, THREADS, World

EPHEMERAL = 1 << 6
LOADING = 1 << 7
SENDABLE_FLAGS = (1 << 2) | (1 << 12) | (1 << 15)  # suppress embeds, suppress notifications, components v2
DEFAULT, REPLY, CHAT_INPUT_COMMAND, THREAD_STARTER = 0, 19, 20, 21
USER_MENTION = re.compile(r"<@!?(\d+)>")
ROLE_MENTION = re.compile(r"<@&(\d+)>")
EDITABLE = ("content", "embeds", "components", "flags", "allowed_mentions", "attachments")


class Messaging(World):
    """Creates, edits and deletes messages in the world (mixed into DiscordStandIn)."""

    api_url: str
    uploads: dict[int, Upload]
    sent_count: int

    def sendable_channel(self, channel_id: int) -> JsonDict:
        """The channel the bot posts to, or Discord's refusal (unknown, no access, DMs closed, archived)."""
        channel = self.channels.get(channel_id)
        if channel is None:
            raise unknown_channel()
        if channel_id in self.hidden_channels:
            raise missing_access()
        if channel["type"] in (CATEGORY, FORUM):
            raise DiscordError(400, 50008, "Cannot send messages in a non-text channel")
        if channel["type"] == DM and self.dm_recipient(channel_id) in self.closed_dms:
            raise cannot_dm()
        if channel["type"] in THREADS:
            metadata = channel["thread_metadata"]
            if metadata.get("locked"):
                raise archived_thread()
            if metadata.get("archived"):
                metadata["archived"] = False  # posting in an archived thread opens it again
                self._dispatch("THREAD_UPDATE", copy.deepcopy(channel))
        return channel

    def create_message(
        self,
        channel_id: int,
        body: JsonDict,
        files: list[Upload] | None = None,
        *,
        kind: int = DEFAULT,
        extra_flags: int = 0,
        interaction: JsonDict | None = None,
        validate: bool = True,
        dispatch: bool = True,
        message_id: int | None = None,
    ) -> JsonDict:
        """A new message by the bot in a channel; ephemeral ones are kept but never dispatched."""
        files = files or []
        if validate:
            check_message(body, files=len(files))
        flags = (int(body.get("flags") or 0) & (SENDABLE_FLAGS | EPHEMERAL)) | extra_flags
        channel = self.channels[channel_id]
        message_id = message_id or snowflake()
        message: JsonDict = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "author": copy.deepcopy(self.bot),
            "content": body.get("content") or "",
            "timestamp": iso_now(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts")),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": self._attachments(channel_id, body, files, []),
            "embeds": [self._embed(embed) for embed in body.get("embeds") or []],
            "components": copy.deepcopy(body.get("components") or []),
            "pinned": False,
            "type": kind,
            "flags": flags,
        }
        if channel.get("guild_id"):
            message["guild_id"] = channel["guild_id"]
        if interaction is not None:
            message["webhook_id"] = str(self.application_id)
            message["application_id"] = str(self.application_id)
            message["interaction_metadata"] = interaction
        reference = body.get("message_reference")
        if reference:
            self._reply_to(message, reference, channel_id)
        self._mentions(message, body)
        self.store[channel_id][message_id] = message
        self.message_channel[message_id] = channel_id
        self.sent_count += 1
        if not flags & EPHEMERAL:
            channel["last_message_id"] = str(message_id)
            if channel["type"] in THREADS:
                channel["message_count"] = channel.get("message_count", 0) + 1
                channel["total_message_sent"] = channel.get("total_message_sent", 0) + 1
            if dispatch:
                self._dispatch("MESSAGE_CREATE", copy.deepcopy(message))
        self._changed()
        return copy.deepcopy(message)

    def edit_message(
        self, channel_id: int, message_id: int, body: JsonDict, files: list[Upload] | None = None
    ) -> JsonDict:
        message = self.find_message(channel_id, message_id)
        check_message(body, files=len(files or []), editing=True)
        changes = {key: body[key] for key in EDITABLE if key in body}
        if "content" in changes:
            message["content"] = changes["content"] or ""
        if "embeds" in changes:
            message["embeds"] = [self._embed(embed) for embed in changes["embeds"] or []]
        if "components" in changes:
            message["components"] = copy.deepcopy(changes["components"] or [])
        if "flags" in changes and changes["flags"] is not None:
            message["flags"] = (message["flags"] & (EPHEMERAL | LOADING)) | (int(changes["flags"]) & SENDABLE_FLAGS)
        if "attachments" in changes or files:
            message["attachments"] = self._attachments(channel_id, body, files or [], message["attachments"])
        if "allowed_mentions" in changes or "content" in changes:
            self._mentions(message, body)
        message["flags"] &= ~LOADING
        if not (message["content"] or message["embeds"] or message["components"] or message["attachments"]):
            raise DiscordError(400, 50006, "Cannot send an empty message")
        message["edited_timestamp"] = iso_now()
        if not message["flags"] & EPHEMERAL:
            self._dispatch("MESSAGE_UPDATE", copy.deepcopy(message))
        self._changed()
        return copy.deepcopy(message)

    def delete_message(self, channel_id: int, message_id: int) -> None:
        message = self.find_message(channel_id, message_id)
        del self.store[channel_id][message_id]
        payload = {"id": str(message_id), "channel_id": str(channel_id)}
        if message.get("guild_id"):
            payload["guild_id"] = message["guild_id"]
        if not message["flags"] & EPHEMERAL:
            self._dispatch("MESSAGE_DELETE", payload)
        self._changed()

    def find_message(self, channel_id: int, message_id: int) -> JsonDict:
        if channel_id not in self.channels:
            raise unknown_channel()
        message = self.store.get(channel_id, {}).get(message_id)
        if message is None:
            raise unknown_message()
        return message

    def message_by_id(self, message_id: int) -> JsonDict:
        channel_id = self.message_channel.get(message_id)
        if channel_id is None or message_id not in self.store.get(channel_id, {}):
            raise unknown_message()
        return self.store[channel_id][message_id]

    def _attachments(
        self, channel_id: int, body: JsonDict, files: list[Upload], kept: list[JsonDict]
    ) -> list[JsonDict]:
        described = {str(item.get("id")): item for item in body.get("attachments") or []}
        result = [item for item in kept if str(item["id"]) in described] if "attachments" in body else list(kept)
        for index, upload in enumerate(files):
            attachment_id = snowflake()
            self.uploads[attachment_id] = upload
            info = described.get(str(index), {})
            filename = info.get("filename") or upload.filename
            url = f"{self.api_url}/attachments/{channel_id}/{attachment_id}/{filename}"
            item: JsonDict = {
                "id": str(attachment_id),
                "filename": filename,
                "size": len(upload.content),
                "url": url,
                "proxy_url": url,
                "content_type": upload.content_type,
            }
            if info.get("description"):
                item["description"] = info["description"]
            result.append(item)
        return result

    @staticmethod
    def _embed(embed: JsonDict) -> JsonDict:
        shown = copy.deepcopy(embed)
        shown.setdefault("type", "rich")
        return shown

    def _reply_to(self, message: JsonDict, reference: JsonDict, channel_id: int) -> None:
        target_id = int(reference.get("message_id") or 0)
        target_channel = int(reference.get("channel_id") or channel_id)
        target = self.store.get(target_channel, {}).get(target_id)
        if target is None:
            if reference.get("fail_if_not_exists", True):
                raise invalid_form(
                    {
                        "message_reference": {
                            "_errors": [{"code": "REPLIES_UNKNOWN_MESSAGE", "message": "Unknown message"}]
                        }
                    }
                )
            return
        message["type"] = REPLY
        message["message_reference"] = {"type": 0, "message_id": str(target_id), "channel_id": str(target_channel)}
        if target.get("guild_id"):
            message["message_reference"]["guild_id"] = target["guild_id"]
        message["referenced_message"] = copy.deepcopy(target)

    def _mentions(self, message: JsonDict, body: JsonDict) -> None:
        """Who is pinged, honouring ``allowed_mentions`` as Discord does (absent: everything may ping)."""
        allowed = body.get("allowed_mentions")
        parse: list[str] = ["everyone", "users", "roles"] if allowed is None else list(allowed.get("parse") or [])
        users = {str(u) for u in (allowed or {}).get("users") or []}
        roles = {str(r) for r in (allowed or {}).get("roles") or []}
        content = message["content"]
        message["mention_everyone"] = "everyone" in parse and ("@everyone" in content or "@here" in content)
        mentioned = [u for u in USER_MENTION.findall(content) if "users" in parse or u in users]
        message["mentions"] = [
            copy.deepcopy(self.users[int(u)]) for u in dict.fromkeys(mentioned) if int(u) in self.users
        ]
        message["mention_roles"] = [
            r for r in dict.fromkeys(ROLE_MENTION.findall(content)) if "roles" in parse or r in roles
        ]

    def _changed(self) -> None:
        raise NotImplementedError
