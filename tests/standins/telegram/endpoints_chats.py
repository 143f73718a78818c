"""Groups and channels: reading chats and members, invite links, join requests, bans."""

from __future__ import annotations

import copy
import secrets
from typing import TYPE_CHECKING

from tests.standins.telegram.endpoints import Req, method
from tests.standins.telegram.lengths import INVITE_LINK_NAME_LIMIT, utf16_len
from tests.standins.telegram.records import JsonDict, bad
from tests.standins.telegram.values import as_bool, as_int

if TYPE_CHECKING:
    from tests.standins.telegram.standin import BotApiStandIn


@method("getChat")
def get_chat(api: BotApiStandIn, req: Req) -> JsonDict:
    chat = copy.deepcopy(api._chat(req.get("chat_id")))
    chat.update(
        {
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }
    )
    return chat


@method("getChatMember")
def get_chat_member(api: BotApiStandIn, req: Req) -> JsonDict:
    chat = api._chat(req.get("chat_id"))
    user_id = as_int(req.get("user_id"), "user_id")
    if user_id == api.me["id"]:
        user = api._bot_user()
    elif (known := api._user_by_id(user_id)) is not None:
        user = known
    else:
        raise bad("user not found")
    if chat["type"] == "private":
        status = "member" if user_id in (chat["id"], api.me["id"]) else "left"
    else:
        status = api.member_status(chat["id"], user_id)
    return api._chat_member(user, status)


@method("createChatInviteLink")
def create_chat_invite_link(api: BotApiStandIn, req: Req) -> JsonDict:
    chat = api._group_chat(req.get("chat_id"))
    name = req.get("name")
    if name is not None and utf16_len(str(name)) > INVITE_LINK_NAME_LIMIT:
        raise bad("INVITE_LINK_NAME_INVALID")
    link: JsonDict = {
        "invite_link": "https://t.me/+" + secrets.token_urlsafe(12)[:16],
        "creator": api._bot_user(),
        "creates_join_request": as_bool(req.get("creates_join_request")),
        "is_primary": False,
        "is_revoked": False,
    }
    if name:
        link["name"] = str(name)
    if req.get("expire_date") is not None:
        link["expire_date"] = as_int(req.get("expire_date"), "expire_date")
    if req.get("member_limit") is not None:
        limit = as_int(req.get("member_limit"), "member_limit")
        if not 1 <= limit <= 99999:
            raise bad("USAGE_LIMIT_INVALID")
        link["member_limit"] = limit
    if link["creates_join_request"] and "member_limit" in link:
        raise bad("member limit can't be specified for links requiring administrator approval")
    api._invite_links.setdefault(chat["id"], []).append(link)
    return copy.deepcopy(link)


@method("revokeChatInviteLink")
def revoke_chat_invite_link(api: BotApiStandIn, req: Req) -> JsonDict:
    chat = api._group_chat(req.get("chat_id"))
    for link in api._invite_links.get(chat["id"], []):
        if link["invite_link"] == req.get("invite_link"):
            link["is_revoked"] = True
            return copy.deepcopy(link)
    raise bad("INVITE_HASH_EXPIRED")


@method("approveChatJoinRequest")
def approve_chat_join_request(api: BotApiStandIn, req: Req) -> bool:
    chat, user_id = _pending_request(api, req)
    api._members.setdefault(chat["id"], {})[user_id] = "member"
    return True


@method("declineChatJoinRequest")
def decline_chat_join_request(api: BotApiStandIn, req: Req) -> bool:
    _pending_request(api, req)
    return True


def _pending_request(api: BotApiStandIn, req: Req) -> tuple[JsonDict, int]:
    chat = api._group_chat(req.get("chat_id"))
    user_id = as_int(req.get("user_id"), "user_id")
    if api.member_status(chat["id"], user_id) in ("member", "administrator", "creator"):
        raise bad("USER_ALREADY_PARTICIPANT")
    if user_id not in api._join_requests.get(chat["id"], {}):
        raise bad("HIDE_REQUESTER_MISSING")
    _drop_request(api, chat["id"], user_id)
    return chat, user_id


def _drop_request(api: BotApiStandIn, chat_id: int, user_id: int) -> None:
    """The request is settled: it leaves the pending ones, and its link counts one fewer."""
    request = api._join_requests.get(chat_id, {}).pop(user_id, None)
    if request is None or request.link is None:
        return
    for link in api._invite_links.get(chat_id, []):
        if link["invite_link"] == request.link and link.get("pending_join_request_count"):
            link["pending_join_request_count"] -= 1
            if not link["pending_join_request_count"]:
                del link["pending_join_request_count"]
            return


def _person_in(api: BotApiStandIn, req: Req) -> int:
    """The user_id of a ban or unban: a person Telegram knows, or the bot itself."""
    user_id = as_int(req.get("user_id"), "user_id")
    if user_id <= 0:
        raise bad("invalid user_id specified")
    if user_id != api.me["id"] and api._user_by_id(user_id) is None:
        raise bad("PARTICIPANT_ID_INVALID")
    return user_id


@method("banChatMember")
def ban_chat_member(api: BotApiStandIn, req: Req) -> bool:
    chat = api._group_chat(req.get("chat_id"))
    user_id = _person_in(api, req)
    status = api.member_status(chat["id"], user_id)
    if user_id == api.me["id"] or status == "creator":
        raise bad("can't remove chat owner")
    if status == "administrator":
        raise bad("user is an administrator of the chat")
    api._members.setdefault(chat["id"], {})[user_id] = "kicked"
    _drop_request(api, chat["id"], user_id)
    return True


@method("unbanChatMember")
def unban_chat_member(api: BotApiStandIn, req: Req) -> bool:
    chat = api._group_chat(req.get("chat_id"))
    user_id = _person_in(api, req)
    status = api.member_status(chat["id"], user_id)
    if status == "kicked" or (status in ("member", "restricted") and not as_bool(req.get("only_if_banned"))):
        api._members.setdefault(chat["id"], {})[user_id] = "left"
    return True
