"""The circle for tests: a village with a community manager and the pådrivere's closed group, and small steps
that apply, decide and read notices."""

from __future__ import annotations

import contextlib
import re
from datetime import timedelta

import pytest

from core.dialogs.catalogue import FORMS
from core.errors import Refused
from core.i18n import Text, translate
from core.model.branches import ChatLink, ChatPurpose
from core.model.events import Answer, EventAudience, EventKind
from core.model.members import Identity, Member, Role
from core.model.notices import NoticeKind
from core.usecases import calls, events, padrivere
from core.usecases.chats import link_chat
from core.usecases.events import EventDraft
from core.views.actions import Action
from core.views.model import Card, Note, View
from tests.factories import make_village


@contextlib.contextmanager
def refused(match: str, kind: type[Refused] = Refused):
    """The action is refused with a reason that, in English, says `match`."""
    with pytest.raises(kind) as caught:
        yield
    said = translate(caught.value.reason, "en")
    assert re.search(match, said), said


async def make_circle(db):
    """The village, with Hanne as community manager and the circle's closed group linked."""
    village = await make_village(db)
    async with db() as uow:
        hanne = await uow.members.add(Member("Hanne", village.branch.id, None, village.clock.now()),
                                      Identity("test", "hanne"))
        await uow.members.grant(village.branch.id, hanne.id, Role.COMMUNITY_MANAGER)
        await link_chat(uow, village.clock, None, ChatLink(village.branch.id, ChatPurpose.CIRCLE, "test", "-300",
                                                           "Pådrivere"))
        await uow.commit()
    village.people["hanne"] = hanne
    return village


async def notices_of(db, member_id: int, kind: NoticeKind | None = None):
    async with db() as uow:
        found = await uow.outbox.pending_for(member_id, 500)
    return [n for n in found if kind is None or n.kind is kind]


async def apply(v, name: str, competences=("gardening",), public=True):
    async with v.db() as uow:
        application = await padrivere.apply(uow, v.clock, getattr(v, name), v.branch, list(competences), "", "evenings",
                                            public)
        await uow.commit()
    return application


async def make_padriver(v, name: str, competences=("gardening",), public=True):
    application = await apply(v, name, competences, public)
    async with v.db() as uow:
        await padrivere.decide(uow, v.clock, v.hanne, application.id, True)
        await uow.commit()
    return application


SOON = "2026-05-20T18:00"


def draft(**changes) -> EventDraft:
    values = dict(kind=EventKind.GATHERING, title="Spring gathering", description="Coffee and plans.",
                  starts=SOON, ends="2026-05-20T20:00", place="The library", audience=EventAudience.PADRIVERE,
                  capacity=2, deadline="2026-05-19T12:00")
    values.update(changes)
    return EventDraft(**values)


async def new_event(v, **changes) -> int:
    async with v.db() as uow:
        event, _broadcast = await events.create_event(uow, v.clock, v.hanne, v.branch, draft(**changes))
        await uow.commit()
    return event.id


async def answer(v, name: str, event_id: int, what: Answer):
    async with v.db() as uow:
        result = await events.respond(uow, v.clock, getattr(v, name), event_id, what)
        await uow.commit()
    return result


async def post_call(v, needed=2, competences=()):
    async with v.db() as uow:
        call, _broadcast = await calls.post_call(uow, v.clock, v.hanne, v.branch,
                                                 calls.CallDraft("Paint the boathouse", "", "Saturday", needed,
                                                                 list(competences)))
        await uow.commit()
    return call


async def join(v, name: str, call_id: int):
    async with v.db() as uow:
        result = await calls.join_call(uow, v.clock, getattr(v, name), call_id)
        await uow.commit()
    return result


async def add_everyone(v):
    """Karl joins the circle's village as consultant, and Frida becomes an approved pådriver."""
    async with v.db() as uow:
        karl = await uow.members.add(Member("Karl", v.branch.id, None, v.clock.now()), Identity("test", "karl"))
        await uow.members.grant(v.branch.id, karl.id, Role.CONSULTANT)
        await uow.commit()
    v.people["karl"] = karl
    await make_padriver(v, "frida")
    return v


async def refusal(db, work) -> Text:
    """The reason the use case gives when `work(uow)` is refused."""
    async with db() as uow:
        with pytest.raises(Refused) as caught:
            await work(uow)
    return caught.value.reason


def offered(card: Card) -> set[Action | None]:
    """The actions a card allows its viewer."""
    return {a.action for row in card.actions for a in row if a.allowed}


async def finish(v, form: str, actor, answers: dict, context: dict | None = None) -> list[View]:
    """A form finished whole: its answers handed to its finish, in one unit of work."""
    async with v.db() as uow:
        views = await FORMS[form].finish(uow, v.clock, actor, v.branch, answers, context or {})
        await uow.commit()
    return views


def said(view: View) -> str:
    """The first thing a view says, in English."""
    return translate(view.lines[0] if isinstance(view, Note) else view.title, "en")


def local(v, days: float) -> str:
    """The branch's wall-clock time `days` from now, as a form's answer."""
    return events.local(v.clock.now() + timedelta(days=days), v.branch.timezone).strftime("%Y-%m-%dT%H:%M")
