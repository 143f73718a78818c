"""The dialogs about one's own dream: depositing it, amending it, taking it out, and asking to withdraw it
into the factory; each with what happens when it is finished."""

from __future__ import annotations

from typing import Any

from ..clock import Clock
from ..i18n import Text, _, join
from ..model.branches import Branch
from ..model.dreams import NEED_LABELS, NEEDS_DETAIL_MAX, STORY_MAX, TITLE_MAX, Draft, Need
from ..model.members import Member
from ..ports import UnitOfWork
from ..usecases import dreams
from ..views.actions import Action
from ..views.model import Act, Note, View
from .forms import Field, FieldKind, Form, Option

Answers = dict[str, Any]

NEED_OPTIONS = tuple(Option(n.value, NEED_LABELS[n]) for n in Need)


def _needs(values: list[str]) -> Text:
    return join([NEED_LABELS[Need(v)] for v in values])


def _dream_summary(a: Answers) -> list[Text]:
    lines = [_("Title: {title}", title=a["title"]), _("Story: {story}", story=a["story"]),
             _("Needs: {needs}", needs=_needs(a["needs"]))]
    if a.get("needs_detail"):
        lines.append(_("More about the needs: {detail}", detail=a["needs_detail"]))
    return lines


def draft(a: Answers) -> Draft:
    """The dream the answers of DEPOSIT (or AMEND) describe."""
    return Draft(a["title"], a["story"], frozenset(Need(n) for n in a["needs"]), a.get("needs_detail") or "",
                 a["non_profit"], a["social_value"], a["realisable"])


async def _deposit(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers,
                   ctx: Answers) -> list[View]:
    dream = await dreams.deposit_dream(uow, clock, actor, draft(a))
    return [Note.of(_("Thank you! “{title}” is deposited (no. {id}). The board will look at it and you will hear "
                      "from them here.", title=dream.title, id=dream.id),
                    actions=[[Act.to(Action.MINE, _("My dreams"))]])]


async def _amend(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers,
                 ctx: Answers) -> list[View]:
    dream = await dreams.amend_dream(uow, clock, actor, ctx["dream_id"], draft(a))
    return [Note.of(_("“{title}” is back with the board. Thank you for the extra detail.", title=dream.title))]


async def _retract(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers,
                   ctx: Answers) -> list[View]:
    dream = await dreams.retract_dream(uow, clock, actor, ctx["dream_id"])
    return [Note.of(_("“{title}” is taken out. It stays yours, in /mydreams.", title=dream.title))]


async def _withdrawal(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers,
                      ctx: Answers) -> list[View]:
    dream = await dreams.propose_withdrawal(uow, clock, actor, ctx["dream_id"], a.get("motivation") or "")
    return [Note.of(_("The board is asked to agree that “{title}” becomes a project.", title=dream.title))]


DEPOSIT = Form("deposit", _("Your dream"), (
    Field("title", FieldKind.TEXT, _("What is your dream called? Give it a short title."), max_length=TITLE_MAX),
    Field("story", FieldKind.LONG_TEXT, _("Tell us about the dream: what would happen, where, and for whom?"),
          max_length=STORY_MAX),
    Field("needs", FieldKind.CHOICES, _("What does the dream need to come true?"), options=NEED_OPTIONS),
    Field("needs_detail", FieldKind.LONG_TEXT, _("Anything more about what it needs? (optional)"),
          max_length=NEEDS_DETAIL_MAX, required=False),
    Field("non_profit", FieldKind.YES_NO, _("Is the dream non-profit — nobody earns money from it?"),
          must_be_yes=_("The bank holds dreams that nobody profits from, so that neighbours can give their time "
                        "and money with confidence. If you can shape the dream so that any income goes back "
                        "into it, it fits. Does it now?")),
    Field("social_value", FieldKind.YES_NO,
          _("Does it strengthen social values or create positive activity where you live?"),
          must_be_yes=_("The bank exists to bring people together and make good things happen locally. Think "
                        "of who would meet, help or enjoy it — most dreams do this. Does yours?")),
    Field("realisable", FieldKind.YES_NO, _("Can it be realised, at least in part? Big dreams are welcome."),
          must_be_yes=_("A dream does not need to be finished at once: a first step counts. If part of it can "
                        "happen with help from neighbours, it fits. Can some of it be realised?")),
), summary=_dream_summary, confirm_label=_("Deposit my dream"), finish=_deposit)

AMEND = Form("amend", _("Amend your dream"), DEPOSIT.fields, summary=_dream_summary,
             confirm_label=_("Send it to the board again"), finish=_amend)

RETRACT = Form("retract", _("Take the dream out"), (), summary=lambda a: [
    _("Your dream will leave the board's review or the bank. This cannot be undone.")],
    confirm_label=_("Yes, take it out"), finish=_retract)

WITHDRAWAL = Form("withdrawal", _("Withdraw into the factory"), (
    Field("motivation", FieldKind.LONG_TEXT,
          _("Why is the dream ready to become a project? Who and what is behind it now?"),
          max_length=2000, required=False),
), summary=lambda a: [_("The board will be asked to agree that the dream becomes a project.")],
   confirm_label=_("Ask the board"), finish=_withdrawal)

FORMS = (DEPOSIT, AMEND, RETRACT, WITHDRAWAL)
