"""The dialogs of one entrance: asking the municipality, a consultant's answer, the enthusiast's reply in the same
thread, and a consultant's topics."""

from __future__ import annotations

from typing import Any

from ..clock import Clock
from ..i18n import _, join
from ..model.branches import Branch
from ..model.inquiries import QUESTION_MAX
from ..model.members import Member
from ..ports import UnitOfWork
from ..usecases import inquiries
from ..views.inquiries import thread_card
from ..views.model import Note, View
from .forms import Field, FieldKind, Form

Answers = dict[str, Any]


async def _thread(uow: UnitOfWork, actor: Member, inquiry_id: int) -> View:
    return thread_card(await inquiries.thread(uow, actor, inquiry_id), actor)


async def _ask(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers, ctx: Answers
               ) -> list[View]:
    asked = await inquiries.ask(uow, clock, actor, branch, a["question"])
    return [Note.of(_("Your inquiry no. {id} is with {owner}, who will answer you here.", id=asked.id,
                      owner=await inquiries.name_of(uow, asked.owner_id))),
            await _thread(uow, actor, asked.id or 0)]


async def _answer(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers, ctx: Answers
                  ) -> list[View]:
    done = await inquiries.answer(uow, clock, actor, int(ctx["inquiry"]), a["text"])
    return [Note.of(_("Your answer is in the thread, and the one who asked is told.")),
            await _thread(uow, actor, done.id or 0)]


async def _reply(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers, ctx: Answers
                 ) -> list[View]:
    done = await inquiries.reply(uow, clock, actor, int(ctx["inquiry"]), a["text"])
    return [Note.of(_("Your reply is in the thread, and {owner} is told.",
                      owner=await inquiries.name_of(uow, done.owner_id)))]


async def _topics(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers, ctx: Answers
                  ) -> list[View]:
    topics = await inquiries.set_topics(uow, clock, actor, branch, a["topics"])
    return [Note.of(_("Your topics: {topics}.", topics=join(list(topics))) if topics
                    else _("You have no topics now: inquiries come to you in turn."))]


ASK = Form("inquiry_ask", _("Ask the municipality"), (
    Field("question", FieldKind.LONG_TEXT, _("What would you like to ask the municipality? A consultant will answer "
                                             "you here."), max_length=QUESTION_MAX),), finish=_ask)
ANSWER = Form("inquiry_answer", _("Answer the inquiry"), (
    Field("text", FieldKind.LONG_TEXT, _("Write your answer. The one who asked gets it in the same thread."),
          max_length=QUESTION_MAX),), finish=_answer)
REPLY = Form("inquiry_reply", _("Reply in the thread"), (
    Field("text", FieldKind.LONG_TEXT, _("Write your reply. The consultant gets it in the same thread."),
          max_length=QUESTION_MAX),), finish=_reply)
TOPICS = Form("inquiry_topics", _("Your topics"), (
    Field("topics", FieldKind.TEXT, _("Which topics do you answer? Keywords separated by commas (like: halls, "
                                      "roads, culture), or - for none."), max_length=600),), finish=_topics)

FORMS = (ASK, ANSWER, REPLY, TOPICS)
