"""How dreams, projects and lists look in a chat: messages with the buttons the viewer may use."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Text, _, join, ngettext
from ..model.bank import Pledge
from ..model.dreams import NEED_LABELS, Dream, DreamState
from ..model.projects import PROJECT_STATE_LABELS, STANDING_LABELS, Project, ProjectState, ProjectUpdate
from ..model.quorum import Tally
from ..model.reviews import CHOICE_LABELS, Choice, Review, ReviewKind
from .buttons import Action, ButtonCodec
from .replies import Button, Message

STORY_PREVIEW = 600


def excerpt(text: str, limit: int = STORY_PREVIEW) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class DreamFacts:
    dream: Dream
    owner: str
    likes: int
    pledges: tuple[tuple[str, Pledge], ...]
    liked: bool
    open_review: Review | None
    project: Project | None

    @property
    def project_id(self) -> int | None:
        return self.project.id if self.project else None


def dream_card(codec: ButtonCodec, facts: DreamFacts, viewer_id: int) -> Message:
    d = facts.dream
    lines: list[Text] = [
        _("💭 {title} (no. {id})", title=d.title, id=d.id),
        _("by {owner}", owner=facts.owner),
        excerpt(d.story),
        _("Needs: {needs}", needs=join([NEED_LABELS[n] for n in sorted(d.needs, key=list(NEED_LABELS).index)])),
    ]
    if d.needs_detail:
        lines.append(_("More about the needs: {detail}", detail=excerpt(d.needs_detail, 300)))
    lines.append(_("State: {state}", state=d.standing(facts.project)))
    if facts.project and facts.project.archived and facts.project.report:
        lines.append(_("Final report: {text}", text=excerpt(facts.project.report, 300)))
    if d.public:
        lines.append(_("{likes} · {pledges}", likes=ngettext("{count} like", "{count} likes", facts.likes),
                       pledges=ngettext("{count} offer of help", "{count} offers of help", len(facts.pledges))))
    if d.owner_id == viewer_id and d.decision_reason and d.state in (DreamState.NEEDS_INFO, DreamState.REJECTED):
        lines.append(_("The board said: {reason}", reason=d.decision_reason))
    if d.owner_id == viewer_id and facts.pledges:
        lines.append(_("Offers of help:"))
        for name, p in facts.pledges[:20]:
            amount = _(" ({amount})", amount=p.amount) if p.amount is not None else ""
            lines.append(_("• {name} — {kind}{amount}: {text}", name=name, kind=NEED_LABELS[p.kind], amount=amount,
                           text=excerpt(p.description, 200)))
    rows: list[list[Button]] = []
    if d.takes_support(facts.project) and d.owner_id != viewer_id:
        like = _("♥ You like this") if facts.liked else _("♥ Like")
        rows.append([Button(like, codec.encode(Action.LIKE, d.id)),
                     Button(_("I can help"), codec.encode(Action.PLEDGE, d.id))])
    if d.owner_id == viewer_id:
        if d.state is DreamState.APPROVED and not (facts.open_review and facts.open_review.open):
            rows.append([Button(_("Withdraw into the factory"), codec.encode(Action.WITHDRAW, d.id))])
        if d.state is DreamState.NEEDS_INFO:
            rows.append([Button(_("Amend and resubmit"), codec.encode(Action.AMEND, d.id))])
        if d.state in (DreamState.DEPOSITED, DreamState.NEEDS_INFO, DreamState.APPROVED):
            rows.append([Button(_("Take my dream out of the bank"), codec.encode(Action.RETRACT, d.id))])
    if facts.project_id:
        rows.append([Button(_("Open the project"), codec.encode(Action.OPEN_PROJECT, facts.project_id))])
    return Message.of(*lines, buttons=rows, topic=f"dream:{d.id}")


def dream_list(codec: ButtonCodec, heading: Text, dreams: list[Dream], empty: Text, with_state: bool,
               projects: dict[int, Project] | None = None) -> Message:
    """A button per dream; `projects` (by dream id) tells where the dreams that became projects stand."""
    if not dreams:
        return Message.of(heading, empty)
    rows = []
    for d in dreams[:40]:
        state = d.standing((projects or {}).get(d.id))
        label = _("{title} — {state}", title=excerpt(d.title, 40), state=state) if with_state \
            else _("{title}", title=excerpt(d.title, 50))
        rows.append([Button(label, codec.encode(Action.OPEN_DREAM, d.id))])
    return Message.of(heading, buttons=rows)


def vote_buttons(codec: ButtonCodec, review: Review, action: Action = Action.VOTE) -> list[list[Button]]:
    codes = {Choice.APPROVE: "a", Choice.REJECT: "r", Choice.MORE_INFO: "i"}
    return [[Button(CHOICE_LABELS[c], codec.encode(action, review.id, codes[c]))] for c in Choice]


CHOICE_CODES = {"a": Choice.APPROVE, "r": Choice.REJECT, "i": Choice.MORE_INFO}


def tally_line(tally: Tally, voters: int) -> Text:
    return _("Votes so far: {a} approve, {r} reject, {i} ask for more — {cast} of {voters}",
             a=tally.approve, r=tally.reject, i=tally.more_info, cast=tally.cast, voters=voters)


def review_card(codec: ButtonCodec, review: Review, dream: Dream, owner: str, tally: Tally, voters: int,
                voted: Choice | None) -> Message:
    heading = _("🗳 Review of “{title}” by {owner}", title=dream.title, owner=owner) \
        if review.kind is ReviewKind.DEPOSIT else \
        _("🏭 Withdrawal of “{title}” into the factory, asked by {owner}", title=dream.title, owner=owner)
    lines = [heading, excerpt(dream.story, 400), tally_line(tally, voters)]
    if review.motivation:
        lines.insert(2, _("The owner says: {text}", text=excerpt(review.motivation, 400)))
    if voted is not None:
        lines.append(_("You voted: {choice}", choice=CHOICE_LABELS[voted]))
        return Message.of(*lines, topic=f"review:{review.id}")
    return Message.of(*lines, buttons=vote_buttons(codec, review), topic=f"review:{review.id}")


def project_card(codec: ButtonCodec, project: Project, team: list[tuple[str, str, int]],
                 updates: list[tuple[str, ProjectUpdate]], viewer_id: int) -> Message:
    state = STANDING_LABELS[project.state] if project.archived else PROJECT_STATE_LABELS[project.state]
    lines: list[Text] = [_("🏭 {title} (project no. {id})", title=project.title, id=project.id),
                         _("State: {state}", state=state), _("Team:")]
    lines += [_("• {name} — {role}", name=name, role=_("lead") if role == "lead" else role) for name, role, _m in team]
    if updates:
        lines.append(_("Latest updates:"))
        lines += [_("• {author}: {text}", author=a, text=excerpt(u.text, 300)) for a, u in updates[-3:]]
    if project.state is not ProjectState.ACTIVE:
        if project.evaluation:
            lines.append(_("Evaluation: {text}", text=project.evaluation))
        lines.append(_("Final report: {text}", text=project.report))
    rows: list[list[Button]] = []
    on_team = any(m == viewer_id for _n, _r, m in team)
    if project.state is ProjectState.ACTIVE and on_team:
        rows.append([Button(_("Post an update"), codec.encode(Action.UPDATE, project.id))])
    if project.state is ProjectState.ACTIVE and project.lead_id == viewer_id:
        rows.append([Button(_("Add someone to the team"), codec.encode(Action.TEAM, project.id, 0))])
        rows.append([Button(_("Close the project"), codec.encode(Action.CLOSE, project.id))])
    return Message.of(*lines, buttons=rows, topic=f"project:{project.id}")


def project_list(codec: ButtonCodec, heading: Text, projects: list[Project], empty: Text) -> Message:
    if not projects:
        return Message.of(heading, empty)
    return Message.of(heading, buttons=[[Button(_("{title} — {state}", title=excerpt(p.title, 40),
                                                      state=PROJECT_STATE_LABELS[p.state]),
                                                    codec.encode(Action.OPEN_PROJECT, p.id))] for p in projects[:40]])
