"""Between rows and core's dataclasses: `to_x(row)` builds the core object, `x_values(obj)` the columns."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from core.dialogs.state import DialogState
from core.model.audit import AuditEntry
from core.model.bank import Like, Pledge
from core.model.branches import Branch, ChatLink, ChatPurpose, QuorumRule
from core.model.calls import Call, CallStatus, Signup
from core.model.events import Answer, Event, EventAudience, EventKind, Rsvp
from core.model.newsletters import Newsletter, NewsletterStatus
from core.model.padrivere import ApplicationStatus, Padriver
from core.model.dreams import Dream, DreamState, Need
from core.model.members import Identity, Member
from core.model.notices import Audience, Notice, NoticeKind, NoticeStatus, Recipients
from core.model.preferences import DigestFrequency, Preferences
from core.model.projects import Project, ProjectState, ProjectUpdate, TeamMember
from core.model.reviews import Choice, Review, ReviewKind, Vote

from .tables import (AuditRow, BranchRow, CallRow, ChatLinkRow, DialogRow, DreamRow, EventRow, IdentityRow,
                     MemberPreferencesRow, MemberRow, NewsletterRow, NoticeRow, PadriverRow, PledgeRow, ProjectRow,
                     ProjectUpdateRow, ReviewRow, RsvpRow, SignupRow, TeamMemberRow, VoteRow)

Values = dict[str, Any]


def needs_text(needs: frozenset[Need]) -> str:
    return ",".join(sorted(Need(n).value for n in needs))


def needs_of(text: str) -> frozenset[Need]:
    return frozenset(Need(part) for part in text.split(",") if part)


def branch_values(b: Branch) -> Values:
    return dict(slug=b.slug, name=b.name, language=b.language, timezone=b.timezone, quorum=b.quorum.describe(),
                stall_after_seconds=int(b.stall_after.total_seconds()), competences=list(b.competences),
                digest_weekday=b.digest_weekday, digest_hour=b.digest_hour)


def to_branch(r: BranchRow) -> Branch:
    return Branch(r.slug, r.name, r.language, r.timezone, QuorumRule.parse(r.quorum),
                  timedelta(seconds=r.stall_after_seconds), r.id, tuple(r.competences or ()),
                  digest_weekday=r.digest_weekday, digest_hour=r.digest_hour)


def member_values(m: Member) -> Values:
    return dict(display_name=m.display_name, branch_id=m.branch_id, language=m.language, joined_at=m.joined_at)


def to_member(r: MemberRow) -> Member:
    return Member(r.display_name, r.branch_id, r.language, r.joined_at, r.id)


def to_identity(r: IdentityRow) -> Identity:
    return Identity(r.platform, r.external_id)


def dream_values(d: Dream) -> Values:
    return dict(branch_id=d.branch_id, owner_id=d.owner_id, title=d.title, story=d.story,
                needs=needs_text(d.needs), needs_detail=d.needs_detail, state=DreamState(d.state).value,
                deposited_at=d.deposited_at, decided_at=d.decided_at, decision_reason=d.decision_reason)


def to_dream(r: DreamRow) -> Dream:
    return Dream(r.branch_id, r.owner_id, r.title, r.story, needs_of(r.needs), r.needs_detail, DreamState(r.state),
                 r.deposited_at, r.decided_at, r.decision_reason, r.id)


def review_values(r: Review) -> Values:
    return dict(dream_id=r.dream_id, branch_id=r.branch_id, kind=ReviewKind(r.kind).value, round=r.round,
                opened_at=r.opened_at, motivation=r.motivation, decided_at=r.decided_at,
                outcome=Choice(r.outcome).value if r.outcome is not None else None, settled_by=r.settled_by)


def to_review(r: ReviewRow) -> Review:
    return Review(r.dream_id, r.branch_id, ReviewKind(r.kind), r.round, r.opened_at, r.motivation, r.decided_at,
                  Choice(r.outcome) if r.outcome is not None else None, r.settled_by, r.id)


def vote_values(v: Vote) -> Values:
    return dict(review_id=v.review_id, voter_id=v.voter_id, choice=Choice(v.choice).value, comment=v.comment,
                cast_at=v.cast_at)


def to_vote(r: VoteRow) -> Vote:
    return Vote(r.review_id, r.voter_id, Choice(r.choice), r.comment, r.cast_at)


def like_values(like: Like) -> Values:
    return dict(dream_id=like.dream_id, member_id=like.member_id, at=like.at)


def pledge_values(p: Pledge) -> Values:
    return dict(dream_id=p.dream_id, member_id=p.member_id, kind=Need(p.kind).value, description=p.description,
                amount=p.amount, at=p.at)


def to_pledge(r: PledgeRow) -> Pledge:
    return Pledge(r.dream_id, r.member_id, Need(r.kind), r.description, r.amount, r.at, r.id)


def project_values(p: Project) -> Values:
    return dict(dream_id=p.dream_id, branch_id=p.branch_id, title=p.title, lead_id=p.lead_id,
                started_at=p.started_at, state=ProjectState(p.state).value, closed_at=p.closed_at,
                evaluation=p.evaluation, report=p.report)


def to_project(r: ProjectRow) -> Project:
    return Project(r.dream_id, r.branch_id, r.title, r.lead_id, r.started_at, ProjectState(r.state), r.closed_at,
                   r.evaluation, r.report, r.id)


def team_member_values(t: TeamMember) -> Values:
    return dict(project_id=t.project_id, member_id=t.member_id, role=t.role)


def to_team_member(r: TeamMemberRow) -> TeamMember:
    return TeamMember(r.project_id, r.member_id, r.role)


def update_values(u: ProjectUpdate) -> Values:
    return dict(project_id=u.project_id, author_id=u.author_id, text=u.text, at=u.at)


def to_update(r: ProjectUpdateRow) -> ProjectUpdate:
    return ProjectUpdate(r.project_id, r.author_id, r.text, r.at, r.id)


def notice_values(n: Notice) -> Values:
    return dict(member_id=n.member_id, branch_id=n.branch_id, kind=NoticeKind(n.kind).value, params=dict(n.params),
                created_at=n.created_at, status=NoticeStatus(n.status).value, channel=n.channel, sent_at=n.sent_at,
                audience=Audience(n.audience).value, topic=n.topic, attempts=n.attempts, broadcast_id=n.broadcast_id,
                via=n.via, address=n.address)


def to_notice(r: NoticeRow) -> Notice:
    return Notice(r.member_id, r.branch_id, NoticeKind(r.kind), dict(r.params), r.created_at,
                  NoticeStatus(r.status), r.channel, r.sent_at, r.id, Audience(r.audience), r.topic, r.attempts,
                  r.broadcast_id, via=r.via, address=r.address)


def preferences_values(p: Preferences) -> Values:
    return dict(member_id=p.member_id, digest=DigestFrequency(p.digest).value, digest_in_chat=p.digest_in_chat,
                digest_by_email=p.digest_by_email, newsletters_by_email=p.newsletters_by_email,
                reminders_by_email=p.reminders_by_email, email=p.email, pending_email=p.pending_email,
                code_hash=p.code_hash, code_sent_at=p.code_sent_at, code_tries=p.code_tries,
                digested_until=p.digested_until)


def to_preferences(r: MemberPreferencesRow) -> Preferences:
    return Preferences(r.member_id, DigestFrequency(r.digest), r.digest_in_chat, r.digest_by_email,
                       r.newsletters_by_email, r.reminders_by_email, r.email, r.pending_email, r.code_hash,
                       r.code_sent_at, r.code_tries, r.digested_until)


def chat_link_values(link: ChatLink) -> Values:
    return dict(branch_id=link.branch_id, purpose=ChatPurpose(link.purpose).value, platform=link.platform,
                chat_id=link.chat_id, title=link.title, invite_link=link.invite_link)


def to_chat_link(r: ChatLinkRow) -> ChatLink:
    return ChatLink(r.branch_id, ChatPurpose(r.purpose), r.platform, r.chat_id, r.title, r.invite_link)


def audit_values(e: AuditEntry) -> Values:
    return dict(branch_id=e.branch_id, actor_id=e.actor_id, action=e.action, subject=e.subject, at=e.at,
                detail=dict(e.detail))


def to_audit(r: AuditRow) -> AuditEntry:
    return AuditEntry(r.branch_id, r.actor_id, r.action, r.subject, r.at, dict(r.detail), r.id)


def dialog_values(s: DialogState) -> Values:
    return dict(member_id=s.member_id, form=s.form, step=s.step, answers=dict(s.answers), context=dict(s.context),
                previous=dict(s.previous), pending_refusal=s.pending_refusal, nonce=s.nonce,
                updated_at=s.updated_at, instance=s.instance)


def to_dialog(r: DialogRow) -> DialogState:
    return DialogState(r.member_id, r.form, r.step, dict(r.answers), dict(r.context), r.updated_at,
                       r.pending_refusal, r.nonce, r.id, dict(r.previous), r.instance)



def distinct(names: list[str]) -> list[str]:
    """Each competence once, in the order first given (a unique key holds one per pådriver or call)."""
    return list(dict.fromkeys(names))


def padriver_values(p: Padriver) -> Values:
    return dict(branch_id=p.branch_id, member_id=p.member_id, other=p.other, availability=p.availability,
                public=p.public, applied_at=p.applied_at, status=ApplicationStatus(p.status).value,
                decided_at=p.decided_at, decided_by=p.decided_by, reason=p.reason)


def to_padriver(r: PadriverRow, competences: list[str]) -> Padriver:
    return Padriver(r.branch_id, r.member_id, competences, r.other, r.availability, r.public, r.applied_at,
                    ApplicationStatus(r.status), r.decided_at, r.decided_by, r.reason, r.id)


def event_values(e: Event) -> Values:
    return dict(branch_id=e.branch_id, kind=EventKind(e.kind).value, title=e.title, description=e.description,
                starts_at=e.starts_at, ends_at=e.ends_at, place=e.place, audience=EventAudience(e.audience).value,
                capacity=e.capacity, deadline=e.deadline, created_by=e.created_by, created_at=e.created_at,
                cancelled_at=e.cancelled_at, sequence=e.sequence)


def to_event(r: EventRow) -> Event:
    return Event(r.branch_id, EventKind(r.kind), r.title, r.description, r.starts_at, r.ends_at, r.place,
                 EventAudience(r.audience), r.capacity, r.deadline, r.created_by, r.created_at, r.cancelled_at,
                 r.sequence, r.id)


def rsvp_values(r: Rsvp) -> Values:
    return dict(event_id=r.event_id, member_id=r.member_id, answer=Answer(r.answer).value, waiting=r.waiting,
                at=r.at, seq=r.seq)


def to_rsvp(r: RsvpRow) -> Rsvp:
    return Rsvp(r.event_id, r.member_id, Answer(r.answer), r.at, r.seq, r.waiting, r.id)


def call_values(c: Call) -> Values:
    return dict(branch_id=c.branch_id, title=c.title, description=c.description, when=c.when, needed=c.needed,
                created_by=c.created_by, created_at=c.created_at, status=CallStatus(c.status).value)


def to_call(r: CallRow, competences: list[str]) -> Call:
    return Call(r.branch_id, r.title, r.description, r.when, r.needed, competences, r.created_by, r.created_at,
                CallStatus(r.status), r.id)


def signup_values(s: Signup) -> Values:
    return dict(call_id=s.call_id, member_id=s.member_id, at=s.at)


def to_signup(r: SignupRow) -> Signup:
    return Signup(r.call_id, r.member_id, r.at)


def newsletter_values(n: Newsletter) -> Values:
    return dict(branch_id=n.branch_id, author_id=n.author_id, text=n.text, recipients=n.recipients.describe(),
                image=dict(n.image), created_at=n.created_at, send_at=n.send_at,
                status=NewsletterStatus(n.status).value, broadcast_id=n.broadcast_id)


def to_newsletter(r: NewsletterRow) -> Newsletter:
    return Newsletter(r.branch_id, r.author_id, r.text, Recipients.parse(r.recipients), r.created_at, dict(r.image),
                      r.send_at, NewsletterStatus(r.status), r.broadcast_id, r.id)
