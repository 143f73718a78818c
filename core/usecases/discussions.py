"""A dream's discussion where a platform keeps it beside the bank chat's post of the dream: Telegram's discussion
group linked to the bank channel, the thread of the dream's post in Discord's bank forum. What a member writes
there is taken in as a comment on the dream, so the discussion is one wherever it happens; a reply there to a
message that shows a comment is a reply to that comment.

Each message taken in is remembered as the message that shows its comment (topic "comment:<id>" in the chat it
was written in), which is how a later reply to it is known."""

from __future__ import annotations

from dataclasses import dataclass

from ..clock import Clock
from ..errors import Refused
from ..i18n import _
from ..model.dreams import Dream
from ..model.members import Member
from ..model.talk import Comment
from ..ports import UnitOfWork
from . import talk

DREAM, COMMENT = "dream:", "comment:"


@dataclass(frozen=True)
class Said:
    """Where a message under one of the bank chat's posts was written, in the platform's own ids: the chat with
    the post (Telegram's bank channel, Discord's bank forum) and the post's message (on Discord also its
    thread's id), both empty when the message does not name the post; the chat the message itself is in (the
    discussion group, the post's thread), its id, and the message it replies to there, if any."""

    platform: str
    chat_id: str
    post_id: str
    place: str
    message_id: str
    replies_to: str = ""


def _number(topic: str | None, prefix: str) -> int | None:
    if topic is None or not topic.startswith(prefix) or not topic[len(prefix):].isdigit():
        return None
    return int(topic[len(prefix):])


async def dream_under(uow: UnitOfWork, said: Said) -> Dream | None:
    """The dream whose post the message is under, or, for a message that names no post (on Telegram, a reply in
    the discussion group to another message there), the dream of the comment the message it replies to shows;
    None when neither is a dream's (an event's post, no post of ours, a reply to anything else), so that the
    message is none of our business."""
    dream_id = None
    if said.post_id:
        dream_id = _number(await uow.posts.topic_of(said.platform, said.chat_id, said.post_id), DREAM)
    elif said.replies_to:
        comment_id = _number(await uow.posts.topic_of(said.platform, said.place, said.replies_to), COMMENT)
        comment = await uow.talk.get_comment(comment_id) if comment_id is not None else None
        dream_id = comment.dream_id if comment is not None else None
    return await uow.dreams.get(dream_id) if dream_id is not None else None


async def take_in(uow: UnitOfWork, clock: Clock, actor: Member, said: Said, dream: Dream, text: str,
                  source: str) -> Comment:
    """The message as a comment on the dream it is under (found by `dream_under`), or as a reply to the comment
    the message it replies to shows; the owner and followers are told as of any comment. Refused, with nothing
    kept, when the dream is out of the bank, the writer is muted or of another branch, or the text is empty or
    too long."""
    if not dream.public:
        raise Refused(_("The talk about “{title}” is closed: the dream is no longer in the bank.", title=dream.title))
    answered = await _answered(uow, said, dream)
    if answered is not None:
        made = await talk.comment(uow, clock, actor, text, reply_to=answered, source=source)
    else:
        made = await talk.comment(uow, clock, actor, text, dream_id=dream.id, source=source)
    await uow.posts.remember(said.platform, said.place, f"{COMMENT}{made.id}", said.message_id)
    return made


async def _answered(uow: UnitOfWork, said: Said, dream: Dream) -> int | None:
    """The comment on this dream that the message replied to shows, if it shows one."""
    if not said.replies_to:
        return None
    comment_id = _number(await uow.posts.topic_of(said.platform, said.place, said.replies_to), COMMENT)
    found = await uow.talk.get_comment(comment_id) if comment_id is not None else None
    return found.id if found is not None and found.dream_id == dream.id else None
