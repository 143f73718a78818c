"""How a dream's needs look: each need with what is pledged against it and what is still missing, the list its
owner refines, and the needs a helper picks from."""

from __future__ import annotations

from ..i18n import Text, _, ngettext
from ..model.bank import amount_shown
from ..model.dreams import NEED_LABELS
from ..model.needs import Coverage, DreamNeed
from ..usecases.dreams import withdrawal_refusal
from ..usecases.needs import NeedsFacts
from .actions import Action
from .model import Act, Card, Entry, Fact, Listing
from .paging import page_of
from .text import excerpt


def short_name(need: DreamNeed, limit: int = 40) -> Text:
    """A need named in a few words: its kind, and the opening of its description."""
    if need.description:
        return _("{kind}: {description}", kind=NEED_LABELS[need.kind], description=excerpt(need.description, limit))
    return NEED_LABELS[need.kind]


def coverage_text(c: Coverage, currency: str) -> Text:
    """What is pledged against a need and what is still missing: a sum (or hours, or a count) for a need with an
    amount, else how many stand by it."""
    kind, amount, missing = c.need.kind, c.need.amount, c.missing
    if amount is None or missing is None:
        if c.offers:
            return ngettext("covered: {count} offer of help", "covered: {count} offers of help", c.offers)
        return _("still open: nobody has offered help yet")
    pledged, wanted = amount_shown(kind, c.pledged, currency), amount_shown(kind, amount, currency)
    if c.covered:
        return _("{pledged} of {amount} pledged: covered", pledged=pledged, amount=wanted)
    if not c.offers:
        return _("{amount} needed; nothing pledged yet", amount=wanted)
    return _("{pledged} of {amount} pledged, {missing} still missing", pledged=pledged, amount=wanted,
             missing=amount_shown(kind, missing, currency))


def missing_text(c: Coverage, currency: str) -> Text:
    """What is still missing of a need, in a word or two (the web page's table, the helper's choice)."""
    if c.covered:
        return _("covered")
    if c.missing is None:
        return _("still open")
    return _("{missing} still missing", missing=amount_shown(c.need.kind, c.missing, currency))


def pledged_text(c: Coverage, currency: str) -> Text:
    """What is pledged against a need: the sum of the amounts pledged, or how many offers stand."""
    if c.need.amount is None:
        return ngettext("{count} offer of help", "{count} offers of help", c.offers)
    return _("{pledged} of {amount}", pledged=amount_shown(c.need.kind, c.pledged, currency),
             amount=amount_shown(c.need.kind, c.need.amount, currency))


def coverage_facts(covered: tuple[Coverage, ...], currency: str) -> list[Fact]:
    """Each need as a labelled line of a card: what it is, and how far it is covered."""
    return [Fact(short_name(c.need, 80), coverage_text(c, currency)) for c in covered]


def coverage_lines(covered: tuple[Coverage, ...], currency: str) -> list[Text]:
    """Each need as a line of a card's body or a notice."""
    return [_("• {need}: {coverage}", need=short_name(c.need, 80), coverage=coverage_text(c, currency))
            for c in covered]


def coverage_rows(covered: tuple[Coverage, ...], currency: str) -> list[tuple[Text, Text, Text]]:
    """Each need as a row of a table: what it is, what is pledged, what is still missing."""
    return [(short_name(c.need, 200), pledged_text(c, currency), missing_text(c, currency)) for c in covered]


def need_options(facts: NeedsFacts) -> list[tuple[int, Text]]:
    """The needs a helper chooses from, each with what is still missing (value: the need's id)."""
    return [(c.need.id, _("{need} — {missing}", need=short_name(c.need), missing=missing_text(c, facts.currency)))
            for c in facts.coverage if c.need.id is not None]


def needs_card(facts: NeedsFacts) -> Card:
    """A dream's needs, each with what is pledged and what is missing; its owner changes the list here until the
    dream becomes a project, and once every need is covered is offered the withdrawal into the factory."""
    dream = facts.dream
    body: list[Text | str] = coverage_lines(facts.coverage, facts.currency) or [_("No needs are listed yet.")]
    rows: list[tuple[Act, ...]] = []
    if facts.refused is None:
        body.append(_("Add a need, or change one: its kind, what exactly is needed, and how much (hours, a sum or "
                      "a count), so that helpers see what is still missing."))
        rows += [(Act.to(Action.NEED_ADD, _("+ Need"), dream.id),),
                 (Act.to(Action.NEED_CHANGE, _("Change a need"), dream.id, 0),
                  Act.to(Action.NEED_REMOVE, _("Remove a need"), dream.id, 0))]
        if facts.covered and withdrawal_refusal(dream, facts.latest, facts.viewer) is None:
            body.append(_("Every need is covered. You can ask the board to make the dream a project."))
            rows.append((Act.to(Action.WITHDRAW, _("Withdraw into the factory"), dream.id),))
    rows.append((Act.to(Action.OPEN_DREAM, _("Open the dream"), dream.id),))
    return Card("needs", dream.id, _("🧺 What “{title}” needs", title=dream.title), None, body=tuple(body),
                actions=tuple(rows))


def needs_to_pick(facts: NeedsFacts, action: Action, page: int = 1) -> Listing:
    """The dream's needs, each a press that changes it (NEED_CHANGE) or takes it off the list (NEED_REMOVE)."""
    title = _("Which need do you change?") if action is Action.NEED_CHANGE else _("Which need comes off the list?")
    return page_of(title, list(facts.coverage), page,
                   lambda c: Entry(short_name(c.need), coverage_text(c, facts.currency),
                                   Act.to(action, excerpt(c.need.description or "", 40) or NEED_LABELS[c.need.kind],
                                          facts.dream.id, c.need.id)),
                   _("No needs are listed yet."), action, facts.dream.id, 0)
