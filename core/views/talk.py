"""How talking it over looks: a dream's or topic's comments with Reply and Report (as lines for a chat, or as a
discussion of comments one by one for a page), a topic's card, the list of topics, and a reported comment as the
bank manager sees it in /reports."""

from __future__ import annotations

from dataclasses import dataclass

from ..formats import Moment
from ..i18n import Text, _, alone, ngettext
from ..model.talk import COMMENT_MAX, MUTE_DAYS, Comment, Topic
from ..usecases.talk import Reported, Thread, TopicFacts, mute_refusal_for
from .actions import Action
from .model import Act, Card, Entry, Fact, Listing
from .paging import page_of
from .text import excerpt

#: comments shown with their buttons: the newest ones (a thread longer than this shows its last ones)
SHOWN = 8
COMMENT_SHOWN = 500


def comments_button(dream_id: int | None, count: int) -> Act:
    return Act.to(Action.COMMENTS, ngettext("💬 Comments ({count})", "💬 Comments ({count})", count), dream_id)


def _said(number: int, c: Comment, name: str, moderator: bool, reply: bool) -> Text:
    lead = "    ↳ " if reply else ""
    if c.hidden and not moderator:
        return _("{lead}#{n} A comment hidden by the bank manager.", lead=lead, n=number)
    if c.hidden:
        return _("{lead}#{n} {name} (hidden: {reason}): {text}", lead=lead, n=number, name=name,
                 reason=c.hidden_reason, text=excerpt(c.text, COMMENT_SHOWN))
    return _("{lead}#{n} {name}: {text}", lead=lead, n=number, name=name, text=excerpt(c.text, COMMENT_SHOWN))


def thread_card(thread: Thread) -> Card:
    """The comments, numbered, each reply under what it answers; Reply and Report for the newest ones, and
    "Write a comment"."""
    flat: list[tuple[Comment, bool]] = []
    for top, replies in thread.comments:
        flat += [(top, False)] + [(r, True) for r in replies]
    body: list[Text | str] = [_said(n, c, thread.names.get(c.author_id, "—"), thread.moderator, reply)
                              for n, (c, reply) in enumerate(flat, 1)]
    if not flat:
        body.append(_("No comments yet. Be the first!"))
    rows: list[tuple[Act, ...]] = []
    for n, (c, _reply) in list(enumerate(flat, 1))[-SHOWN:]:
        if c.hidden:
            continue
        rows.append((Act.to(Action.REPLY, _("↩ Reply to #{n}", n=n), c.id, refused=thread.write_refusal),
                     Act.to(Action.REPORT_COMMENT, _("⚑ Report #{n}", n=n), c.id)))
    if thread.dream is not None:
        rows.append((Act.to(Action.WRITE_COMMENT, _("✏️ Write a comment"), thread.dream.id,
                            refused=thread.write_refusal),
                     Act.to(Action.OPEN_DREAM, _("Back to the dream"), thread.dream.id)))
        return Card("comments", thread.dream.id, _("💬 Comments on “{title}”", title=thread.title),
                    body=tuple(body), actions=tuple(rows))
    topic_id = thread.topic.id if thread.topic else None
    rows.append((Act.to(Action.WRITE_TOPIC_COMMENT, _("✏️ Write a comment"), topic_id, refused=thread.write_refusal),
                 Act.to(Action.OPEN_TOPIC, _("Back to the topic"), topic_id)))
    return Card("topic_comments", topic_id, _("💬 Comments on “{title}”", title=thread.title),
                body=tuple(body), actions=tuple(rows))


@dataclass(frozen=True)
class Said:
    """One comment as a reader sees it on a page: who wrote it and when, its words, the replies under it, and
    what the reader may do with it (reply to a comment, report one). One the bank manager hid shows its words
    and why only to the bank manager; others see that it was hidden, and neither who wrote it nor what."""

    id: int
    number: int
    author: str
    #: when it was written, in the branch's time zone, and the same instant for a machine (ISO 8601)
    at: Text
    instant: str
    text: Text | str
    hidden: bool = False
    note: Text | None = None
    replies: tuple["Said", ...] = ()
    actions: tuple[Act, ...] = ()


@dataclass(frozen=True)
class Discussion:
    """A dream's or topic's comments shown one by one, numbered as in chat, and writing a new one (allowed, or
    refused with why: a visitor, a member of another branch, one paused by the bank manager)."""

    title: Text
    comments: tuple[Said, ...]
    empty: Text
    write: Act
    #: the longest comment taken
    longest: int = COMMENT_MAX


def discussion(thread: Thread) -> Discussion:
    """The thread as a page shows it: every comment with its replies, numbered as thread_card numbers them."""
    numbers: dict[int | None, int] = {}
    for top, replies in thread.comments:
        for c in (top, *replies):
            numbers[c.id] = len(numbers) + 1

    def said(c: Comment, reply: bool, replies: tuple[Said, ...] = ()) -> Said:
        n, at, instant = numbers[c.id], alone(Moment(c.at, thread.timezone)), c.at.isoformat()
        if c.hidden and not thread.moderator:
            return Said(c.id or 0, n, "", at, instant, _("A comment hidden by the bank manager."), True,
                        replies=replies)
        acts: list[Act] = []
        if not c.hidden and not reply:
            acts.append(Act.to(Action.REPLY, _("↩ Reply to #{n}", n=n), c.id, refused=thread.write_refusal))
        if not c.hidden:
            own = thread.viewer_id is not None and c.author_id == thread.viewer_id
            refusal = (thread.write_refusal if not thread.in_branch
                       else _("That is your own comment.") if own else None)
            acts.append(Act.to(Action.REPORT_COMMENT, _("⚑ Report #{n}", n=n), c.id, refused=refusal))
        note = _("Hidden by the bank manager: {reason}", reason=c.hidden_reason) if c.hidden else None
        return Said(c.id or 0, n, thread.names.get(c.author_id, "—"), at, instant, c.text, c.hidden, note, replies,
                    tuple(acts))

    shown = tuple(said(top, False, tuple(said(r, True) for r in replies)) for top, replies in thread.comments)
    if thread.dream is not None:
        write = Act.to(Action.WRITE_COMMENT, _("✏️ Write a comment"), thread.dream.id, refused=thread.write_refusal)
    else:
        write = Act.to(Action.WRITE_TOPIC_COMMENT, _("✏️ Write a comment"), thread.topic.id if thread.topic else 0,
                       refused=thread.write_refusal)
    return Discussion(_("💬 Comments on “{title}”", title=thread.title), shown,
                      _("No comments yet. Be the first!"), write)


def topic_card(facts: TopicFacts, viewer_id: int) -> Card:
    t = facts.topic
    mine = t.author_id == viewer_id
    fields = (Fact(_("Opened by"), facts.author), Fact(_("Supporters"), str(facts.supporters)))
    rows: list[tuple[Act, ...]] = []
    if not mine:
        rows.append((Act.to(Action.SUPPORT_TOPIC, _("👍 You support this") if facts.supports else _("👍 Support"),
                            t.id, refused=facts.support_refusal, pressed=facts.supports),))
    rows.append((Act.to(Action.TOPIC_COMMENTS, ngettext("💬 Comments ({count})", "💬 Comments ({count})",
                                                        facts.comments), t.id),))
    if t.dream_id is not None:
        rows.append((Act.to(Action.OPEN_DREAM, _("Open the dream"), t.dream_id),))
    elif mine:
        rows.append((Act.to(Action.TOPIC_DREAM, _("💭 Turn it into a dream"), t.id),))
    return Card("topic", t.id, _("🗣 {title}", title=t.title), None, fields, (t.text,), tuple(rows))


def topics_listing(found: list[tuple[Topic, int]], page: int = 1) -> Listing:
    return page_of(_("Topics in the branch:"), found, page,
                   lambda f: Entry(f[0].title, ngettext("{count} supporter", "{count} supporters", f[1]),
                                   Act.to(Action.OPEN_TOPIC, f[0].title, f[0].id)),
                   _("No topics yet. Open one with /topic: a question or something going on where you live."),
                   Action.TOPICS, actions=((Act.to(Action.NEW_TOPIC, _("Open a topic")),),))


def reported_card(r: Reported) -> Card:
    """A reported comment for the bank manager: hide it or keep it, both with a reason; mute its writer once
    enough of their comments were hidden."""
    c = r.comment
    where = _("On dream no. {id}", id=c.dream_id) if c.dream_id else _("On topic no. {id}", id=c.topic_id)
    fields = (Fact(_("Written by"), r.author), Fact(_("Reports"), str(r.reports)),
              Fact(_("Hidden in 30 days"), str(r.hidden_lately)))
    rows: list[tuple[Act, ...]] = [(Act.to(Action.HIDE_COMMENT, _("Hide it"), c.id,
                                           refused=_("That comment is hidden already.") if c.hidden else None),
                                    Act.to(Action.RESTORE_COMMENT, _("Keep it") if not c.hidden else _("Show it again"),
                                           c.id))]
    refusal = mute_refusal_for(r.hidden_lately)
    rows.append(tuple(Act.to(Action.MUTE, ngettext("Pause {name} for {count} day", "Pause {name} for {count} days",
                                                   days, name=r.author), c.author_id, days, refused=refusal)
                      for days in MUTE_DAYS))
    return Card("report", c.id, _("⚑ Reported comment no. {id}", id=c.id), None, fields,
                (where, excerpt(c.text, COMMENT_SHOWN)), tuple(rows))
