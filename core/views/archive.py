"""How the archive looks: finished projects, completed or discontinued, for anyone (a visitor too)."""

from __future__ import annotations

from ..i18n import _
from ..model.projects import Project
from .actions import Action
from .model import Listing
from .paging import page_of
from .projects import project_entry


def archive_list(projects: list[Project], page: int = 1) -> Listing:
    return page_of(_("The archive:"), projects, page, project_entry, _("The archive is empty so far."),
                   Action.ARCHIVE)
