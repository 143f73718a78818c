"""Becoming a pådriver: applying, the community manager's decision, the closed group and the page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..clock import Clock
from ..errors import Refused
from ..i18n import Text, _, ngettext, translate
from ..model.branches import Branch, ChatPurpose
from ..model.padrivere import (AVAILABILITY_MAX, COMPETENCE_MAX, COMPETENCES_MAX, DEFAULT_COMPETENCES, OTHER_MAX,
                               ApplicationStatus, Contributions, Padriver)
from ..model.members import Identity, Member, Role
from ..model.notices import Audience, NoticeKind
from ..ports import UnitOfWork
from . import access
from .auditing import record
from .notify import holders, tell
from .posts import post

MANAGERS = (Role.COMMUNITY_MANAGER,)


def competence_list(branch: Branch) -> list[str]:
    """The competences applicants choose from: the branch's own list, or the default one in its language."""
    if branch.competences:
        return list(branch.competences)
    return [translate(c, branch.language) for c in DEFAULT_COMPETENCES]


async def is_manager(uow: UnitOfWork, actor: Member, branch_id: int) -> bool:
    """Whether the member runs the branch's circle (and so may change what require_manager guards)."""
    return await access.has_role(uow, actor, *MANAGERS, branch_id=branch_id)


async def require_manager(uow: UnitOfWork, actor: Member, branch_id: int) -> None:
    await access.require_role(uow, actor, branch_id, _("Only the community manager can do that."), *MANAGERS)


async def set_competences(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, add: list[str],
                          remove: list[str]) -> list[str]:
    await require_manager(uow, actor, branch.id)
    current = competence_list(branch)
    for name in add:
        name = " ".join(name.split())
        if not name:
            continue
        if len(name) > COMPETENCE_MAX:
            raise Refused(ngettext("A competence can be at most {count} character.",
                                   "A competence can be at most {count} characters.", COMPETENCE_MAX))
        if name.lower() not in (c.lower() for c in current):
            current.append(name)
    gone = {r.strip().lower() for r in remove}
    current = [c for c in current if c.lower() not in gone]
    if len(current) > COMPETENCES_MAX:
        raise Refused(ngettext("The list can hold at most {count} competence.",
                               "The list can hold at most {count} competences.", COMPETENCES_MAX))
    branch.competences = tuple(current)
    await uow.branches.save(branch)
    await record(uow, clock.now(), branch.id, actor.id, "competences", f"branch:{branch.id}", competences=current)
    return current


async def ensure_can_apply(uow: UnitOfWork, actor: Member, branch: Branch) -> Padriver | None:
    """The member's earlier application, if any; refused while one is pending."""
    earlier = await uow.padrivere.get(branch.id, actor.id)
    if earlier is not None and earlier.status is ApplicationStatus.PENDING:
        raise Refused(_("Your application is with the community manager. You will hear from them here."))
    return earlier


async def apply(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, competences: list[str], other: str,
                availability: str, public: bool) -> Padriver:
    """Apply to become a pådriver, or (as one already) update the profile without a new decision."""
    earlier = await ensure_can_apply(uow, actor, branch)
    offered = competence_list(branch)
    unknown = [c for c in competences if c not in offered]
    if unknown:
        raise Refused(_("“{name}” is not on the branch's list of competences any more. Please choose again.",
                        name=unknown[0][:COMPETENCE_MAX]))
    if len(other) > OTHER_MAX or len(availability) > AVAILABILITY_MAX:
        raise Refused(_("That is too long; please keep it shorter."))
    now = clock.now()
    is_padriver = Role.PADRIVER in await uow.members.roles(branch.id, actor.id)
    keep = earlier is not None and earlier.status is ApplicationStatus.APPROVED and is_padriver
    application = Padriver(branch.id, actor.id, list(competences), other, availability, public,
                           earlier.applied_at if keep and earlier else now,
                           ApplicationStatus.APPROVED if keep else ApplicationStatus.PENDING,
                           earlier.decided_at if keep and earlier else None,
                           earlier.decided_by if keep and earlier else None,
                           id=earlier.id if earlier else None)
    application = await uow.padrivere.save(application)
    if keep:
        await record(uow, now, branch.id, actor.id, "padriver_profile", f"member:{actor.id}")
        return application
    await record(uow, now, branch.id, actor.id, "padriver_apply", f"member:{actor.id}")
    await tell(uow, now, branch.id, await holders(uow, branch.id, *MANAGERS), NoticeKind.PADRIVER_APPLIED,
               application_id=application.id, name=actor.display_name, competences=application.all_competences(),
               availability=availability, public=public)
    return application


@dataclass(frozen=True)
class Decided:
    application: Padriver
    applicant: Member


def decide_refusal(application: Padriver, decided_by: str) -> Text | None:
    """Why the application cannot be decided now (`decided_by` names who decided it), or None."""
    if application.status is not ApplicationStatus.PENDING:
        return _("That application was decided already, by {name}.", name=decided_by or "—")
    return None


async def ensure_can_decide_application(uow: UnitOfWork, actor: Member, application_id: int, *,
                                        for_update: bool = False) -> Padriver:
    """The checks decide makes, so that the declining dialog is started only where a decision is taken."""
    application = await _application(uow, actor, application_id, for_update=for_update)
    problem = decide_refusal(application, await _decider(uow, application))
    if problem is not None:
        raise Refused(problem)
    return application


async def _application(uow: UnitOfWork, actor: Member, application_id: int, *, for_update: bool = False
                       ) -> Padriver:
    application = await uow.padrivere.by_id(application_id, for_update=for_update)
    if application is None:
        raise Refused(_("That application does not exist any more."))
    await require_manager(uow, actor, application.branch_id)
    return application


async def _decider(uow: UnitOfWork, application: Padriver) -> str:
    who = await uow.members.get(application.decided_by) if application.decided_by else None
    return who.display_name if who else ""


@dataclass(frozen=True)
class ApplicationFacts:
    """An application as the community manager sees it: who applied, and who decided it if anyone did."""

    application: Padriver
    applicant: Member
    decided_by: str = ""


async def application_facts(uow: UnitOfWork, actor: Member, application_id: int) -> ApplicationFacts:
    """One application, for the community manager: whether it waits, or who decided it."""
    application = await _application(uow, actor, application_id)
    return ApplicationFacts(application, await access.member(uow, application.member_id),
                            await _decider(uow, application))


async def pending_applications(uow: UnitOfWork, actor: Member, branch_id: int) -> list[ApplicationFacts]:
    """The applications waiting for the community manager, oldest first."""
    await require_manager(uow, actor, branch_id)
    out = []
    for application in await uow.padrivere.pending(branch_id):
        member = await uow.members.get(application.member_id)
        if member is not None:
            out.append(ApplicationFacts(application, member))
    return out


async def decide(uow: UnitOfWork, clock: Clock, actor: Member, application_id: int, approve: bool,
                 reason: str = "") -> Decided:
    application = await ensure_can_decide_application(uow, actor, application_id, for_update=True)
    applicant = await access.member(uow, application.member_id)
    now = clock.now()
    application.status = ApplicationStatus.APPROVED if approve else ApplicationStatus.DECLINED
    application.decided_at, application.decided_by, application.reason = now, actor.id, reason
    await uow.padrivere.save(application)
    if approve:
        await uow.members.grant(application.branch_id, applicant.id, Role.PADRIVER)
    await record(uow, now, application.branch_id, actor.id, "padriver_decide", f"member:{applicant.id}",
                 approved=approve, reason=reason)
    circle = await _circle(uow, application.branch_id)
    await tell(uow, now, application.branch_id, [applicant.id], NoticeKind.PADRIVER_DECIDED, approved=approve,
               reason=reason, circle=bool(circle), circle_title=circle.title if circle else "")
    if approve:
        await join_circle(uow, clock, application.branch_id, applicant.id)
    return Decided(application, applicant)


async def join_circle(uow: UnitOfWork, clock: Clock, branch_id: int, member_id: int) -> bool:
    """A new pådriver, told to the branch's closed group on every platform it is linked on (done by the chat's
    platform: where a role opens the group, the member's accounts there get it, wherever the member's own notices
    go; where the group is joined by asking, nothing). False when the branch has no closed group."""
    return await post(uow, clock.now(), branch_id, Audience.CIRCLE_CHAT, NoticeKind.CIRCLE_ADMISSION, "",
                      member_id=member_id)


async def leave_circle(uow: UnitOfWork, clock: Clock, actor: Member | None, branch_id: int, member_id: int,
                       accounts: Sequence[Identity] = ()) -> None:
    """After the pådriver role is taken away: out of the closed group too (done by the chat's platform).

    `accounts` names the member's identities when they are about to be forgotten (an erasure), so the platform
    can still find whom to remove; the notice carries them only until it is sent (a SECRET_KINDS kind)."""
    named = {"accounts": [[a.platform, a.external_id] for a in accounts]} if accounts else {}
    if not await post(uow, clock.now(), branch_id, Audience.CIRCLE_CHAT, NoticeKind.CIRCLE_REMOVAL, "",
                      member_id=member_id, **named):
        return
    await record(uow, clock.now(), branch_id, actor.id if actor else None, "circle_remove", f"member:{member_id}")


async def _circle(uow: UnitOfWork, branch_id: int):
    return next((link for link in await uow.branches.links(branch_id) if link.purpose is ChatPurpose.CIRCLE), None)


@dataclass(frozen=True)
class JoinDecision:
    """Whether a request to join a branch's chat is let in, and what the person is told privately."""

    approve: bool
    language: str
    reason: Text


async def join_request(uow: UnitOfWork, clock: Clock, identity: Identity, platform: str,
                       chat_id: str) -> JoinDecision | None:
    """A request to join the pådrivere's closed group: approved pådrivere in, everyone else kindly out.

    None when the chat is not a branch's closed group (the request is left for the chat's admins).
    """
    link = await uow.branches.linked_chat(platform, chat_id)
    if link is None or link.purpose is not ChatPurpose.CIRCLE:
        return None
    branch = await access.branch_of(uow, link.branch_id)
    member = await uow.members.by_identity(identity)
    language = member.speaks(branch.language) if member else branch.language
    if member is not None and Role.PADRIVER in await uow.members.roles(branch.id, member.id):
        await record(uow, clock.now(), branch.id, member.id, "circle_join", f"member:{member.id}", approved=True)
        return JoinDecision(True, language, _("Welcome to the pådrivere of {branch}! You are in the group now.",
                                              branch=branch.name))
    await record(uow, clock.now(), branch.id, member.id if member else None, "circle_join",
                 f"member:{member.id}" if member else f"{platform}:{identity.external_id}", approved=False)
    return JoinDecision(False, language, _(
        "Thank you for wanting to join the pådrivere of {branch}! The group is for approved pådrivere. "
        "Send /padriver to me to apply; once the community manager has said yes, you can join.",
        branch=branch.name))


async def page(uow: UnitOfWork, clock: Clock, branch_id: int) -> list[tuple[Member, Padriver, Contributions]]:
    """The pådriver page: those who agreed to be shown, with their competences and contributions."""
    shown = list(await uow.padrivere.approved(branch_id, public_only=True))
    credits = await uow.padrivere.contributions(branch_id, [p.member_id for p in shown], clock.now())
    out = []
    for p in shown:
        member = await uow.members.get(p.member_id)
        if member is not None:
            out.append((member, p, credits.get(p.member_id, Contributions())))
    return out


async def profile(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch
                  ) -> tuple[Padriver, Contributions] | None:
    """The member's own pådriver profile and what they contributed; None when they are not a pådriver."""
    earlier = await uow.padrivere.get(branch.id, actor.id)
    if earlier is None or earlier.status is not ApplicationStatus.APPROVED \
            or Role.PADRIVER not in await uow.members.roles(branch.id, actor.id):
        return None
    credits = await uow.padrivere.contributions(branch.id, [actor.id], clock.now())
    return earlier, credits.get(actor.id, Contributions())
