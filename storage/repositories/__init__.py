"""One repository per port in core.ports, each working inside the session of a unit of work."""

from .bank import SqlBank
from .base import Repository, is_unique_violation
from .decisions import SqlDreams, SqlReviews
from .people import SqlBranches, SqlMembers
from .projects import SqlProjects
from .outbox import SqlOutbox
from .records import SqlAudit, SqlDialogs, SqlInbox, SqlPosts

__all__ = ["Repository", "SqlAudit", "SqlBank", "SqlBranches", "SqlDialogs", "SqlDreams", "SqlMembers",
           "SqlInbox", "SqlOutbox", "SqlPosts", "SqlProjects", "SqlReviews", "is_unique_violation"]
