"""Linking a chat to a branch: `/link` typed by a member there, or, in a channel, where no author is known,
a button that a branch admin who administers the channel presses."""

from __future__ import annotations

from ..errors import Refused
from ..i18n import Text, _
from ..model.branches import Branch, ChatLink, ChatPurpose
from ..usecases import access
from ..usecases.chats import PURPOSES, link_chat
from .buttons import Action, ButtonCodec, Press
from .replies import Button, Message
from .turn import ChatPlace, Turn

#: a private chat is no place for /link
NOT_HERE = _("Write /link in the group or channel itself, not in a private chat.")
LINK_HINT = _("Write /link board in the board's group, /link bank in the bank's channel or group, or /link circle "
              "in the pådrivere's closed group.")


async def link_here(t: Turn, branch_id: int, purpose: ChatPurpose, role_id: str = "") -> Message:
    """Make the chat the input came from the branch's chat for `purpose`; only a branch admin may (link_chat).
    `role_id` names the role that opens the chat, on a platform whose chats a role opens."""
    if t.place is None:
        raise Refused(NOT_HERE)
    await link_chat(t.uow, t.clock, t.actor, ChatLink(branch_id, purpose, t.actor_platform(), t.place.chat_id,
                                                      t.place.title, role_id=role_id))
    branch = await access.branch_of(t.uow, branch_id)
    if purpose is ChatPurpose.CIRCLE and role_id:
        return Message.of(_("This is now the pådrivere's place of {branch}. Approved pådrivere get the role that "
                            "opens it, and lose it when they leave the circle.", branch=branch.name))
    if purpose is ChatPurpose.CIRCLE:
        return Message.of(_("This group is now the closed group of the pådrivere of {branch}. Approved pådrivere "
                            "get a link to ask to join, and I let them in.", branch=branch.name))
    if purpose is ChatPurpose.BOARD:
        return Message.of(_("This group is now the board of {branch}. New dreams will be posted here for the "
                            "board's votes.", branch=branch.name))
    return Message.of(_("This chat now shows the bank of {branch}: approved dreams will be posted here.",
                        branch=branch.name))


def link_offer(codec: ButtonCodec, branch: Branch, place: ChatPlace, text: str) -> list[Message]:
    """What a channel post of `/link <purpose>` gets: a button to link the channel, as nobody can be checked
    until someone presses it. Other posts get nothing."""
    name, *args = text[1:].split()[:2] if text.startswith("/") else [""]
    if name.split("@", 1)[0].lower() != "link":
        return []
    purpose = PURPOSES.get(args[0].lower()) if args else None
    if purpose is None:
        return [Message.of(LINK_HINT)]
    labels: dict[ChatPurpose, Text] = {
        ChatPurpose.BANK: _("Link this chat as the bank of {branch}", branch=branch.name),
        ChatPurpose.BOARD: _("Link this chat as the board of {branch}", branch=branch.name),
        ChatPurpose.CIRCLE: _("Link this chat as the pådrivere's group of {branch}", branch=branch.name),
    }
    token = codec.encode(Action.LINK_CHAT, branch.id, purpose.value, place.chat_id)
    return [Message.of(_("A branch admin of {branch} who is also an administrator here links this chat with the "
                         "button below.", branch=branch.name), buttons=[[Button(labels[purpose], token)]])]


async def link_press(t: Turn, press: Press) -> list[Message]:
    """The button of link_offer: the presser must administer the chat (the platform says) and the branch."""
    branch_id, purpose, chat_id = press.number(0), PURPOSES.get(press.args[1]), press.args[2]
    if purpose is None or t.place is None or t.place.chat_id != chat_id:
        raise ValueError(press.args)  # the conversation says the button is not valid
    if not t.place.admin:
        raise Refused(_("Only an administrator of this chat can link it; your press changed nothing."))
    message = await link_here(t, branch_id, purpose)
    return [Message(message.lines, replaces=True)]
