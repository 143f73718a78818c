"""Gathering what a view shows: names, counts, the open review."""

from __future__ import annotations

from ..model.dreams import Dream, DreamState
from ..model.members import Member
from ..model.projects import Project
from ..ports import UnitOfWork
from .views import DreamFacts


async def name_of(uow: UnitOfWork, member_id: int | None) -> str:
    if member_id is None:
        return "—"
    member = await uow.members.get(member_id)
    return member.display_name if member else "—"


async def dream_facts(uow: UnitOfWork, dream: Dream, viewer: Member) -> DreamFacts:
    pledges = await uow.bank.pledges(dream.id)
    named = tuple([(await name_of(uow, p.member_id), p) for p in pledges])
    project = await uow.projects.by_dream(dream.id)
    return DreamFacts(dream, await name_of(uow, dream.owner_id), await uow.bank.likes(dream.id), named,
                      await uow.bank.has_liked(dream.id, viewer.id), await uow.reviews.latest(dream.id), project)


async def projects_of(uow: UnitOfWork, dreams: list[Dream]) -> dict[int, Project]:
    """The projects the dreams became, by dream id, so a list can say which are in the archive."""
    found = {d.id: await uow.projects.by_dream(d.id) for d in dreams if d.state is DreamState.PROJECT}
    return {dream_id: project for dream_id, project in found.items() if project is not None}
