"""The community manager's dialog for a newsletter: the text, a picture, who gets it and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..clock import Clock, to_utc
from ..i18n import Text, _, translate
from ..model.branches import Branch
from ..model.members import Member
from ..model.newsletters import NEWSLETTER_MAX
from ..ports import UnitOfWork
from ..usecases import newsletters
from ..usecases.events import shown
from ..views.model import Note, View
from ..views.newsletters import newsletter_card
from .forms import Field, FieldKind, Form


def _summary(a: dict[str, Any]) -> list[Text]:
    lines: list[Text] = [_("Preview:"), "", a["text"], ""]
    if a.get("image"):
        lines.append(_("With a picture."))
    lines.append(_("To: {audience}", audience=a.get("audience_label") or a["audience"]))
    lines.append(_("To be sent: {when}", when=a["send_at"].replace("T", " ")) if a.get("send_at")
                 else _("To be sent: at once"))
    return lines


async def audience_choices(uow: UnitOfWork, actor: Member, branch: Branch) -> list[list[Any]]:
    """Who a newsletter may go to, as the dialog's options: everyone, the pådrivere, a project's followers."""
    language = actor.speaks(branch.language)
    audiences: list[list[Any]] = [["all", translate(_("all members"), language)],
                                  ["padrivere", translate(_("the pådrivere"), language)]]
    for p in (await uow.projects.in_branch(branch.id, active=True))[:20]:
        audiences.append([f"p{p.id}", translate(_("followers of “{title}”", title=p.title), language)])
    return audiences


async def finish_newsletter(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: dict[str, Any],
                            ctx: dict[str, Any]) -> list[View]:
    choice = a["audience"]
    project_id = int(choice[1:]) if choice.startswith("p") and choice[1:].isdigit() else None
    recipients = await newsletters.audience_of(uow, branch, "followers" if project_id else choice, project_id)
    send_at: datetime | None = to_utc(a["send_at"], branch.timezone) if a.get("send_at") else None
    letter = await newsletters.compose(uow, clock, actor, branch, a["text"], a.get("image") or {}, recipients,
                                       send_at)
    head = _("The newsletter is on its way.") if letter.send_at is None else \
        _("The newsletter will go out {when}.", when=shown(letter.send_at, branch.timezone))
    letter, progress = await newsletters.progress(uow, actor, letter.id or 0)
    return [Note.of(head), newsletter_card(letter, progress, branch.timezone)]


NEWSLETTER = Form("newsletter", _("Newsletter"), (
    Field("text", FieldKind.LONG_TEXT, _("Write the newsletter."), max_length=NEWSLETTER_MAX),
    Field("image", FieldKind.IMAGE, _("Send a picture to go with it (optional)."), required=False),
    Field("audience", FieldKind.CHOICE, _("Who should get it?"), options_from="audiences"),
    Field("send_at", FieldKind.DATETIME, _("When should it go out? (skip to send it now)"), required=False),
), summary=_summary, confirm_label=_("Send the newsletter"), finish=finish_newsletter)

FORMS = (NEWSLETTER,)
