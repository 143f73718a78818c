"""Branches: opening one for a municipality or district, with its language, time zone and quorum rule."""

from __future__ import annotations

from ..errors import NotFound, Refused
from ..i18n import _
from ..model.branches import Branch, check_branch_name, check_language, check_slug, check_timezone, parse_quorum
from ..ports import UnitOfWork


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
