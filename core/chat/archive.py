"""The archive in chat: finished projects, one page at a time."""

from __future__ import annotations

from ..usecases import archive as archived
from ..views.actions import Action
from ..views.archive import archive_list
from ..views.paging import page_arg
from .layout import as_message
from .replies import Message
from .turn import Turn


async def archive(t: Turn, page: int = 1) -> list[Message]:
    return [as_message(archive_list(await archived.finished_projects(t.uow, t.branch.id), page), t.codec)]


COMMANDS = {"archive": lambda t: archive(t, page_arg(t.args))}
PRESSES = {Action.ARCHIVE: lambda t, p: archive(t, page_arg(p.args))}
