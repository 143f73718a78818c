"""Posts in a branch's linked chats: the board's review posts and the bank's dream posts.

A post is a notice with a topic; each change writes the topic's newest state, and the chat's
post is edited to match. With no chat linked for a purpose, nothing is posted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..model.branches import ChatPurpose
from ..model.dreams import Dream
from ..model.members import FORMER_MEMBER
from ..model.notices import Audience, Notice, NoticeKind
from ..model.projects import Project
from ..model.needs import as_params
from ..model.quorum import Tally
from ..model.reviews import Review, ReviewKind
from ..model.talk import TAKEN_FROM, THREADED, Comment
from ..ports import UnitOfWork
from . import access
from .needs import covering

_PURPOSE = {Audience.BOARD_CHAT: ChatPurpose.BOARD, Audience.BANK_CHAT: ChatPurpose.BANK,
            Audience.CIRCLE_CHAT: ChatPurpose.CIRCLE}


async def has_chat(uow: UnitOfWork, branch_id: int, audience: Audience) -> bool:
    return bool(await _platforms(uow, branch_id, audience))


async def _platforms(uow: UnitOfWork, branch_id: int, audience: Audience) -> list[str]:
    """The platforms the branch has its chat for this audience on (Telegram and Discord, say)."""
    return [link.platform for link in await uow.branches.links(branch_id) if link.purpose is _PURPOSE[audience]]


async def post(uow: UnitOfWork, at: datetime, branch_id: int, audience: Audience, kind: NoticeKind, topic: str, /,
               **params: Any) -> bool:
    """Write a post for the branch's chat, once for each platform it is linked on (each platform's deliverer
    sends its own copy, and edits its own post of the topic); False (and nothing written) when no such chat is
    linked."""
    return await _post(uow, at, branch_id, audience, kind, topic, await _platforms(uow, branch_id, audience), params)


async def _post(uow: UnitOfWork, at: datetime, branch_id: int, audience: Audience, kind: NoticeKind, topic: str,
                platforms: list[str], params: dict[str, Any]) -> bool:
    for platform in platforms:
        await uow.outbox.put(Notice(None, branch_id, kind, dict(params), at, audience=audience, topic=topic,
                                    platform=platform))
    return bool(platforms)


async def review_post(uow: UnitOfWork, at: datetime, review: Review, dream: Dream, voters: int, recused: int = 0
                      ) -> bool:
    """The review's post in the board's chat, with the live tally (of the `voters`, with how many of the board are
    `recused`), or the outcome once decided."""
    owner = await uow.members.get(dream.owner_id)
    tally = Tally.of(v.choice for v in await uow.reviews.votes(review.id))
    needs = as_params(await covering(uow, dream.id)) if review.kind is ReviewKind.WITHDRAWAL else []
    branch = await uow.branches.get(dream.branch_id)
    return await post(uow, at, dream.branch_id, Audience.BOARD_CHAT, NoticeKind.REVIEW_POST, f"review:{review.id}",
                      review_id=review.id, dream_id=dream.id, kind=review.kind.value, title=dream.title,
                      owner=owner.display_name if owner else "", story=dream.story, motivation=review.motivation,
                      approve=tally.approve, reject=tally.reject, more_info=tally.more_info, voters=voters,
                      recused=recused,
                      outcome=review.outcome.value if review.outcome else ("closed" if review.decided_at else None),
                      round=review.round, needs=needs, currency=branch.currency if branch else "NOK")


async def dream_post(uow: UnitOfWork, at: datetime, dream: Dream) -> bool:
    """The dream's post in the bank's channel, with its like and help counts (and, once its project is in the
    archive, no more buttons to like or help)."""
    if not dream.public:
        return False
    platforms = await _platforms(uow, dream.branch_id, Audience.BANK_CHAT)
    if not platforms:
        return False  # no chat shows the post: nothing of it is read
    return await _dream_post(uow, at, dream, platforms, await access.project_of(uow, dream),
                             await uow.bank.likes(dream.id))


async def dream_post_as_read(uow: UnitOfWork, at: datetime, dream: Dream, project: Project | None, likes: int
                             ) -> bool:
    """The dream's post, for a caller that has read its project and counted its likes already."""
    if not dream.public:
        return False
    platforms = await _platforms(uow, dream.branch_id, Audience.BANK_CHAT)
    if not platforms:
        return False
    return await _dream_post(uow, at, dream, platforms, project, likes)


async def _dream_post(uow: UnitOfWork, at: datetime, dream: Dream, platforms: list[str], project: Project | None,
                      likes: int) -> bool:
    owner = await uow.members.get(dream.owner_id)
    return await _post(uow, at, dream.branch_id, Audience.BANK_CHAT, NoticeKind.DREAM_POST, f"dream:{dream.id}",
                       platforms, dict(
                           dream_id=dream.id, title=dream.title, owner=owner.display_name if owner else "",
                           story=dream.story, needs=sorted(n.value for n in dream.needs), state=dream.state.value,
                           likes=likes, pledges=await uow.bank.standing(dream.id),
                           project_id=project.id if project else None,
                           archived=project.state.value if project and project.archived else "",
                           open=dream.takes_support(project)))


async def comment_post(uow: UnitOfWork, at: datetime, comment: Comment, answers: int | None = None) -> bool:
    """A comment on a dream shown in the thread of the dream's post, on each platform whose bank chat keeps the
    dream's talk there but the one it was written on, so that the talk is one wherever it happens (`answers`:
    the comment a reply was written to, which may itself be a reply); once hidden, it shows only that it was
    hidden. False (and nothing written) when there is no such thread."""
    written_on = TAKEN_FROM.get(comment.source)
    platforms = [p for p in await _platforms(uow, comment.branch_id, Audience.BANK_CHAT)
                 if p in THREADED and p != written_on]
    if comment.dream_id is None or not platforms:
        return False
    author = await uow.members.get(comment.author_id)
    former = author is None or author.display_name == FORMER_MEMBER
    return await _post(uow, at, comment.branch_id, Audience.BANK_CHAT, NoticeKind.COMMENT_POST,
                       f"comment:{comment.id}", platforms, dict(
                           dream_id=comment.dream_id, comment_id=comment.id, reply_to=comment.reply_to,
                           answers=answers or comment.reply_to,
                           author="" if former else author.display_name, former=former, hidden=comment.hidden,
                           text="" if comment.hidden else comment.text))
