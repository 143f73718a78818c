"""A poster of a dream or an event, to print and hang where neighbours pass: what it is in a few big lines, and
codes that open it on the web and in the chat. Physical and digital together: the paper leads to where one acts.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Text, _, alone, ngettext
from ..model.events import EVENT_KIND_LABELS
from ..model.pictures import PictureFacts
from ..usecases import events
from ..usecases.dreams import DreamFacts
from ..usecases.events import EventFacts
from .dreams import needs_text
from .model import Fact
from .text import excerpt

#: how much of a story or a description fits on an A4 poster beside its codes
POSTER_TEXT = 500


@dataclass(frozen=True)
class Poster:
    """A dream's or an event's poster: `kind` and `id` say which ("dream", 12); `start` is the chat's start
    parameter that opens it in a bot ("d12"), which the surfaces a deployment has turn into a link."""

    kind: str
    id: int | None
    title: str
    lines: tuple[Text | str, ...]
    facts: tuple[Fact, ...]
    call: Text
    start: str
    #: a dream's picture, when it has one
    picture: PictureFacts | None = None


def dream_poster(facts: DreamFacts) -> Poster:
    d = facts.dream
    support = _("{likes} · {pledges}", likes=ngettext("{count} like", "{count} likes", facts.likes),
                pledges=ngettext("{count} offer of help", "{count} offers of help", len(facts.pledges)))
    return Poster("dream", d.id, d.title, (excerpt(d.story, POSTER_TEXT),),
                  (Fact(_("Needs"), needs_text(d)), Fact(_("Support"), support)),
                  _("Scan a code to read the whole dream, like it, or offer your help."), f"d{d.id}", facts.picture)


def event_poster(facts: EventFacts) -> Poster:
    e = facts.event
    times = events.event_moments(events.event_params(e, facts.branch, facts.counts))
    lines: tuple[Text | str, ...] = (excerpt(e.description, POSTER_TEXT),) if e.description else ()
    fields = [Fact(_("What"), EVENT_KIND_LABELS[e.kind]), Fact(_("When"), _("{starts} – {ends}", starts=times.starts,
                                                                            ends=times.ends)),
              Fact(_("Where"), e.place)]
    if e.cancelled:
        fields.insert(0, Fact(_("Cancelled"), _("This event will not take place.")))
    elif e.registration_open(facts.now):
        fields.append(Fact(_("Answer by"), alone(times.deadline)))
    return Poster("event", e.id, e.title, lines, tuple(fields),
                  _("Scan a code to read more and say whether you are coming."), f"e{e.id}")
