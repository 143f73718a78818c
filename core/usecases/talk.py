"""Talking it over: comments and replies on dreams (and so their projects) and topics, topics a member opens
and may turn into a dream, and moderation by the bank manager: reports, hiding and restoring, and mutes.

Who is told of a comment: the dream's owner and its followers (a topic's author and supporters), each at once
by a notice of its own, never the one who wrote it. Comments are not part of the digest: the digest is the
branch's news, a comment is a conversation one takes part in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from ..clock import Clock
from ..errors import Conflict, NotFound, Refused
from ..formats import Moment
from ..i18n import Text, _, ngettext
from ..model.dreams import Draft, Dream
from ..model.members import Member, Role
from ..model.notices import NoticeKind
from ..model.talk import (COMMENT_MAX, HIDDEN_TO_MUTE, HIDDEN_WINDOW, IN_CHAT, MUTE_DAYS, REASON_MAX,
                          TOPIC_TEXT_MAX, TOPIC_TITLE_MAX, Comment, Mute, Report, Topic)
from ..ports import UnitOfWork
from . import access
from .auditing import record
from .dreams import deposit_dream
from .notify import tell
from .posts import comment_post

MODERATORS = (Role.BANK_MANAGER,)
OTHER_BRANCH = _("Comments are for the members of the dream's branch.")
TOPIC_OTHER_BRANCH = _("Comments are for the members of the topic's branch.")


def text_refusal(text: str, most: int = COMMENT_MAX) -> Text | None:
    if not text.strip():
        return _("Please write something first.")
    if len(text) > most:
        return ngettext("Please keep it under {count} character.", "Please keep it under {count} characters.", most)
    return None


async def mute_refusal(uow: UnitOfWork, clock: Clock, actor: Member, branch_id: int) -> Text | None:
    """Why the member may not comment now (muted, until when), or None."""
    until = await uow.talk.muted_until(branch_id, actor.id)
    if until is not None and until > clock.now():
        zone = (await access.branch_of(uow, branch_id)).timezone
        return _("You cannot comment in this branch until {date}: the bank manager paused your comments after "
                 "several were hidden. You can still read along.", date=Moment(until, zone))
    return None


@dataclass(frozen=True)
class Thread:
    """What a dream's or topic's comments look like to one member: the top-level comments in order, each with
    its replies; hidden ones only for the bank manager (others see that one was hidden)."""

    dream: Dream | None
    topic: Topic | None
    comments: list[tuple[Comment, list[Comment]]]
    names: dict[int, str]
    moderator: bool
    #: why the viewer may not write here now (a visitor, muted, another branch), or None
    write_refusal: Text | None = None
    #: the branch's time zone, for when each comment was written
    timezone: str = "UTC"
    #: who is reading (None for a visitor on the web), and whether they are of the branch, which takes part
    viewer_id: int | None = None
    in_branch: bool = False

    @property
    def title(self) -> str:
        return self.dream.title if self.dream else self.topic.title if self.topic else ""


async def _topic(uow: UnitOfWork, actor: Member, topic_id: int) -> Topic:
    topic = await public_topic(uow, topic_id)
    if topic.branch_id != actor.branch_id:
        raise NotFound(_("That topic does not exist."))
    return topic


async def public_topic(uow: UnitOfWork, topic_id: int) -> Topic:
    """A topic to read: open for everyone to read, as a dream in the bank is; only its branch's members take
    part in it."""
    topic = await uow.talk.get_topic(topic_id)
    if topic is None:
        raise NotFound(_("That topic does not exist."))
    return topic


async def _comment(uow: UnitOfWork, actor: Member, comment_id: int) -> Comment:
    found = await uow.talk.get_comment(comment_id)
    if found is None or found.branch_id != actor.branch_id:
        raise NotFound(_("That comment does not exist any more."))
    return found


async def is_moderator(uow: UnitOfWork, actor: Member, branch_id: int) -> bool:
    return await access.has_role(uow, actor, *MODERATORS, branch_id=branch_id)


async def require_moderator(uow: UnitOfWork, actor: Member, branch_id: int) -> None:
    await access.require_role(uow, actor, branch_id, _("Only the bank manager moderates comments."), *MODERATORS)


async def thread(uow: UnitOfWork, clock: Clock, actor: Member | None, *, dream_id: int | None = None,
                 topic_id: int | None = None) -> Thread:
    """A dream's or topic's comments as `actor` reads them (None: a visitor on the web, who reads and may not
    write); anyone may read them, only the branch's members write."""
    dream = await access.public_dream(uow, actor, dream_id) if dream_id is not None else None
    topic = await public_topic(uow, topic_id) if topic_id is not None else None
    every = await uow.talk.comments_on(dream_id=dream_id, topic_id=topic_id)
    tops = [c for c in every if c.reply_to is None]
    replies = {c.id: [r for r in every if r.reply_to == c.id] for c in tops}
    names = {m: await access.name_of(uow, m) for m in {c.author_id for c in every}}
    branch_id = (dream or topic).branch_id  # type: ignore[union-attr]
    moderator = actor is not None and await is_moderator(uow, actor, branch_id)
    if actor is None:
        refusal: Text | None = access.SIGN_IN
    else:
        refusal = (await mute_refusal(uow, clock, actor, branch_id) if branch_id == actor.branch_id
                   else OTHER_BRANCH if dream is not None else TOPIC_OTHER_BRANCH)
    zone = (await access.branch_of(uow, branch_id)).timezone
    return Thread(dream, topic, [(c, replies[c.id]) for c in tops], names, moderator, refusal, zone,
                  actor.id if actor is not None else None, actor is not None and actor.branch_id == branch_id)


async def dream_thread(uow: UnitOfWork, clock: Clock, viewer: Member | None, dream_id: int) -> Thread | None:
    """The talk shown with a dream or its project on a page anyone may read: only a dream in the bank or the
    factory (or the archive) is talked over, so None for one still with the board."""
    if not (await access.dream(uow, dream_id)).public:
        return None
    return await thread(uow, clock, viewer, dream_id=dream_id)


async def comment(uow: UnitOfWork, clock: Clock, actor: Member, text: str, *, dream_id: int | None = None,
                  topic_id: int | None = None, reply_to: int | None = None, source: str = IN_CHAT) -> Comment:
    """A comment on a dream or topic, or a reply to one of its comments (a reply to a reply joins the comment
    it answered); the owner and followers (author and supporters of a topic) are told."""
    answered: Comment | None = None
    if reply_to is not None:
        answered = await _comment(uow, actor, reply_to)
        dream_id, topic_id = answered.dream_id, answered.topic_id
        reply_to = answered.reply_to or answered.id
    if (dream_id is None) == (topic_id is None):
        raise Refused(_("Please choose what to comment on."))
    dream = await access.public_dream(uow, actor, dream_id) if dream_id is not None else None
    topic = await public_topic(uow, topic_id) if topic_id is not None else None
    branch_id = dream.branch_id if dream else topic.branch_id  # type: ignore[union-attr]
    if branch_id != actor.branch_id:
        raise Refused(OTHER_BRANCH if dream is not None else TOPIC_OTHER_BRANCH)
    access.refuse(text_refusal(text))
    access.refuse(await mute_refusal(uow, clock, actor, branch_id))
    now = clock.now()
    added = await uow.talk.add_comment(Comment(branch_id, actor.id, text.strip(), now, dream_id, topic_id,
                                               reply_to, source))
    subject = f"dream:{dream_id}" if dream else f"topic:{topic_id}"
    await record(uow, now, branch_id, actor.id, "comment", subject, comment_id=added.id, reply_to=reply_to)
    told: list[int] = []
    title = ""
    if dream is not None:
        told = [dream.owner_id, *await uow.projects.followers(dream.id or 0)]
        title = dream.title
    elif topic is not None:
        told = [topic.author_id, *await uow.talk.supporters(topic.id or 0)]
        title = topic.title
    if answered is not None:
        told.append(answered.author_id)
    await tell(uow, now, branch_id, [m for m in told if m != actor.id], NoticeKind.COMMENT_POSTED,
               comment_id=added.id, dream_id=dream_id, topic_id=topic_id, title=title, author=actor.display_name,
               text=added.text, reply=reply_to is not None)
    await comment_post(uow, now, added, answered.id if answered is not None else None)
    return added


async def report(uow: UnitOfWork, clock: Clock, actor: Member, comment_id: int) -> Report:
    """A member reports a comment; the bank manager sees it in /reports and is told."""
    found = await _comment(uow, actor, comment_id)
    if found.author_id == actor.id:
        raise Refused(_("That is your own comment."))
    now = clock.now()
    try:
        made = await uow.talk.add_report(Report(found.branch_id, comment_id, actor.id, now))
    except Conflict:
        raise Refused(_("You reported this comment already. Thank you; the bank manager will look at it."))
    await record(uow, now, found.branch_id, actor.id, "comment_report", f"comment:{comment_id}")
    managers = [m.id for m in await uow.members.with_role(found.branch_id, Role.BANK_MANAGER) if m.id is not None]
    await tell(uow, now, found.branch_id, managers, NoticeKind.COMMENT_REPORTED, comment_id=comment_id,
               text=found.text)
    return made


@dataclass(frozen=True)
class Reported:
    comment: Comment
    reports: int
    author: str
    hidden_lately: int


async def open_reports(uow: UnitOfWork, clock: Clock, actor: Member) -> list[Reported]:
    """`/reports`: each reported comment not yet handled, with how many reported it, for the bank manager."""
    await require_moderator(uow, actor, actor.branch_id)
    counted: dict[int, int] = {}
    for r in await uow.talk.open_reports(actor.branch_id):
        counted[r.comment_id] = counted.get(r.comment_id, 0) + 1
    found = []
    for comment_id, n in counted.items():
        c = await uow.talk.get_comment(comment_id)
        if c is not None:
            found.append(Reported(c, n, await access.name_of(uow, c.author_id),
                                  await uow.talk.hidden_since(c.branch_id, c.author_id, clock.now() - HIDDEN_WINDOW)))
    return found


async def hide(uow: UnitOfWork, clock: Clock, actor: Member, comment_id: int, reason: str) -> Comment:
    """The bank manager hides a comment, saying why; its reports are handled and its author is told."""
    found = await _comment(uow, actor, comment_id)
    await require_moderator(uow, actor, found.branch_id)
    access.refuse(text_refusal(reason, REASON_MAX))
    if found.hidden:
        raise Refused(_("That comment is hidden already."))
    found.hidden, found.hidden_reason, found.hidden_by = True, reason.strip(), actor.id
    await uow.talk.save_comment(found)
    await uow.talk.handle_reports(comment_id)
    now = clock.now()
    await record(uow, now, found.branch_id, actor.id, "comment_hide", f"comment:{comment_id}", reason=reason.strip())
    await comment_post(uow, now, found)
    await tell(uow, now, found.branch_id, [found.author_id], NoticeKind.COMMENT_HIDDEN, comment_id=comment_id,
               text=found.text, reason=found.hidden_reason)
    return found


async def restore(uow: UnitOfWork, clock: Clock, actor: Member, comment_id: int, reason: str) -> Comment:
    """The bank manager shows a comment again (or keeps a reported one), saying why; its reports are handled."""
    found = await _comment(uow, actor, comment_id)
    await require_moderator(uow, actor, found.branch_id)
    access.refuse(text_refusal(reason, REASON_MAX))
    shown_again = found.hidden
    found.hidden, found.hidden_reason, found.hidden_by = False, "", None
    await uow.talk.save_comment(found)
    await uow.talk.handle_reports(comment_id)
    await record(uow, clock.now(), found.branch_id, actor.id, "comment_restore", f"comment:{comment_id}",
                 reason=reason.strip())
    if shown_again:
        await comment_post(uow, clock.now(), found)
    return found


def mute_refusal_for(hidden_lately: int) -> Text | None:
    if hidden_lately < HIDDEN_TO_MUTE:
        return ngettext("A member can be paused after {count} hidden comment in 30 days.",
                        "A member can be paused after {count} hidden comments in 30 days.", HIDDEN_TO_MUTE)
    return None


async def mute(uow: UnitOfWork, clock: Clock, actor: Member, member_id: int, days: int) -> Mute:
    """The bank manager pauses a member's comments in the branch for some days, once several were hidden."""
    await require_moderator(uow, actor, actor.branch_id)
    if days not in MUTE_DAYS:
        raise Refused(_("Please choose one of the offered lengths."))
    target = await access.member(uow, member_id)
    now = clock.now()
    hidden = await uow.talk.hidden_since(actor.branch_id, target.id or 0, now - HIDDEN_WINDOW)
    access.refuse(mute_refusal_for(hidden))
    until = now + timedelta(days=days)
    made = Mute(actor.branch_id, member_id, until, actor.id, f"{hidden} hidden", now)
    await uow.talk.add_mute(made)
    await record(uow, now, actor.branch_id, actor.id, "member_mute", f"member:{member_id}", days=days, hidden=hidden)
    zone = (await access.branch_of(uow, actor.branch_id)).timezone
    await tell(uow, now, actor.branch_id, [member_id], NoticeKind.MEMBER_MUTED, until=until.isoformat(), zone=zone)
    return made


async def open_topic(uow: UnitOfWork, clock: Clock, actor: Member, title: str, text: str) -> Topic:
    """Anyone in a branch opens a topic: a question or a current issue, not yet a dream."""
    access.refuse(text_refusal(title, TOPIC_TITLE_MAX))
    access.refuse(text_refusal(text, TOPIC_TEXT_MAX))
    access.refuse(await mute_refusal(uow, clock, actor, actor.branch_id))
    now = clock.now()
    topic = await uow.talk.add_topic(Topic(actor.branch_id, actor.id, title.strip(), text.strip(), now))
    await record(uow, now, actor.branch_id, actor.id, "topic_open", f"topic:{topic.id}", title=topic.title)
    return topic


async def topics(uow: UnitOfWork, branch_id: int) -> list[tuple[Topic, int]]:
    """The branch's topics, newest first, each with how many support it."""
    return [(t, len(await uow.talk.supporters(t.id or 0))) for t in await uow.talk.topics_in(branch_id)]


@dataclass(frozen=True)
class TopicFacts:
    topic: Topic
    author: str
    supporters: int
    supports: bool
    comments: int
    #: why the one reading may not support it (a visitor, another branch's member, its author), or None
    support_refusal: Text | None = None

    def dream_refusal(self, actor: Member) -> Text | None:
        return topic_dream_refusal(self.topic, actor)


def support_refusal(topic: Topic, viewer: Member | None, supports: bool = False) -> Text | None:
    if viewer is None:
        return access.SIGN_IN
    if topic.branch_id != viewer.branch_id:
        return _("Topics are supported by the members of their branch.")
    if topic.author_id == viewer.id:
        return _("It is your own topic; those who support it are counted with you.")
    if supports:
        return _("You support “{title}” already.", title=topic.title)
    return None


async def topic_facts(uow: UnitOfWork, actor: Member | None, topic_id: int) -> TopicFacts:
    """A topic as `actor` reads it (None: a visitor on the web): anyone may read it."""
    topic = await public_topic(uow, topic_id)
    backers = await uow.talk.supporters(topic_id)
    supports = actor is not None and actor.id in backers
    return TopicFacts(topic, await access.name_of(uow, topic.author_id), len(backers), supports,
                      await uow.talk.visible_count(topic_id=topic_id), support_refusal(topic, actor, supports))


async def support(uow: UnitOfWork, clock: Clock, actor: Member, topic_id: int) -> Topic:
    topic = await _topic(uow, actor, topic_id)
    if topic.author_id == actor.id:
        raise Refused(support_refusal(topic, actor))
    try:
        await uow.talk.support(topic_id, actor.id)
    except Conflict:
        raise Refused(_("You support “{title}” already.", title=topic.title))
    await record(uow, clock.now(), topic.branch_id, actor.id, "topic_support", f"topic:{topic_id}")
    return topic


def topic_dream_refusal(topic: Topic, actor: Member) -> Text | None:
    if topic.author_id != actor.id:
        return _("Only the one who opened “{title}” can turn it into a dream.", title=topic.title)
    if topic.dream_id is not None:
        return _("“{title}” is a dream already (no. {id}).", title=topic.title, id=topic.dream_id)
    return None


async def ensure_can_dream(uow: UnitOfWork, actor: Member, topic_id: int) -> Topic:
    topic = await _topic(uow, actor, topic_id)
    access.refuse(topic_dream_refusal(topic, actor))
    return topic


async def topic_to_dream(uow: UnitOfWork, clock: Clock, actor: Member, topic_id: int, draft: Draft) -> Dream:
    """The topic's author deposits it as a dream (to the board like any deposit); its supporters follow the
    new dream, and the topic points to it."""
    topic = await ensure_can_dream(uow, actor, topic_id)
    dream = await deposit_dream(uow, clock, actor, draft)
    backers = await uow.talk.supporters(topic_id)
    for member_id in backers:
        await uow.projects.follow(dream.id or 0, member_id)
    topic.dream_id = dream.id
    await uow.talk.save_topic(topic)
    await record(uow, clock.now(), topic.branch_id, actor.id, "topic_dream", f"topic:{topic_id}", dream_id=dream.id,
                 followers=len(backers))
    return dream

