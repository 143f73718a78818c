"""Talking it over in chat: a dream's comments (shown on its project too) and a topic's, writing and replying,
reporting a comment, topics (/topic, /topics) and turning one's own into a dream, the bank manager's /reports
with hiding, keeping and pausing a member, and what the notices about comments say."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..errors import Refused
from ..i18n import Text, _
from ..formats import Moment
from ..model.members import FORMER_MEMBER
from ..usecases import access, talk
from ..views.actions import Action, Press
from ..views.paging import page_arg
from ..views.talk import reported_card, thread_card, topic_card, topics_listing
from ..views.text import excerpt
from .buttons import ButtonCodec
from .layout import as_message
from .replies import Button, Message
from .turn import Turn


async def comments(t: Turn, dream_id: int) -> list[Message]:
    return [as_message(thread_card(await talk.thread(t.uow, t.clock, t.actor, dream_id=dream_id)), t.codec)]


async def topic_comments(t: Turn, topic_id: int) -> list[Message]:
    return [as_message(thread_card(await talk.thread(t.uow, t.clock, t.actor, topic_id=topic_id)), t.codec)]


async def _can_write(t: Turn, thread: talk.Thread) -> None:
    if thread.write_refusal is not None:
        raise Refused(thread.write_refusal)


async def write(t: Turn, press: Press) -> list[Message]:
    thread = await talk.thread(t.uow, t.clock, t.actor, dream_id=press.number(0))
    await _can_write(t, thread)
    return await t.start_dialog("talk_comment", {"dream_id": press.number(0)})


async def write_on_topic(t: Turn, press: Press) -> list[Message]:
    thread = await talk.thread(t.uow, t.clock, t.actor, topic_id=press.number(0))
    await _can_write(t, thread)
    return await t.start_dialog("talk_comment", {"topic_id": press.number(0)})


async def reply(t: Turn, press: Press) -> list[Message]:
    answered = await t.uow.talk.get_comment(press.number(0))
    if answered is None or answered.branch_id != t.actor.branch_id:
        raise Refused(_("That comment does not exist any more."))
    refusal = await talk.mute_refusal(t.uow, t.clock, t.actor, answered.branch_id)
    if refusal is not None:
        raise Refused(refusal)
    return [Message.of(_("Your reply to: {text}", text=excerpt(answered.text, 200))),
            *await t.start_dialog("talk_comment", {"reply_to": answered.id})]


async def report(t: Turn, press: Press) -> list[Message]:
    await talk.report(t.uow, t.clock, t.actor, press.number(0))
    return [Message.of(_("Thank you. The bank manager will look at the comment."))]


async def new_topic(t: Turn) -> list[Message]:
    return await t.start_dialog("topic")


async def topics(t: Turn, page: int = 1) -> list[Message]:
    return [as_message(topics_listing(await talk.topics(t.uow, t.actor.branch_id), page), t.codec)]


async def open_topic(t: Turn, topic_id: int, replaces: bool = False) -> list[Message]:
    facts = await talk.topic_facts(t.uow, t.actor, topic_id)
    return [as_message(topic_card(facts, t.actor.id or 0), t.codec, replaces=replaces)]


async def support(t: Turn, press: Press) -> list[Message]:
    await talk.support(t.uow, t.clock, t.actor, press.number(0))
    return await open_topic(t, press.number(0), replaces=True)


async def topic_dream(t: Turn, press: Press) -> list[Message]:
    topic = await talk.ensure_can_dream(t.uow, t.actor, press.number(0))
    return [Message.of(_("Let's make “{title}” a dream. Your topic's words are offered: press “Keep this” (or send "
                         "/keep) to use them.", title=topic.title)),
            *await t.start_dialog("topic_dream", {"topic_id": topic.id},
                                  {"title": topic.title[:120], "story": topic.text})]


async def reports(t: Turn) -> list[Message]:
    found = await talk.open_reports(t.uow, t.clock, t.actor)
    if not found:
        return [Message.of(_("No reported comments are waiting. Thank you for keeping an eye out."))]
    return [as_message(reported_card(r), t.codec) for r in found[:10]]


async def hide(t: Turn, press: Press) -> list[Message]:
    found = await t.uow.talk.get_comment(press.number(0))
    await talk.require_moderator(t.uow, t.actor, found.branch_id if found else t.branch.id)
    return await t.start_dialog("moderate", {"comment_id": press.number(0), "hide": True})


async def restore(t: Turn, press: Press) -> list[Message]:
    found = await t.uow.talk.get_comment(press.number(0))
    await talk.require_moderator(t.uow, t.actor, found.branch_id if found else t.branch.id)
    return await t.start_dialog("moderate", {"comment_id": press.number(0), "hide": False})


async def mute(t: Turn, press: Press) -> list[Message]:
    made = await talk.mute(t.uow, t.clock, t.actor, press.number(0), press.number(1))
    name = await access.name_of(t.uow, made.member_id)
    return [Message.of(_("{name} cannot comment until {date}. They are told.", name=name,
                         date=Moment(made.until, t.branch.timezone)))]


COMMANDS = {"topic": new_topic, "topics": lambda t: topics(t, page_arg(t.args)), "reports": reports}

PRESSES = {
    Action.COMMENTS: lambda t, p: comments(t, p.number(0)), Action.WRITE_COMMENT: write, Action.REPLY: reply,
    Action.REPORT_COMMENT: report, Action.HIDE_COMMENT: hide, Action.RESTORE_COMMENT: restore, Action.MUTE: mute,
    Action.TOPICS: lambda t, p: topics(t, page_arg(p.args)), Action.OPEN_TOPIC: lambda t, p: open_topic(t, p.number(0)),
    Action.SUPPORT_TOPIC: support, Action.TOPIC_COMMENTS: lambda t, p: topic_comments(t, p.number(0)),
    Action.WRITE_TOPIC_COMMENT: write_on_topic, Action.TOPIC_DREAM: topic_dream,
    Action.NEW_TOPIC: lambda t, p: new_topic(t),
}


# -- notices -------------------------------------------------------------------------------------

def _posted(p: dict[str, Any]) -> list[Text]:
    lead = (_("💬 {author} replied in “{title}”:", author=p["author"], title=p["title"]) if p.get("reply")
            else _("💬 {author} commented on “{title}”:", author=p["author"], title=p["title"]))
    return [lead, excerpt(p["text"], 500)]


def _posted_buttons(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    if p.get("dream_id"):
        return [[Button(_("See the comments"), codec.encode(Action.COMMENTS, p["dream_id"])),
                 Button(_("Reply"), codec.encode(Action.REPLY, p["comment_id"]))]]
    return [[Button(_("See the comments"), codec.encode(Action.TOPIC_COMMENTS, p["topic_id"])),
             Button(_("Reply"), codec.encode(Action.REPLY, p["comment_id"]))]]


def _shown(p: dict[str, Any]) -> list[Text | str]:
    """A comment written elsewhere, in the thread of the dream's post."""
    if p.get("hidden"):
        return [_("A comment here was hidden by the bank manager.")]
    author = FORMER_MEMBER if p.get("former") else p["author"]
    return [_("💬 {author} replied:", author=author) if p.get("reply_to")
            else _("💬 {author} wrote:", author=author), p["text"]]


def _muted(p: dict[str, Any]) -> list[Text]:
    until = Moment(datetime.fromisoformat(p["until"]), p.get("zone") or "UTC")
    return [_("The bank manager paused your comments in the branch until {date}, after several were hidden. "
              "You can still read along, like and help.", date=until)]


NOTICES = {
    "comment_posted": (_posted, _posted_buttons),
    "comment_post": (_shown, lambda c, p: []),
    "comment_reported": (lambda p: [_("⚑ A comment was reported: {text}", text=excerpt(p["text"], 300)),
                                    _("See /reports to hide it or keep it.")], lambda c, p: []),
    "comment_hidden": (lambda p: [_("The bank manager hid your comment: {text}", text=excerpt(p["text"], 200)),
                                  _("Why: {reason}", reason=p["reason"])], lambda c, p: []),
    "member_muted": (_muted, lambda c, p: []),
}
