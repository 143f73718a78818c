"""How a newsletter looks to the community manager: how far it got, with what may still be done about it."""

from __future__ import annotations

from ..i18n import Text, _, ngettext
from ..model.newsletters import Newsletter, NewsletterStatus
from ..model.notices import Progress
from ..usecases import newsletters
from ..usecases.events import shown
from .actions import Action
from .model import Act, Card, Entry, Listing
from .paging import page_of


def progress_lines(p: Progress) -> list[Text]:
    lines: list[Text] = [_("Sent to {sent} of {total}.", sent=p.sent, total=p.total)]
    if p.failed:
        lines.append(ngettext("{count} could not be reached.", "{count} could not be reached.", p.failed))
    lines.append(_("Done.") if p.done else ngettext("{count} still on the way.", "{count} still on the way.",
                                                   p.waiting))
    return lines


def _name(letter: Newsletter) -> Text:
    return _("Newsletter no. {id}: “{start}”", id=letter.id, start=letter.text[:60])


def newsletter_card(letter: Newsletter, progress: Progress | None, zone: str) -> Card:
    """When it goes out or how far it got; a scheduled one may still be stopped, one on its way refreshed."""
    body: list[Text] = []
    rows: list[tuple[Act, ...]] = []
    if letter.status is NewsletterStatus.SCHEDULED and letter.send_at is not None:
        body.append(_("Goes out {when}.", when=shown(letter.send_at, zone)))
    elif letter.status is NewsletterStatus.CANCELLED:
        body.append(_("Not sent: cancelled."))
    elif progress is not None:
        body += progress_lines(progress)
        if not progress.done:
            rows.append((Act.to(Action.NEWSLETTER_PROGRESS, _("Refresh"), letter.id),))
    rows.insert(0, (Act.to(Action.CANCEL_NEWSLETTER, _("Don't send it"), letter.id,
                           refused=newsletters.cancel_refusal(letter)),))
    return Card("newsletter", letter.id, _name(letter), body=tuple(body), actions=tuple(rows))


def newsletters_listing(found: list[Newsletter], page: int = 1) -> Listing:
    """The newsletters, newest first, each opening its card, and a new one to write (the list is the manager's)."""
    return page_of(_("Newsletters:"), found, page,
                   lambda n: Entry(_name(n), open=Act.to(Action.NEWSLETTER_PROGRESS, _name(n), n.id)),
                   _("No newsletters yet. /newsletter writes one."), Action.NEWSLETTERS,
                   actions=((Act.to(Action.NEW_NEWSLETTER, _("Write a newsletter")),),))
