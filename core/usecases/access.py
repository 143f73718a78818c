"""Loading what an action is about, and checking that the actor may do it."""

from __future__ import annotations

from ..errors import NotFound, Refused
from ..i18n import Text, _
from ..model.branches import Branch
from ..model.dreams import Dream, DreamState
from ..model.members import Member, Role
from ..model.projects import Project
from ..model.reviews import Review
from ..ports import UnitOfWork

#: why a visitor (nobody signed in) may look at what is public but not act on it
SIGN_IN = _("Please sign in first: visitors can look around, members take part.")


async def branch_of(uow: UnitOfWork, branch_id: int) -> Branch:
    branch = await uow.branches.get(branch_id)
    if branch is None:
        raise NotFound(_("That branch does not exist."))
    return branch


async def dream(uow: UnitOfWork, dream_id: int, *, for_update: bool = False) -> Dream:
    found = await uow.dreams.get(dream_id, for_update=for_update)
    if found is None:
        raise no_dream(dream_id)
    return found


async def project_of(uow: UnitOfWork, dream: Dream) -> Project | None:
    """The project a dream became: only a dream in the project state has one (it moves there as its project is
    made), so no other dream's is looked for."""
    return await uow.projects.by_dream(dream.id) if dream.state is DreamState.PROJECT else None


def no_dream(dream_id: int) -> NotFound:
    """What is said of a dream that does not exist, or that the person may not see."""
    return NotFound(_("There is no dream number {id}.", id=dream_id))


async def public_dream(uow: UnitOfWork, actor: Member | None, dream_id: int) -> Dream:
    """A dream the actor may see: public ones (to a visitor, actor None, too), their own, and any in their
    branch for the board."""
    return await seen(uow, actor, await dream(uow, dream_id))


async def seen(uow: UnitOfWork, actor: Member | None, found: Dream) -> Dream:
    """`found`, read already, when the actor may see it (as public_dream); refused as no such dream otherwise."""
    if found.public or (actor is not None and found.owner_id == actor.id):
        return found
    if actor is not None and found.branch_id == actor.branch_id and await has_role(
            uow, actor, Role.BOARD, Role.BANK_MANAGER):
        return found
    raise no_dream(found.id)


async def review(uow: UnitOfWork, review_id: int, *, for_update: bool = False) -> Review:
    found = await uow.reviews.get(review_id, for_update=for_update)
    if found is None:
        raise NotFound(_("That vote does not exist any more."))
    return found


async def project(uow: UnitOfWork, project_id: int) -> Project:
    found = await uow.projects.get(project_id)
    if found is None:
        raise NotFound(_("There is no project number {id}.", id=project_id))
    return found


async def member(uow: UnitOfWork, member_id: int) -> Member:
    found = await uow.members.get(member_id)
    if found is None:
        raise NotFound(_("That member does not exist."))
    return found


#: the name shown for who did something when it was nobody, or nobody any more
NOBODY = "—"


async def name_of(uow: UnitOfWork, member_id: int | None) -> str:
    """A member's display name, for showing who did something ("—" when nobody, or nobody any more)."""
    if member_id is None:
        return NOBODY
    found = await uow.members.get(member_id)
    return found.display_name if found else NOBODY


async def public_names(uow: UnitOfWork, viewer: Member | None, member_ids: set[int]) -> dict[int, str | None]:
    """Each member's name as `viewer` may read it beside their part in a project: a member reads every name (as in
    chat); a visitor (None) only those of members who consented to be named on the public pages, None for the
    others."""
    names = await uow.members.names(member_ids)  # one lookup
    shown = {m: names.get(m, NOBODY) for m in member_ids}
    if viewer is not None:
        return dict(shown)
    consented = await uow.preferences.many(sorted(member_ids))
    return {m: name if consented[m].name_public else None for m, name in shown.items()}


async def has_role(uow: UnitOfWork, actor: Member, *roles: Role, branch_id: int | None = None) -> bool:
    held = await uow.members.roles(branch_id if branch_id is not None else actor.branch_id, actor.id)
    return bool(held.intersection(roles))


async def require_role(uow: UnitOfWork, actor: Member, branch_id: int, refusal: Text, *roles: Role) -> None:
    if not await has_role(uow, actor, *roles, branch_id=branch_id):
        raise Refused(refusal)


def owner_refusal(dream_: Dream, actor: Member | None) -> Text | None:
    """Why `actor` may not act as the dream's owner; None when they are its owner."""
    if actor is None:
        return SIGN_IN
    if dream_.owner_id != actor.id:
        return _("Only the person who deposited “{title}” can do that.", title=dream_.title)
    return None


def refuse(reason: Text | None) -> None:
    """Raise the refusal a check found, if it found one."""
    if reason is not None:
        raise Refused(reason)


def close_refusal(project: Project, viewer: Member | None, bank_manager: bool) -> Text | None:
    """Why `viewer` may not close the project: only its lead or the branch's bank manager may, once."""
    if viewer is None:
        return SIGN_IN
    if project.lead_id != viewer.id and not bank_manager:
        return _("Only the project's lead or the bank manager can close it.")
    return project.archived_refusal()
