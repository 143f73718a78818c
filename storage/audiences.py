"""Who a broadcast reaches, in SQL: the members of its audience, where each is sent notices, and who wants a
topic by email, so a fan-out never holds a recipient in memory."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from core.model.members import Role
from core.model.notices import Recipients
from core.model.padrivere import ApplicationStatus
from core.model.preferences import DigestFrequency, MailTopic

from .tables import (CallCompetenceRow, CallRow, FollowerRow, IdentityRow, MemberPreferencesRow, MemberRow,
                      PadriverCompetenceRow, PadriverRow, RoleGrantRow)

#: platforms where members read their notices when they next speak, rather than being sent them: a member who is
#: also on a platform with a deliverer gets notices there
READ_IN_PLACE = ("console",)


def chat_of(member_id: sa.ColumnElement[int], column: sa.ColumnElement[str], chosen: sa.ColumnElement[str]
             ) -> sa.ColumnElement[Any]:
    """The platform (or chat) where a member is sent notices: a reachable identity's, on the platform the member
    chose when they did, else one with a deliverer before one where notices are read in place (the console);
    NULL for a member with none, to be matched at each claim. (The choice is looked for on its own, not in the
    ORDER BY: SQLite cannot order a subquery by an outer column.)"""
    reachable = (IdentityRow.member_id == member_id, IdentityRow.reachable.is_(True))
    on_the_chosen = (sa.select(column).where(*reachable, IdentityRow.platform == chosen)
                     .order_by(IdentityRow.id).limit(1).scalar_subquery())
    any_other = (sa.select(column).where(*reachable)
                 .order_by(IdentityRow.platform.in_(READ_IN_PLACE), IdentityRow.platform, IdentityRow.id).limit(1)
                 .scalar_subquery())
    return sa.func.coalesce(on_the_chosen, any_other)


def wants_email(topic: MailTopic) -> sa.ColumnElement[bool]:
    """The members' preferences that want this topic by email, as Preferences.wants_email decides it."""
    chosen = {MailTopic.DIGEST: sa.and_(MemberPreferencesRow.digest_by_email.is_(True),
                                        MemberPreferencesRow.digest != DigestFrequency.NEVER.value),
              MailTopic.NEWSLETTERS: MemberPreferencesRow.newsletters_by_email.is_(True),
              MailTopic.REMINDERS: MemberPreferencesRow.reminders_by_email.is_(True),
              MailTopic.ALL: sa.true()}[MailTopic(topic)]
    return sa.and_(MemberPreferencesRow.email.is_not(None), chosen)


def recipients_of(branch_id: int, recipients: Recipients) -> sa.Subquery:
    if recipients.kind == "all":
        chosen = sa.select(MemberRow.id).where(MemberRow.branch_id == branch_id, MemberRow.erased_at.is_(None))
    elif recipients.kind == "role":
        chosen = sa.select(RoleGrantRow.member_id.label("id")).where(RoleGrantRow.branch_id == branch_id,
                                                                    RoleGrantRow.role == recipients.value)
    elif recipients.kind == "call":
        chosen = call_audience(branch_id, int(recipients.value))
    else:
        chosen = sa.select(FollowerRow.member_id.label("id")).where(FollowerRow.dream_id == int(recipients.value))
    return chosen.subquery()


def call_audience(branch_id: int, call_id: int) -> sa.Select[tuple[int]]:
    """Approved pådrivere still holding the role, each once; when the call names competences, only those
    who chose at least one of them."""
    asked = sa.select(CallCompetenceRow.competence).where(CallCompetenceRow.call_id == call_id)
    matching = sa.exists().where(PadriverCompetenceRow.padriver_id == PadriverRow.id,
                                 PadriverCompetenceRow.competence.in_(asked))
    call_here = sa.exists().where(CallRow.id == call_id, CallRow.branch_id == branch_id)
    return (
        sa.select(PadriverRow.member_id.label("id")).distinct()
        .join(RoleGrantRow, sa.and_(RoleGrantRow.branch_id == PadriverRow.branch_id,
                                    RoleGrantRow.member_id == PadriverRow.member_id,
                                    RoleGrantRow.role == Role.PADRIVER.value))
        .where(PadriverRow.branch_id == branch_id, PadriverRow.status == ApplicationStatus.APPROVED.value,
               call_here, sa.or_(~asked.exists(), matching)))
