"""One repository per port in core.ports, each working inside the session of a unit of work."""

from .bank import SqlBank
from .base import Repository, is_unique_violation
from .calls import SqlCalls
from .decisions import SqlDreams, SqlReviews
from .events import SqlEvents
from .newsletters import SqlNewsletters
from .padrivere import SqlPadrivere
from .people import SqlBranches, SqlMembers
from .projects import SqlProjects
from .outbox import SqlOutbox
from .records import SqlAudit, SqlDialogs, SqlInbox, SqlInboundUpdates, SqlPosts
from .schedule import SqlMemberPreferences, SqlRuns

__all__ = ["Repository", "SqlAudit", "SqlBank", "SqlBranches", "SqlCalls", "SqlDialogs", "SqlDreams", "SqlEvents",
           "SqlMemberPreferences", "SqlMembers", "SqlInbox", "SqlInboundUpdates", "SqlNewsletters", "SqlOutbox", "SqlPadrivere",
           "SqlPosts", "SqlProjects", "SqlReviews", "SqlRuns", "is_unique_violation"]
