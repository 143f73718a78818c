"""The archive: finished projects, completed or discontinued, with their reports for others to learn from.

A project enters it when its lead closes it (`projects.close_project`); reading it needs no member.
"""

from __future__ import annotations

from ..model.projects import Project
from ..ports import UnitOfWork


async def finished_projects(uow: UnitOfWork, branch_id: int) -> list[Project]:
    """The finished projects of a branch, for anyone to see."""
    return list(await uow.projects.in_branch(branch_id, active=False))
