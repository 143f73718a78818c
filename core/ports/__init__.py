"""What core needs from the world, as Protocols: repositories inside a unit of work.

Repositories load and stage changes; they never commit. A unit of work commits once, at the
end of a use case, and rolls back unless told otherwise. Each module holds the repositories of
one part of the product; everything is named here too, so `from core.ports import Dreams` works.
"""

from __future__ import annotations

from .members import Accounts, Branches, MemberPreferences, Members, Privacy, SignIn
from .dreams import Bank, Cards, Dreams, Needs, Pictures, Reviews
from .projects import Plans, Projects
from .community import Calls, Events, Newsletters, Padrivere, Talk
from .municipality import Funds, Inquiries
from .delivery import Broadcasts, InboundUpdates, Inbox, Outbox, Posts
from .records import Audit, Dialogs, Runs
from .unit_of_work import Lease, UnitOfWork, UnitOfWorkFactory

__all__ = ["Accounts", "Audit", "Bank", "Branches", "Broadcasts", "Calls", "Cards", "Dialogs", "Dreams", "Events",
           "Funds", "InboundUpdates", "Inbox", "Inquiries", "Lease", "MemberPreferences", "Members", "Needs",
           "Newsletters", "Outbox", "Padrivere", "Pictures", "Plans", "Posts", "Privacy", "Projects", "Reviews",
           "Runs", "SignIn", "Talk", "UnitOfWork", "UnitOfWorkFactory"]
