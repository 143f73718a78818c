"""A dream's picture: its owner adds, replaces or removes it; anyone may see it where they may see the dream."""

from __future__ import annotations

from ..clock import Clock
from ..errors import NotFound
from ..i18n import Text, _
from ..model.dreams import STATE_LABELS, Dream, DreamState
from ..model.members import Member
from ..model.pictures import Picture
from ..model.projects import Project
from ..ports import UnitOfWork
from . import access
from .auditing import record

#: where a dream's picture may still change: while it is reviewed, in the bank, or a project under way
PICTURED = (DreamState.DEPOSITED, DreamState.NEEDS_INFO, DreamState.APPROVED, DreamState.PROJECT)


async def add_picture(uow: UnitOfWork, clock: Clock, actor: Member, dream_id: int, data: bytes, *,
                      branch_id: int | None = None) -> Picture:
    """The owner gives the dream a picture, in place of the one it had (`branch_id`: only a dream of that branch)."""
    dream = await _changeable(uow, actor, dream_id, branch_id)
    now = clock.now()
    picture = Picture.taken(dream.id, data, now)
    await uow.pictures.put(picture)
    await record(uow, now, dream.branch_id, actor.id, "add_picture", f"dream:{dream.id}", mime=picture.mime,
                 size=len(picture.data), digest=picture.digest)
    return picture


async def remove_picture(uow: UnitOfWork, clock: Clock, actor: Member, dream_id: int, *,
                         branch_id: int | None = None) -> bool:
    """The owner takes the dream's picture away; False when it had none (nothing changed)."""
    dream = await _changeable(uow, actor, dream_id, branch_id)
    if not await uow.pictures.remove(dream.id):
        return False
    await record(uow, clock.now(), dream.branch_id, actor.id, "remove_picture", f"dream:{dream.id}")
    return True


async def picture_of(uow: UnitOfWork, dream_id: int, viewer: Member | None = None) -> tuple[Dream, Picture]:
    """The dream's picture, where `viewer` (a visitor when None) may see the dream; NotFound when they may not, or
    when it has none. The dream comes along, for the caller to know whether it is public."""
    dream = await access.public_dream(uow, viewer, dream_id)
    picture = await uow.pictures.get(dream.id)
    if picture is None:
        raise NotFound(_("“{title}” has no picture.", title=dream.title))
    return dream, picture


async def _changeable(uow: UnitOfWork, actor: Member, dream_id: int, branch_id: int | None) -> Dream:
    dream = await access.dream(uow, dream_id, for_update=True)
    if branch_id is not None and dream.branch_id != branch_id:  # another branch's dream is not this branch's
        raise access.no_dream(dream_id)
    project = await access.project_of(uow, dream)
    access.refuse(picture_refusal(dream, project, actor))
    return dream


def picture_refusal(dream: Dream, project: Project | None, viewer: Member | None) -> Text | None:
    """Why `viewer` may not change the dream's picture: only its owner may, while the dream is reviewed, in the bank
    or a project under way (not once it is withdrawn, not approved, or in the archive)."""
    refusal = access.owner_refusal(dream, viewer)
    if refusal is None and dream.state not in PICTURED:
        return _("This dream is {state}, so that cannot be done now.", state=STATE_LABELS[dream.state])
    if refusal is None and project is not None:
        return project.archived_refusal()
    return refusal
