"""Newsletters: composed in chat, sent now or at a chosen time, as one broadcast."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..clock import Clock
from ..errors import NotFound, Refused
from ..i18n import Text, _, ngettext
from ..model.branches import Branch
from ..model.newsletters import NEWSLETTER_MAX, Newsletter, NewsletterStatus
from ..model.members import Member, Role
from ..model.notices import Broadcast, NoticeKind, Progress, Recipients
from ..model.preferences import MailTopic
from ..ports import UnitOfWork
from .auditing import record
from .padrivere import require_manager

AUDIENCES = ("all", "padrivere", "followers")


async def audience_of(uow: UnitOfWork, branch: Branch, choice: str, project_id: int | None) -> Recipients:
    if choice == "all":
        return Recipients("all")
    if choice == "padrivere":
        return Recipients("role", Role.PADRIVER.value)
    project = await uow.projects.get(project_id) if project_id else None
    if project is None or project.branch_id != branch.id:
        raise Refused(_("Please choose one of the branch's projects."))
    return Recipients("followers", str(project.dream_id))


async def compose(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, text: str, image: dict[str, Any],
                  recipients: Recipients, send_at: datetime | None) -> Newsletter:
    """Store the newsletter; sent at once when `send_at` is None or past, otherwise when its time comes."""
    await require_manager(uow, actor, branch.id)
    if not text or len(text) > NEWSLETTER_MAX:
        raise Refused(ngettext("A newsletter can be at most {count} character.",
                               "A newsletter can be at most {count} characters.", NEWSLETTER_MAX))
    now = clock.now()
    if send_at is not None and send_at <= now:
        send_at = None
    newsletter = await uow.newsletters.add(Newsletter(branch.id, actor.id, text, recipients, now, dict(image),
                                                      send_at))
    await record(uow, now, branch.id, actor.id, "newsletter", f"newsletter:{newsletter.id}",
                 audience=recipients.describe(), send_at=send_at.isoformat() if send_at else None)
    if send_at is None:
        await release(uow, now, newsletter)
    return newsletter


async def release(uow: UnitOfWork, at: datetime, newsletter: Newsletter) -> Broadcast:
    """Fan the newsletter out to its audience, through the outbox."""
    author = await uow.members.get(newsletter.author_id)
    branch = await uow.branches.get(newsletter.branch_id)
    broadcast = await uow.broadcasts.add(Broadcast(
        newsletter.branch_id, NoticeKind.NEWSLETTER,
        dict(newsletter_id=newsletter.id, text=newsletter.text, image=newsletter.image,
             author=author.display_name if author else "", branch=branch.name if branch else ""),
        newsletter.recipients, at, newsletter.author_id), by_email=MailTopic.NEWSLETTERS)
    newsletter.status, newsletter.broadcast_id = NewsletterStatus.SENT, broadcast.id
    await uow.newsletters.save(newsletter)
    return broadcast


async def release_due(uow: UnitOfWork, clock: Clock) -> list[Newsletter]:
    """Send the scheduled newsletters whose time has come (each once, however many processes ask)."""
    now = clock.now()
    due = list(await uow.newsletters.due(now))
    for newsletter in due:
        await release(uow, now, newsletter)
    return due


def cancel_refusal(newsletter: Newsletter) -> Text | None:
    """Why the newsletter cannot be stopped any more, or None."""
    return None if newsletter.status is NewsletterStatus.SCHEDULED else _("That newsletter is sent already.")


async def cancel(uow: UnitOfWork, clock: Clock, actor: Member, newsletter_id: int) -> Newsletter:
    newsletter = await _mine(uow, actor, newsletter_id)
    problem = cancel_refusal(newsletter)
    if problem is not None:
        raise Refused(problem)
    newsletter.status = NewsletterStatus.CANCELLED
    await uow.newsletters.save(newsletter)
    await record(uow, clock.now(), newsletter.branch_id, actor.id, "newsletter_cancel", f"newsletter:{newsletter.id}")
    return newsletter


async def progress(uow: UnitOfWork, actor: Member, newsletter_id: int) -> tuple[Newsletter, Progress | None]:
    newsletter = await _mine(uow, actor, newsletter_id)
    if newsletter.broadcast_id is None:
        return newsletter, None
    return newsletter, await uow.broadcasts.progress(newsletter.broadcast_id)


async def recent(uow: UnitOfWork, actor: Member, branch_id: int, limit: int) -> list[Newsletter]:
    """The branch's latest newsletters, newest first; for the community manager."""
    await require_manager(uow, actor, branch_id)
    return list(await uow.newsletters.recent(branch_id, limit))


async def _mine(uow: UnitOfWork, actor: Member, newsletter_id: int) -> Newsletter:
    newsletter = await uow.newsletters.get(newsletter_id)
    if newsletter is None or newsletter.branch_id != actor.branch_id:
        raise NotFound(_("There is no newsletter number {id}.", id=newsletter_id))
    await require_manager(uow, actor, newsletter.branch_id)
    return newsletter
