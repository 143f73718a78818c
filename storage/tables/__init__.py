"""The tables, as SQLModel classes, one module per feature: storage owns them, core never sees them."""

from .accounts import LinkCodeRow, WrongCodeRow
from .audit import AuditRow
from .bank import LikeRow, PledgeRow
from .branches import BranchRow, ChatLinkRow
from .calls import CallCompetenceRow, CallRow, SignupRow
from .columns import TableModel, metadata
from .dialogs import DialogRow
from .dreams import DreamRow
from .events import EventRow, RsvpRow
from .funds import FundRow
from .inbound import InboundUpdateRow
from .inbox import ProcessedUpdateRow
from .inquiries import ConsultantTopicsRow, InquiryEntryRow, InquiryRow
from .members import IdentityRow, MemberRow, RoleGrantRow
from .needs import DreamNeedRow
from .newsletters import NewsletterRow
from .outbox import BroadcastRow, NoticeRow
from .padrivere import PadriverCompetenceRow, PadriverRow
from .pictures import PictureRow
from .plans import PlanPartRow, ProjectEventRow
from .posts import PostRow
from .preferences import MemberPreferencesRow
from .projects import FollowerRow, ProjectRow, ProjectUpdateRow, TeamMemberRow
from .reviews import InterestRow, ReviewRow, VoteRow
from .runs import JobRunRow, ScheduleMarkRow
from .sign_in import SignInLinkRow, WebSessionRow
from .talk import CommentReportRow, CommentRow, MuteRow, TopicRow, TopicSupportRow

#: every table, by name (the migrations create exactly these)
ALL_TABLES = tuple(sorted(metadata.tables))

__all__ = ["ALL_TABLES", "AuditRow", "BranchRow", "BroadcastRow", "CallCompetenceRow", "CallRow", "ChatLinkRow",
           "CommentReportRow", "CommentRow", "ConsultantTopicsRow", "DialogRow", "DreamNeedRow", "DreamRow", "EventRow",
           "FollowerRow", "FundRow", "IdentityRow", "InboundUpdateRow", "InquiryEntryRow", "InquiryRow", "InterestRow",
           "JobRunRow", "LikeRow", "LinkCodeRow", "MemberPreferencesRow", "MemberRow", "MuteRow", "NewsletterRow",
           "NoticeRow",
           "PadriverCompetenceRow", "PadriverRow", "PictureRow", "PlanPartRow", "PledgeRow", "PostRow",
           "ProcessedUpdateRow", "ProjectEventRow", "ProjectRow", "ProjectUpdateRow", "ReviewRow", "RoleGrantRow",
           "RsvpRow", "ScheduleMarkRow", "SignInLinkRow", "SignupRow", "TableModel", "TeamMemberRow", "TopicRow",
           "TopicSupportRow", "VoteRow", "WebSessionRow", "WrongCodeRow", "metadata"]
