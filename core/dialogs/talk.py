"""The dialogs of talking it over: writing a comment or a reply, the bank manager's reason for hiding or keeping
one, opening a topic, and turning one's topic into a dream (the deposit, its words filled in from the topic)."""

from __future__ import annotations

from typing import Any

from ..clock import Clock
from ..i18n import Text, _
from ..model.branches import Branch
from ..model.members import Member
from ..model.talk import COMMENT_MAX, REASON_MAX, TOPIC_TEXT_MAX, TOPIC_TITLE_MAX
from ..ports import UnitOfWork
from ..usecases import talk
from ..views.actions import Action
from ..views.model import Act, Note, View
from .dreams import DEPOSIT, _dream_summary, draft
from .forms import Field, FieldKind, Form

Answers = dict[str, Any]


async def _comment(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers,
                   ctx: Answers) -> list[View]:
    said = await talk.comment(uow, clock, actor, a["text"], dream_id=ctx.get("dream_id"),
                              topic_id=ctx.get("topic_id"), reply_to=ctx.get("reply_to"))
    back = (Act.to(Action.COMMENTS, _("See the comments"), said.dream_id) if said.dream_id
            else Act.to(Action.TOPIC_COMMENTS, _("See the comments"), said.topic_id))
    return [Note.of(_("Your comment is posted. Thank you for joining in!"), actions=[[back]])]


async def _moderate(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers,
                    ctx: Answers) -> list[View]:
    if ctx.get("hide"):
        await talk.hide(uow, clock, actor, ctx["comment_id"], a["reason"])
        return [Note.of(_("The comment is hidden, and its writer is told why."))]
    await talk.restore(uow, clock, actor, ctx["comment_id"], a["reason"])
    return [Note.of(_("The comment stays to be read by everyone."))]


async def _topic(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers,
                 ctx: Answers) -> list[View]:
    topic = await talk.open_topic(uow, clock, actor, a["title"], a["text"])
    return [Note.of(_("Your topic “{title}” is open (no. {id}). Neighbours can support it and join in.",
                      title=topic.title, id=topic.id),
                    actions=[[Act.to(Action.OPEN_TOPIC, _("Open the topic"), topic.id)]])]


async def _topic_dream(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers,
                       ctx: Answers) -> list[View]:
    dream = await talk.topic_to_dream(uow, clock, actor, ctx["topic_id"], draft(a))
    return [Note.of(_("Thank you! “{title}” is deposited (no. {id}). The board will look at it and you will hear "
                      "from them here.", title=dream.title, id=dream.id),
                    _("Those who supported the topic follow the dream now."),
                    actions=[[Act.to(Action.MINE, _("My dreams"))]])]


def _topic_summary(a: Answers) -> list[Text]:
    return [_("Title: {title}", title=a["title"]), a["text"]]


TALK_COMMENT = Form("talk_comment", _("Your comment"), (
    Field("text", FieldKind.LONG_TEXT, _("Write your comment. Be kind: everyone can read it, on the web too."),
          max_length=COMMENT_MAX),
), finish=_comment)

MODERATE = Form("moderate", _("Moderation"), (
    Field("reason", FieldKind.LONG_TEXT, _("Why? The reason is kept, and told to the writer when hiding."),
          max_length=REASON_MAX),
), finish=_moderate)

TOPIC = Form("topic", _("New topic"), (
    Field("title", FieldKind.TEXT, _("What is the topic? A question or something going on, in a short title."),
          max_length=TOPIC_TITLE_MAX),
    Field("text", FieldKind.LONG_TEXT, _("Tell a little more, so neighbours can join in."),
          max_length=TOPIC_TEXT_MAX),
), summary=_topic_summary, confirm_label=_("Open the topic"), finish=_topic)

TOPIC_DREAM = Form("topic_dream", _("Your dream"), DEPOSIT.fields, summary=_dream_summary,
                   confirm_label=_("Deposit my dream"), finish=_topic_dream)

FORMS = (TALK_COMMENT, MODERATE, TOPIC, TOPIC_DREAM)
