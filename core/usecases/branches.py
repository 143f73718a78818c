"""Branches: opening one for a municipality or district, with its language, time zone and quorum rule."""

from __future__ import annotations

from ..clock import Clock
from ..errors import NotFound, Refused
from ..i18n import _
from ..model.branch_settings import setting_called
from ..model.branches import Branch, check_branch_name, check_language, check_slug, check_timezone, parse_quorum
from ..model.members import Member, Role
from ..ports import UnitOfWork
from . import access
from .auditing import record

#: why someone who is not the branch's admin may not change its settings or see its roles
ADMINS_ONLY = _("Only the branch's admins can change its settings and roles.")


async def open_branch(uow: UnitOfWork, slug: str, name: str, language: str = "en", timezone: str = "Europe/Oslo",
                      quorum: str = "majority") -> Branch:
    """A new branch, as an operator writes it (`nordre-aker`, `Nordre Aker`, `nb`, `Europe/Oslo`, `approvals:2`);
    Refused when any of it cannot be, or when a branch of that short name exists. Staged; the caller commits."""
    branch = Branch(check_slug(slug), check_branch_name(name), check_language(language), check_timezone(timezone),
                    parse_quorum(quorum))
    if await uow.branches.by_slug(branch.slug) is not None:
        raise Refused(_("A branch called “{slug}” exists already.", slug=branch.slug))
    return await uow.branches.add(branch)


async def all_branches(uow: UnitOfWork) -> list[Branch]:
    """Every branch, by name, for anyone to see (a visitor too)."""
    return sorted(await uow.branches.all(), key=lambda b: b.name.casefold())


async def branch_called(uow: UnitOfWork, slug: str) -> Branch:
    """The branch of that short name; NotFound when there is none."""
    found = await uow.branches.by_slug(slug)
    if found is None:
        raise NotFound(_("That branch does not exist."))
    return found


async def open_branch_in_chat(uow: UnitOfWork, clock: Clock, actor: Member, operator: bool, slug: str, name: str,
                              language: str = "en", timezone: str = "Europe/Oslo") -> Branch:
    """A new branch opened in chat by one of the deployment's operators (DREAMBANK_OPERATORS); anyone else is
    Refused and nothing is added. Audited in the new branch. Staged; the caller commits."""
    if not operator:
        raise Refused(_("Only the deployment's operators can open a branch. Nothing was changed."))
    opened = await open_branch(uow, slug, name, language, timezone)
    await record(uow, clock.now(), opened.id, actor.id, "open_branch", f"branch:{opened.id}", slug=opened.slug)
    return opened


async def move_home(uow: UnitOfWork, clock: Clock, actor: Member, branch_id: int) -> Member:
    """The member's home branch becomes `branch_id`. What they did before stays in the branch where they did it,
    and their roles stay in the branches that gave them. Audited in both branches. Staged; the caller commits."""
    target = await access.branch_of(uow, branch_id)
    if target.id == actor.branch_id:
        return actor
    left = actor.branch_id
    actor.branch_id = target.id
    await uow.members.save(actor)
    now = clock.now()
    for branch in (left, target.id):
        await record(uow, now, branch, actor.id, "move_home", f"member:{actor.id}", moved_from=left,
                     moved_to=target.id)
    return actor


async def require_admin(uow: UnitOfWork, actor: Member, branch_id: int) -> None:
    """Refused unless the actor is an admin of the branch."""
    await access.require_role(uow, actor, branch_id, ADMINS_ONLY, Role.ADMIN)


async def change_setting(uow: UnitOfWork, clock: Clock, actor: Member, branch_id: int, setting: str,
                         value: str) -> Branch:
    """One of the branch's settings (core.model.branch_settings) changed by its admin to what they typed or
    chose; Refused with the check's reason when it cannot be, and nothing changes. Audited. Staged."""
    await require_admin(uow, actor, branch_id)
    known = setting_called(setting)
    branch = await access.branch_of(uow, branch_id)
    changed = known.changed(branch, value)
    if changed == branch:
        return branch
    await uow.branches.save(changed)
    await record(uow, clock.now(), branch.id, actor.id, "branch_setting", f"branch:{branch.id}", setting=setting,
                 value=" ".join(value.split()))
    return changed


async def role_holders(uow: UnitOfWork, actor: Member, branch_id: int) -> dict[Role, list[Member]]:
    """Who holds each role in the branch, for its admins only."""
    await require_admin(uow, actor, branch_id)
    return {role: sorted(await uow.members.with_role(branch_id, role), key=lambda m: m.display_name.casefold())
            for role in Role}


async def member_here(uow: UnitOfWork, branch_id: int, member_id: int) -> Member:
    """A member whose home is the branch, as its admin names them by number; a member of another branch is not
    found, as if there were none."""
    found = await uow.members.get(member_id)
    if found is None or found.branch_id != branch_id:
        raise NotFound(_("There is no member number {id} in this branch. Nothing was changed.", id=member_id))
    return found
