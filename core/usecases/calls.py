"""Calls for participation: the community manager asks, matching pådrivere answer until it is full."""

from __future__ import annotations

from dataclasses import dataclass

from ..clock import Clock
from ..errors import Conflict, NotFound, Refused
from ..i18n import Text, _
from ..model.branches import Branch
from ..model.calls import CALL_TEXT_MAX, CALL_TITLE_MAX, NEEDED_MAX, WHEN_MAX, Call, CallStatus, Signup
from ..model.members import Member, Role
from ..model.notices import Broadcast, NoticeKind
from ..ports import UnitOfWork
from .auditing import record
from .notify import tell
from .padrivere import MANAGERS, competence_list, require_manager


@dataclass(frozen=True)
class CallDraft:
    title: str
    description: str
    when: str
    needed: int
    competences: list[str]


def call_params(call: Call, taken: int) -> dict[str, object]:
    return dict(call_id=call.id, title=call.title, description=call.description, when=call.when,
                needed=call.needed, competences=list(call.competences), taken=taken, status=call.status.value)


async def post_call(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, draft: CallDraft
                    ) -> tuple[Call, Broadcast]:
    await require_manager(uow, actor, branch.id)
    if not draft.title or len(draft.title) > CALL_TITLE_MAX or len(draft.description) > CALL_TEXT_MAX \
            or len(draft.when) > WHEN_MAX:
        raise Refused(_("That is too long; please keep it shorter."))
    if not 1 <= draft.needed <= NEEDED_MAX:
        raise Refused(_("Please write a number between {min} and {max}.", min=1, max=NEEDED_MAX))
    offered = competence_list(branch)
    if any(c not in offered for c in draft.competences):
        raise Refused(_("Please choose competences from the branch's list."))
    now = clock.now()
    call = await uow.calls.add(Call(branch.id, draft.title, draft.description, draft.when, draft.needed,
                                    list(draft.competences), actor.id, now))
    await record(uow, now, branch.id, actor.id, "call_post", f"call:{call.id}", title=call.title)
    broadcast = await uow.broadcasts.add(Broadcast(branch.id, NoticeKind.CALL_POSTED, call_params(call, 0),
                                                   call.audience(), now, actor.id))
    return call, broadcast


async def _call(uow: UnitOfWork, actor: Member, call_id: int, *, for_update: bool = True) -> Call:
    call = await uow.calls.get(call_id, for_update=for_update)
    if call is None or call.branch_id != actor.branch_id:
        raise NotFound(_("That call does not exist any more."))
    return call


def join_refusal(call: Call, roles: set[Role], signed_up: bool) -> Text | None:
    """Why the member cannot say “I'm in”, or None; the card and the answer itself ask the same."""
    if Role.PADRIVER not in roles:
        return _("Calls are for the branch's pådrivere. Send /padriver to become one.")
    if signed_up:
        return _("You are in “{title}” already. Thank you!", title=call.title)
    if call.status is not CallStatus.OPEN:
        return _("“{title}” has all the people it needs now. Thank you for offering!", title=call.title)
    return None


def leave_refusal(call: Call, signed_up: bool) -> Text | None:
    return None if signed_up else _not_in(call)


def _not_in(call: Call) -> Text:
    return _("You are not in “{title}”.", title=call.title)


def close_refusal(call: Call) -> Text | None:
    return _("The call is closed.") if call.status is CallStatus.CLOSED else None


@dataclass(frozen=True)
class CallFacts:
    """What a call's card shows to one member: the call, how many are in, and whether the member is."""

    call: Call
    taken: int
    roles: frozenset[Role]
    mine: bool

    @property
    def manager(self) -> bool:
        return any(r in self.roles for r in MANAGERS)


async def call_facts(uow: UnitOfWork, actor: Member, call_id: int) -> CallFacts:
    """A call of the member's branch, as they see it."""
    call = await _call(uow, actor, call_id, for_update=False)
    signups = await uow.calls.signups(call.id)
    roles = frozenset(await uow.members.roles(call.branch_id, actor.id))
    return CallFacts(call, len(signups), roles, any(s.member_id == actor.id for s in signups))


async def open_calls(uow: UnitOfWork, actor: Member) -> list[Call]:
    return list(await uow.calls.open_in(actor.branch_id))


@dataclass(frozen=True)
class Answered:
    call: Call
    taken: int
    now_full: bool


async def join_call(uow: UnitOfWork, clock: Clock, actor: Member, call_id: int) -> Answered:
    """“I'm in”: a seat until the call has as many as it asked for; then the manager is told it is full."""
    call = await _call(uow, actor, call_id)
    signups = await uow.calls.signups(call.id)
    problem = join_refusal(call, await uow.members.roles(call.branch_id, actor.id),
                           any(s.member_id == actor.id for s in signups))
    if problem is not None:
        raise Refused(problem)
    now = clock.now()
    try:
        await uow.calls.add_signup(Signup(call.id, actor.id, now))
    except Conflict:
        raise Refused(_("You are in “{title}” already. Thank you!", title=call.title)) from None
    taken = len(signups) + 1
    full = taken >= call.needed
    if full:
        call.status = CallStatus.FULL
        await uow.calls.save(call)
        names = [m.display_name for m in [await uow.members.get(s.member_id) for s in signups] + [actor] if m]
        await tell(uow, now, call.branch_id, [call.created_by], NoticeKind.CALL_FULL, call_id=call.id,
                   title=call.title, needed=call.needed, names=names)
    await record(uow, now, call.branch_id, actor.id, "call_join", f"call:{call.id}", full=full)
    return Answered(call, taken, full)


async def leave_call(uow: UnitOfWork, clock: Clock, actor: Member, call_id: int) -> Answered:
    call = await _call(uow, actor, call_id)
    if not await uow.calls.remove_signup(call.id, actor.id):
        raise Refused(_not_in(call))
    now = clock.now()
    if call.status is CallStatus.FULL:
        call.status = CallStatus.OPEN
        await uow.calls.save(call)
    await record(uow, now, call.branch_id, actor.id, "call_leave", f"call:{call.id}")
    return Answered(call, len(await uow.calls.signups(call.id)), False)


async def close_call(uow: UnitOfWork, clock: Clock, actor: Member, call_id: int) -> Call:
    call = await _call(uow, actor, call_id)
    await require_manager(uow, actor, call.branch_id)
    problem = close_refusal(call)
    if problem is not None:
        raise Refused(problem)
    call.status = CallStatus.CLOSED
    await uow.calls.save(call)
    await record(uow, clock.now(), call.branch_id, actor.id, "call_close", f"call:{call.id}")
    return call
