"""One entrance to the municipality: an enthusiast asks, one consultant owns the inquiry until it is answered,
a hand-over keeps the one thread, and an inquiry left waiting reminds its owner, then the branch admin."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from ..clock import Clock
from ..errors import NotFound, Refused
from ..i18n import _, ngettext
from ..model.branches import Branch
from ..model.inquiries import (QUESTION_MAX, TOPIC_MAX, Assignment, EntryKind, Inquiry, InquiryEntry, InquiryState,
                               ResponseTimes, add_working_days, matches, next_in_turn, parse_topics, response_times)
from ..model.members import Member, Role
from ..model.notices import NoticeKind
from ..ports import UnitOfWork
from .access import has_role, name_of
from .auditing import record
from .notify import tell

STAFF = (Role.CONSULTANT, Role.ADMIN)


def _text(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise Refused(_("Please write your question. Nothing was sent."))
    if len(cleaned) > QUESTION_MAX:
        raise Refused(ngettext("That is too long: please keep it under {count} character. Nothing was sent.",
                               "That is too long: please keep it under {count} characters. Nothing was sent.",
                               QUESTION_MAX))
    return cleaned


async def _consultants(uow: UnitOfWork, branch_id: int) -> list[int]:
    return [m.id for m in await uow.members.with_role(branch_id, Role.CONSULTANT) if m.id is not None]


async def _admins(uow: UnitOfWork, branch_id: int) -> list[int]:
    return [m.id for m in await uow.members.with_role(branch_id, Role.ADMIN) if m.id is not None]


async def choose_owner(uow: UnitOfWork, branch: Branch, text: str) -> int | None:
    """Who owns a new inquiry: a consultant in turn (by topic first, where the branch chose so and a consultant's
    topics match); with no consultant, the branch admin; None when the branch has neither."""
    consultants = await _consultants(uow, branch.id)
    latest = await uow.inquiries.latest(branch.id)
    last = latest.owner_id if latest else None
    if consultants:
        if Assignment(branch.inquiry_assignment) is Assignment.TOPIC:
            topics = await uow.inquiries.topics(branch.id)
            fitting = [c for c in consultants if matches(topics.get(c, ()), text)]
            if fitting:
                return next_in_turn(fitting, last)
        return next_in_turn(consultants, last)
    admins = await _admins(uow, branch.id)
    return next_in_turn(admins, last) if admins else None


def _params(inquiry: Inquiry, **more: object) -> dict[str, object]:
    """A notice's params: never the enthusiast's own words, which the thread shows and an erasure takes away."""
    return dict(inquiry_id=inquiry.id, topic=inquiry.topic, **more)


async def ask(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, question: str, topic: str = ""
              ) -> Inquiry:
    """`/ask`: the inquiry gets its owner at once; the owner is told of it and the enthusiast is told who it is."""
    if actor.branch_id != branch.id:
        raise Refused(_("You can ask only your own branch. Nothing was sent."))
    text = _text(question)
    topic = topic.strip()[:TOPIC_MAX]
    owner = await choose_owner(uow, branch, f"{topic} {text}")
    if owner is None:
        raise Refused(_("{branch} has nobody to answer inquiries yet. Nothing was sent; please try again later.",
                        branch=branch.name))
    now = clock.now()
    inquiry = await uow.inquiries.add(Inquiry(branch.id, actor.id, text, owner, now, topic))
    await uow.inquiries.add_entry(InquiryEntry(inquiry.id, actor.id, text, now, EntryKind.QUESTION))
    no_consultant = not await _consultants(uow, branch.id)
    await tell(uow, now, branch.id, [owner], NoticeKind.INQUIRY_ASSIGNED,
               **_params(inquiry, asker=actor.display_name, handed_by="", no_consultant=no_consultant))
    await record(uow, now, branch.id, actor.id, "inquiry_ask", f"inquiry:{inquiry.id}", owner=owner)
    return inquiry


async def _inquiry(uow: UnitOfWork, actor: Member, inquiry_id: int, *, for_update: bool = False) -> Inquiry:
    found = await uow.inquiries.get(inquiry_id, for_update=for_update)
    if found is None or found.branch_id != actor.branch_id:
        raise NotFound(_("There is no inquiry number {id}.", id=inquiry_id))
    return found


async def is_staff(uow: UnitOfWork, actor: Member, branch_id: int) -> bool:
    return await has_role(uow, actor, *STAFF, branch_id=branch_id)


async def may_see(uow: UnitOfWork, actor: Member, inquiry: Inquiry) -> bool:
    return actor.id in (inquiry.asker_id, inquiry.owner_id) or await is_staff(uow, actor, inquiry.branch_id)


@dataclass(frozen=True)
class Thread:
    inquiry: Inquiry
    entries: list[InquiryEntry]
    names: dict[int, str]
    #: the one looking may answer and hand over (its owner, or the branch admin)
    may_answer: bool


async def thread(uow: UnitOfWork, actor: Member, inquiry_id: int) -> Thread:
    inquiry = await _inquiry(uow, actor, inquiry_id)
    if not await may_see(uow, actor, inquiry):
        raise NotFound(_("There is no inquiry number {id}.", id=inquiry_id))
    entries = list(await uow.inquiries.entries(inquiry_id))
    handed_to = {int(e.text) for e in entries if e.kind is EntryKind.HANDOVER and e.text.isdigit()}
    names = await uow.members.names({e.author_id for e in entries} | handed_to | {inquiry.owner_id, inquiry.asker_id})
    return Thread(inquiry, entries, names, await _may_answer(uow, actor, inquiry))


async def _may_answer(uow: UnitOfWork, actor: Member, inquiry: Inquiry) -> bool:
    return actor.id == inquiry.owner_id or await has_role(uow, actor, Role.ADMIN, branch_id=inquiry.branch_id)


async def answer(uow: UnitOfWork, clock: Clock, actor: Member, inquiry_id: int, text: str) -> Inquiry:
    """The owner (or the branch admin) answers: it goes into the thread and to the enthusiast."""
    inquiry = await _inquiry(uow, actor, inquiry_id, for_update=True)
    if not await _may_answer(uow, actor, inquiry):
        raise Refused(_("Only the consultant who owns this inquiry, or the branch admin, can answer it."))
    if inquiry.state is InquiryState.CLOSED:
        raise Refused(_("This inquiry is closed. Nothing was sent."))
    words = _text(text)
    now = clock.now()
    await uow.inquiries.add_entry(InquiryEntry(inquiry.id, actor.id, words, now, EntryKind.ANSWER))
    inquiry = replace(inquiry, state=InquiryState.ANSWERED, answered_at=inquiry.answered_at or now)
    await uow.inquiries.save(inquiry)
    await tell(uow, now, inquiry.branch_id, [inquiry.asker_id], NoticeKind.INQUIRY_MESSAGE,
               **_params(inquiry, author=actor.display_name, text=words, kind=EntryKind.ANSWER.value))
    await record(uow, now, inquiry.branch_id, actor.id, "inquiry_answer", f"inquiry:{inquiry.id}")
    return inquiry


async def reply(uow: UnitOfWork, clock: Clock, actor: Member, inquiry_id: int, text: str) -> Inquiry:
    """The enthusiast writes again in the same thread; it is open again, and its owner is told."""
    inquiry = await _inquiry(uow, actor, inquiry_id, for_update=True)
    if actor.id != inquiry.asker_id:
        raise Refused(_("Only the one who asked can reply in this thread."))
    if inquiry.state is InquiryState.CLOSED:
        raise Refused(_("This inquiry is closed. Nothing was sent; /ask opens a new one."))
    words = _text(text)
    now = clock.now()
    await uow.inquiries.add_entry(InquiryEntry(inquiry.id, actor.id, words, now, EntryKind.QUESTION))
    inquiry = replace(inquiry, state=InquiryState.OPEN)
    await uow.inquiries.save(inquiry)
    await tell(uow, now, inquiry.branch_id, [inquiry.owner_id], NoticeKind.INQUIRY_MESSAGE,
               **_params(inquiry, author=actor.display_name, kind=EntryKind.QUESTION.value))
    return inquiry


async def colleagues(uow: UnitOfWork, actor: Member, inquiry_id: int) -> list[Member]:
    """Whom the inquiry can be handed to: the branch's consultants and admins but its owner."""
    inquiry = await _inquiry(uow, actor, inquiry_id)
    seen: dict[int, Member] = {}
    for role in STAFF:
        for m in await uow.members.with_role(inquiry.branch_id, role):
            if m.id is not None and m.id != inquiry.owner_id:
                seen.setdefault(m.id, m)
    return list(seen.values())


async def hand_over(uow: UnitOfWork, clock: Clock, actor: Member, inquiry_id: int, colleague_id: int) -> Inquiry:
    """The colleague owns it now, in the same thread: the enthusiast is told, never asked to ask again."""
    inquiry = await _inquiry(uow, actor, inquiry_id, for_update=True)
    if not await _may_answer(uow, actor, inquiry):
        raise Refused(_("Only the consultant who owns this inquiry, or the branch admin, can hand it over."))
    if inquiry.state is InquiryState.CLOSED:
        raise Refused(_("This inquiry is closed. Nothing was changed."))
    colleague = await uow.members.get(colleague_id)
    if colleague is None or colleague.id == inquiry.owner_id or not await is_staff(uow, colleague, inquiry.branch_id):
        raise Refused(_("Please choose a consultant of the branch. Nothing was changed."))
    now = clock.now()
    # a hand-over's entry names the colleague by number, so the thread shows their name as it is now
    await uow.inquiries.add_entry(InquiryEntry(inquiry.id, actor.id, str(colleague.id), now, EntryKind.HANDOVER))
    before = inquiry.owner_id
    inquiry = replace(inquiry, owner_id=colleague.id, state=InquiryState.OPEN, owner_reminded_at=None,
                      admin_reminded_at=None)
    await uow.inquiries.save(inquiry)
    asker = await name_of(uow, inquiry.asker_id)
    await tell(uow, now, inquiry.branch_id, [colleague.id], NoticeKind.INQUIRY_ASSIGNED,
               **_params(inquiry, asker=asker, handed_by=actor.display_name, no_consultant=False))
    await tell(uow, now, inquiry.branch_id, [inquiry.asker_id], NoticeKind.INQUIRY_OWNER,
               **_params(inquiry, owner=colleague.display_name, handed=True))
    await record(uow, now, inquiry.branch_id, actor.id, "inquiry_hand_over", f"inquiry:{inquiry.id}",
                 before=before, after=colleague.id)
    return inquiry


async def close(uow: UnitOfWork, clock: Clock, actor: Member, inquiry_id: int) -> Inquiry:
    """The enthusiast, or whoever may answer, closes the thread: no more reminders, no more replies."""
    inquiry = await _inquiry(uow, actor, inquiry_id, for_update=True)
    if actor.id != inquiry.asker_id and not await _may_answer(uow, actor, inquiry):
        raise Refused(_("Only the one who asked or its consultant can close this inquiry."))
    if inquiry.state is InquiryState.CLOSED:
        return inquiry
    inquiry = replace(inquiry, state=InquiryState.CLOSED)
    await uow.inquiries.save(inquiry)
    await record(uow, clock.now(), inquiry.branch_id, actor.id, "inquiry_close", f"inquiry:{inquiry.id}")
    return inquiry


@dataclass(frozen=True)
class Desk:
    """What `/inquiries` shows: the open inquiries one answers for (all of the branch's for its admin), the
    enthusiast's own, and the branch's response times for its staff."""

    waiting: list[Inquiry]
    mine: list[Inquiry]
    times: ResponseTimes | None
    admin: bool


async def desk(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch) -> Desk:
    admin = await has_role(uow, actor, Role.ADMIN, branch_id=branch.id)
    staff = admin or await has_role(uow, actor, Role.CONSULTANT, branch_id=branch.id)
    open_ = list(await uow.inquiries.open_in(branch.id)) if staff else []
    waiting = open_ if admin else [i for i in open_ if i.owner_id == actor.id]
    mine = [i for i in await uow.inquiries.asked_by(actor.id) if i.state is not InquiryState.CLOSED]
    times = response_times(list(await uow.inquiries.in_branch(branch.id)), clock.now()) if staff else None
    return Desk(waiting, mine, times, admin)


async def set_topics(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, text: str) -> list[str]:
    """A consultant's topics, as keywords: inquiries about them come to them where the branch assigns by topic."""
    if not await has_role(uow, actor, Role.CONSULTANT, branch_id=branch.id):
        raise Refused(_("Topics are for the branch's consultants."))
    topics = parse_topics(text)
    await uow.inquiries.set_topics(branch.id, actor.id, topics)
    await record(uow, clock.now(), branch.id, actor.id, "inquiry_topics", f"member:{actor.id}", topics=topics)
    return topics


async def remind_inquiries(uow: UnitOfWork, clock: Clock, branch_id: int) -> int:
    """An inquiry without an answer after the branch's response time (working days) reminds its owner; one
    working day later the branch admin; each once. Returns how many reminders were written."""
    now = clock.now()
    written = 0
    branch = await uow.branches.get(branch_id)
    if branch is None:
        return 0
    for inquiry in await uow.inquiries.unanswered(branch_id):
        due = add_working_days(inquiry.asked_at, branch.response_days, branch.timezone)
        if now < due:
            continue
        owner = await name_of(uow, inquiry.owner_id)
        if inquiry.owner_reminded_at is None:
            inquiry = replace(inquiry, owner_reminded_at=now)
            await _late(uow, now, inquiry, [inquiry.owner_id], branch, owner, False)
            written += 1
        elif inquiry.admin_reminded_at is None and now >= add_working_days(due, 1, branch.timezone):
            inquiry = replace(inquiry, admin_reminded_at=now)
            await _late(uow, now, inquiry, await _admins(uow, inquiry.branch_id), branch, owner, True)
            written += 1
    return written


async def _late(uow: UnitOfWork, now: datetime, inquiry: Inquiry, to: list[int], branch: Branch, owner: str,
                admin: bool) -> None:
    await uow.inquiries.save(inquiry)
    await tell(uow, now, inquiry.branch_id, to, NoticeKind.INQUIRY_LATE,
               **_params(inquiry, days=branch.response_days, owner=owner, admin=admin,
                         asker=await name_of(uow, inquiry.asker_id)))
