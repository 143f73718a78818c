"""One repository per port in core.ports, in one module per feature named as in core, each in a unit of work."""

from .accounts import SqlAccounts
from .audit import SqlAudit
from .bank import SqlBank
from .base import Repository, is_unique_violation
from .branches import SqlBranches
from .broadcasts import SqlBroadcasts
from .calls import SqlCalls
from .cards import SqlCards
from .dialogs import SqlDialogs
from .dreams import SqlDreams
from .events import SqlEvents
from .funds import SqlFunds
from .inbound import SqlInboundUpdates
from .inbox import SqlInbox
from .inquiries import SqlInquiries
from .members import SqlMembers
from .needs import SqlNeeds
from .newsletters import SqlNewsletters
from .outbox import SqlOutbox
from .padrivere import SqlPadrivere
from .pictures import SqlPictures
from .plans import SqlPlans
from .posts import SqlPosts
from .preferences import SqlMemberPreferences
from .privacy import SqlPrivacy
from .projects import SqlProjects
from .reviews import SqlReviews
from .runs import SqlRuns
from .sign_in import SqlSignIn
from .talk import SqlTalk

__all__ = ["Repository", "SqlAccounts", "SqlAudit", "SqlBank", "SqlBranches", "SqlBroadcasts", "SqlCalls", "SqlCards",
           "SqlDialogs", "SqlDreams", "SqlEvents", "SqlFunds", "SqlInboundUpdates", "SqlInbox", "SqlInquiries",
           "SqlMemberPreferences", "SqlMembers", "SqlNeeds", "SqlNewsletters", "SqlOutbox", "SqlPadrivere",
           "SqlPictures", "SqlPlans", "SqlPosts", "SqlPrivacy", "SqlProjects", "SqlReviews", "SqlRuns", "SqlSignIn",
           "SqlTalk", "is_unique_violation"]
