"""One repository per port in core.ports, each working inside the session of a unit of work."""

from .bank import SqlBank
from .base import Repository, is_unique_violation
from .decisions import SqlDreams, SqlReviews
from .people import SqlBranches, SqlMembers
from .projects import SqlProjects
from .records import SqlAudit, SqlDialogs, SqlOutbox

__all__ = ["Repository", "SqlAudit", "SqlBank", "SqlBranches", "SqlDialogs", "SqlDreams", "SqlMembers",
           "SqlOutbox", "SqlProjects", "SqlReviews", "is_unique_violation"]
