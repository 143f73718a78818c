"""How a dream looks: its card with what this viewer may do, the owner's list, and its decisions."""

from __future__ import annotations

from ..formats import Moment
from ..i18n import Text, _, join, ngettext
from ..model.audit import AuditEntry
from ..model.bank import PLEDGE_STATE_LABELS, Pledge
from ..model.dreams import NEED_LABELS, Dream, DreamState
from ..model.members import Member
from ..model.projects import Project
from ..model.reviews import CHOICE_LABELS, Choice
from ..usecases.bank import like_refusal, pledge_refusal
from ..usecases.dreams import RETRACTABLE, DreamFacts, amend_refusal, retract_refusal, withdrawal_refusal
from ..usecases.needs import needs_refusal
from ..usecases.projects import follow_refusal
from .actions import Action
from .model import Act, Card, Entry, Fact, Listing, Note
from .needs import coverage_facts
from .paging import page_of
from .pledges import need_of, with_amount
from .talk import comments_button
from .text import excerpt


def dream_card(facts: DreamFacts, viewer: Member | None, whole_story: bool = False, needs_apart: bool = False
               ) -> Card:
    """A dream as `viewer` (None for a visitor) sees it, each action allowed or refused by its use case; the
    story's opening, or all of it where there is room (a web page); each need with what is pledged and what is
    still missing, unless the page shows them apart (`needs_apart`, a web page's table)."""
    d, project = facts.dream, facts.project
    owner = viewer is not None and d.owner_id == viewer.id
    fields = [Fact(_("Deposited by"), facts.owner)]
    if not facts.needs:  # a dream written before its needs were listed one by one
        fields.append(Fact(_("Needs"), needs_text(d)))
    elif not needs_apart:
        fields += coverage_facts(facts.needs, facts.currency)
    if d.needs_detail and all(c.need.description != d.needs_detail for c in facts.needs):
        fields.append(Fact(_("More about the needs"), excerpt(d.needs_detail, 300)))
    if d.public:
        fields.append(Fact(_("Followers"), str(facts.followers)))
    body: list[Text | str] = [d.story if whole_story else excerpt(d.story)]
    if project and project.archived and project.report:
        body.append(_("Final report: {text}", text=excerpt(project.report, 300)))
    if d.public:
        body.append(_("{likes} · {pledges}", likes=ngettext("{count} like", "{count} likes", facts.likes),
                      pledges=ngettext("{count} offer of help", "{count} offers of help", len(facts.standing))))
    if owner and d.decision_reason and d.state in (DreamState.NEEDS_INFO, DreamState.REJECTED):
        body.append(_("The board said: {reason}", reason=d.decision_reason))
    mine = [p for _name, p in facts.pledges if viewer is not None and p.member_id == viewer.id and p.standing]
    if owner and facts.standing:
        body.append(_("Offers of help:"))
        body += [pledge_line(name, p, facts) for name, p in facts.standing[:20]]
    elif mine:
        body.append(_("Your offers of help:"))
        body += [pledge_line(None, p, facts) for p in mine[:5]]
    rows: list[tuple[Act, ...]] = []
    if d.takes_support(project):
        # a like already given stays on offer, drawn as pressed: pressing it again is answered by the use case
        rows.append((Act.to(Action.LIKE, _("♥ You like this") if facts.liked else _("♥ Like"), d.id,
                            refused=like_refusal(d, project, viewer, liked=False), pressed=facts.liked),
                     Act.to(Action.PLEDGE, _("I can help"), d.id, refused=pledge_refusal(d, project, viewer))))
    if d.public:
        rows.append((Act.to(Action.FOLLOW, _("Stop following") if facts.following else _("Follow"), d.id,
                            0 if facts.following else 1, refused=follow_refusal(d, project, viewer)),))
    rows += [(Act.to(Action.OPEN_PLEDGE, _("Your offer: {text}", text=excerpt(p.description, 30)), p.id),)
             for p in mine[:3]]
    if owner and d.state in RETRACTABLE:
        rows += [(Act.to(Action.WITHDRAW, _("Withdraw into the factory"), d.id,
                         refused=withdrawal_refusal(d, facts.latest_review, viewer)),),
                 (Act.to(Action.AMEND, _("Amend and resubmit"), d.id, refused=amend_refusal(d, viewer)),),
                 (Act.to(Action.RETRACT, _("Take my dream out of the bank"), d.id,
                         refused=retract_refusal(d, viewer)),)]
    if owner and needs_refusal(d, viewer) is None:
        rows.append((Act.to(Action.NEEDS, _("Change the needs"), d.id),))
    if owner and facts.pledges:
        rows.append((Act.to(Action.DREAM_PLEDGES, ngettext("Answer the offer of help", "Answer the offers of help",
                                                           len(facts.pledges)), d.id),))
    if facts.project_id:
        rows.append((Act.to(Action.OPEN_PROJECT, _("Open the project"), facts.project_id),))
    if d.public and viewer is not None:  # last, so the buttons above keep their places
        rows.append((comments_button(d.id, facts.comments),))
    return Card("dream", d.id, _("💭 {title} (no. {id})", title=d.title, id=d.id), d.standing(project),
                tuple(fields), tuple(body), tuple(rows))


def pledge_line(name: str | None, pledge: Pledge, facts: DreamFacts) -> Text:
    """One offer of help on the dream's card: who (for the owner), against which need, how much, and its answer."""
    need = next((c.need for c in facts.needs if c.need.id == pledge.need_id), None)
    what = dict(need=need_of(pledge, need), amount=with_amount(pledge, facts.currency),
                text=excerpt(pledge.description, 200), state=PLEDGE_STATE_LABELS[pledge.state])
    if name is None:
        return _("• {need}{amount}: {text} ({state})", **what)
    return _("• {name} — {need}{amount}: {text} ({state})", name=name, **what)


def needs_text(dream: Dream) -> Text:
    return join([NEED_LABELS[n] for n in sorted(dream.needs, key=list(NEED_LABELS).index)])


def my_dreams(dreams: list[tuple[Dream, Project | None]], page: int = 1) -> Listing:
    """The owner's dreams, each with where it stands (its project's state, once it became one)."""
    return page_of(_("Your dreams:"), dreams, page, _mine, _("You have no dreams yet. /deposit starts one."),
                   Action.MINE)


def _mine(item: tuple[Dream, Project | None]) -> Entry:
    dream, project = item
    return Entry(excerpt(dream.title, 40), dream.standing(project), Act.to(Action.OPEN_DREAM, dream.title, dream.id))


AUDIT_LABELS = {
    "deposit": _("deposited the dream"), "vote": _("voted"), "decide": _("decision"),
    "amend": _("amended the dream"), "retract": _("took the dream out"),
    "propose_withdrawal": _("asked to make it a project"), "pledge": _("offered help"),
    "pledge_change": _("changed an offer of help"), "pledge_withdraw": _("withdrew an offer of help"),
    "pledge_confirm": _("confirmed an offer of help for the project"), "pledge_accept": _("accepted an offer of help"),
    "pledge_thank": _("thanked for an offer of help"), "pledge_decline": _("declined an offer of help"),
    "need_add": _("added a need"), "need_change": _("changed a need"), "need_remove": _("took a need off the list"),
    "needs_covered": _("every need was covered"),
    "start_project": _("the project started"), "team_add": _("added someone to the team"),
    "update": _("posted an update"), "close": _("closed the project"),
}


def decisions(dream: Dream, entries: list[tuple[AuditEntry, str | None]], timezone: str) -> Note:
    """The audit trail of a dream, the latest 40 entries, each with who (a name, or None for the board)."""
    lines: list[Text | str] = [_("Decisions about “{title}”:", title=dream.title)]
    for e, who in entries[-40:]:
        label: Text | str = AUDIT_LABELS.get(e.action, e.action)
        choice = e.detail.get("choice") or e.detail.get("outcome")
        if choice in Choice._value2member_map_:
            label = _("{action}: {choice}", action=label, choice=CHOICE_LABELS[Choice(choice)])
        lines.append(_("{at} — {who}: {action}", at=Moment(e.at, timezone), who=who if who else _("the board"),
                       action=label))
    return Note.of(*lines)
