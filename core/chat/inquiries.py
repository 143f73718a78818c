"""One entrance in chat: `/ask` asks the municipality, `/inquiries` is a consultant's desk (an admin's: the whole
branch's) and an enthusiast's own list, the thread with Answer and Hand over, `/expertise` for a consultant, and what
the notices of an inquiry say."""

from __future__ import annotations

from typing import Any

from ..errors import Refused
from ..i18n import Text, _, ngettext
from ..usecases import inquiries
from ..views.actions import Action, Press
from ..views.inquiries import desk_listing, thread_card
from ..views.model import Act, Choice
from ..views.paging import page_arg
from ..views.text import excerpt
from .buttons import ButtonCodec
from .layout import as_buttons, as_message
from .replies import Button, Message
from .turn import Turn


async def ask(t: Turn) -> list[Message]:
    """`/ask` opens the question; `/ask May we use the hall?` asks at once."""
    if not t.args:
        return await t.start_dialog("inquiry_ask")
    asked = await inquiries.ask(t.uow, t.clock, t.actor, t.branch, t.rest or " ".join(t.args))
    return [Message.of(_("Your inquiry no. {id} is with {owner}, who will answer you here.", id=asked.id,
                         owner=await inquiries.name_of(t.uow, asked.owner_id))),
            await _thread(t, asked.id or 0)]


async def inquiries_(t: Turn, page: int = 1) -> list[Message]:
    desk = await inquiries.desk(t.uow, t.clock, t.actor, t.branch)
    return [as_message(desk_listing(desk, page), t.codec)]


async def topics(t: Turn) -> list[Message]:
    """`/expertise halls, roads`: a consultant's keywords; `/expertise` asks for them."""
    if not t.args:
        if not await inquiries.is_staff(t.uow, t.actor, t.branch.id):
            raise Refused(_("Topics are for the branch's consultants."))
        return await t.start_dialog("inquiry_topics")
    chosen = await inquiries.set_topics(t.uow, t.clock, t.actor, t.branch, t.rest or " ".join(t.args))
    return [Message.of(_("Your topics: {topics}.", topics=", ".join(chosen)) if chosen
                       else _("You have no topics now: inquiries come to you in turn."))]


async def _thread(t: Turn, inquiry_id: int, replaces: bool = False) -> Message:
    seen = await inquiries.thread(t.uow, t.actor, inquiry_id)
    return as_message(thread_card(seen, t.actor), t.codec, replaces=replaces)


async def _open(t: Turn, press: Press) -> list[Message]:
    return [await _thread(t, press.number(0))]


async def _answer(t: Turn, press: Press) -> list[Message]:
    seen = await inquiries.thread(t.uow, t.actor, press.number(0))
    if not seen.may_answer:
        raise Refused(_("Only the consultant who owns this inquiry, or the branch admin, can answer it."))
    return await t.start_dialog("inquiry_answer", {"inquiry": press.number(0)})


async def _reply(t: Turn, press: Press) -> list[Message]:
    seen = await inquiries.thread(t.uow, t.actor, press.number(0))
    if seen.inquiry.asker_id != t.actor.id:
        raise Refused(_("Only the one who asked can reply in this thread."))
    return await t.start_dialog("inquiry_reply", {"inquiry": press.number(0)})


async def _hand_over(t: Turn, press: Press) -> list[Message]:
    inquiry_id = press.number(0)
    seen = await inquiries.thread(t.uow, t.actor, inquiry_id)
    if not seen.may_answer:
        raise Refused(_("Only the consultant who owns this inquiry, or the branch admin, can hand it over."))
    people = await inquiries.colleagues(t.uow, t.actor, inquiry_id)
    if not people:
        raise Refused(_("There is no colleague in the branch to hand it to."))
    options = tuple(Act.to(Action.HAND_TO, m.display_name, inquiry_id, m.id) for m in people)
    return [as_message(Choice(_("Hand inquiry no. {id} over to whom? They answer in the same thread.",
                                id=inquiry_id), options), t.codec)]


async def _hand_to(t: Turn, press: Press) -> list[Message]:
    handed = await inquiries.hand_over(t.uow, t.clock, t.actor, press.number(0), press.number(1))
    return [Message.of(_("Inquiry no. {id} is with {name} now; the one who asked is told.", id=handed.id,
                         name=await inquiries.name_of(t.uow, handed.owner_id)))]


async def _close(t: Turn, press: Press) -> list[Message]:
    closed = await inquiries.close(t.uow, t.clock, t.actor, press.number(0))
    return [await _thread(t, closed.id or 0, replaces=True)]


COMMANDS = {"ask": ask, "inquiries": inquiries_, "expertise": topics}
PRESSES = {
    Action.INQUIRIES: lambda t, p: inquiries_(t, page_arg(p.args)), Action.ASK: lambda t, p: ask(t),
    Action.OPEN_INQUIRY: _open, Action.ANSWER_INQUIRY: _answer, Action.REPLY_INQUIRY: _reply,
    Action.HAND_OVER: _hand_over, Action.HAND_TO: _hand_to, Action.CLOSE_INQUIRY: _close,
}


def _open_button(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    return as_buttons([[Act.to(Action.OPEN_INQUIRY, _("Open the thread"), p["inquiry_id"])]], codec)


def _assigned(p: dict[str, Any]) -> list[Text]:
    lines = [_("📨 Inquiry no. {id} from {asker} is yours to answer: open the thread to read it.",
               id=p["inquiry_id"], asker=p["asker"])]
    if p.get("handed_by"):
        lines.insert(0, _("{name} handed it over to you.", name=p["handed_by"]))
    if p.get("no_consultant"):
        lines.append(_("The branch has no consultant, so it comes to you as its admin."))
    return lines


def _owner(p: dict[str, Any]) -> list[Text]:
    if p.get("handed"):
        return [_("↪ Your inquiry no. {id} is with {owner} now. You do not need to ask again: the answer comes "
                  "here, in the same thread.", id=p["inquiry_id"], owner=p["owner"])]
    return [_("📨 Your inquiry no. {id} is with {owner}, who will answer you here.", id=p["inquiry_id"],
              owner=p["owner"])]


def _message(p: dict[str, Any]) -> list[Text]:
    if p.get("kind") == "answer":
        return [_("💬 {name} answered your inquiry no. {id}:", name=p["author"], id=p["inquiry_id"]),
                excerpt(p["text"], 1500)]
    return [_("💬 {name} replied in inquiry no. {id}: open the thread to read it.", name=p["author"],
              id=p["inquiry_id"])]


def _message_buttons(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    row = [Act.to(Action.OPEN_INQUIRY, _("Open the thread"), p["inquiry_id"])]
    if p.get("kind") == "answer":
        row.append(Act.to(Action.REPLY_INQUIRY, _("Reply"), p["inquiry_id"]))
    else:
        row.append(Act.to(Action.ANSWER_INQUIRY, _("Answer"), p["inquiry_id"]))
    return as_buttons([row], codec)


def _late(p: dict[str, Any]) -> list[Text]:
    if p.get("admin"):
        return [ngettext("⏰ Inquiry no. {id} from {asker}, with {owner}, is still not answered after {count} working "
                         "day and a day more.", "⏰ Inquiry no. {id} from {asker}, with {owner}, is still not answered "
                         "after {count} working days and a day more.", p["days"], id=p["inquiry_id"],
                         asker=p["asker"], owner=p["owner"])]
    return [ngettext("⏰ Inquiry no. {id} from {asker} is waiting for your answer: the branch answers within {count} "
                     "working day.", "⏰ Inquiry no. {id} from {asker} is waiting for your answer: the branch answers "
                     "within {count} working days.", p["days"], id=p["inquiry_id"], asker=p["asker"])]


NOTICES = {
    "inquiry_assigned": (_assigned, _open_button),
    "inquiry_owner": (_owner, _open_button),
    "inquiry_message": (_message, _message_buttons),
    "inquiry_late": (_late, _open_button),
}
