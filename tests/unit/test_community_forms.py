"""Each of the circle's forms finishes itself: its answers go to its use case, and it says what happened as views."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.dialogs.catalogue import FORMS
from core.errors import Refused
from core.i18n import translate
from core.model.events import EventAudience, EventKind
from core.model.members import Identity, Member, Role
from core.model.newsletters import NewsletterStatus
from core.model.notices import NoticeKind
from core.model.padrivere import ApplicationStatus
from core.usecases import events, padrivere
from core.views.actions import Action
from core.views.model import Card, Note
from tests.factories import make_village


@pytest.fixture
async def circle(db):
    village = await make_village(db)
    async with db() as uow:
        hanne = await uow.members.add(Member("Hanne", village.branch.id, None, village.clock.now()),
                                      Identity("test", "hanne"))
        await uow.members.grant(village.branch.id, hanne.id, Role.COMMUNITY_MANAGER)
        await uow.commit()
    village.people["hanne"] = hanne
    return village


async def finish(v, form: str, actor, answers: dict, context: dict | None = None):
    async with v.db() as uow:
        views = await FORMS[form].finish(uow, v.clock, actor, v.branch, answers, context or {})
        await uow.commit()
    return views


def said(view) -> str:
    return translate(view.lines[0] if isinstance(view, Note) else view.title, "en")


def local(v, days: float) -> str:
    return events.local(v.clock.now() + timedelta(days=days), v.branch.timezone).strftime("%Y-%m-%dT%H:%M")


def event_answers(v, **changes) -> dict:
    answers = dict(kind=EventKind.BREAKFAST.value, title="Breakfast", description="Rolls.", starts=local(v, 7),
                   ends=local(v, 7.1), place="Café", audience=EventAudience.EVERYONE.value, capacity="10",
                   deadline=None)
    return {**answers, **changes}


def test_every_form_of_the_circle_finishes_itself():
    for name in ("padriver", "padriver_decline", "event", "event_edit", "event_cancel", "call", "newsletter"):
        assert FORMS[name].finish is not None, name


async def test_applying_saves_the_application_and_tells_the_manager(circle):
    [note] = await finish(circle, "padriver", circle.anna, dict(competences=["gardening"], other="", public=True,
                                                                  availability="Evenings"))

    async with circle.db() as uow:
        application = await uow.padrivere.get(circle.branch.id, circle.anna.id)
        told = await uow.outbox.pending_for(circle.hanne.id)
    assert application.status is ApplicationStatus.PENDING and application.availability == "Evenings"
    assert [n.kind for n in told] == [NoticeKind.PADRIVER_APPLIED] and "with the community manager" in said(note)


async def test_declining_decides_with_the_reason_given(circle):
    async with circle.db() as uow:
        application = await padrivere.apply(uow, circle.clock, circle.anna, circle.branch, ["gardening"], "", "x", True)
        await uow.commit()

    [note] = await finish(circle, "padriver_decline", circle.hanne, {"reason": "Next year!"},
                          {"application_id": application.id})

    async with circle.db() as uow:
        decided = await uow.padrivere.by_id(application.id)
    assert decided.status is ApplicationStatus.DECLINED and decided.reason == "Next year!"
    assert "declined Anna's application" in said(note)


async def test_an_event_is_created_and_shown_as_its_card(circle):
    note, card = await finish(circle, "event", circle.hanne, event_answers(circle))

    async with circle.db() as uow:
        [event] = await uow.events.upcoming(circle.branch.id, circle.clock.now())
    assert event.title == "Breakfast" and event.capacity == 10
    assert "on its way" in said(note)
    assert isinstance(card, Card) and card.topic == f"event:{event.id}" and card.act(Action.EDIT_EVENT).allowed


async def test_changing_and_cancelling_an_event_go_through_their_use_cases(circle):
    [_note, card] = await finish(circle, "event", circle.hanne, event_answers(circle))

    await finish(circle, "event_edit", circle.hanne, event_answers(circle, place="The quay"), {"event_id": card.id})
    [note] = await finish(circle, "event_cancel", circle.hanne, {"reason": "Storm"}, {"event_id": card.id})

    async with circle.db() as uow:
        event = await uow.events.get(card.id)
    assert event.place == "The quay" and event.cancelled and "is cancelled" in said(note)


async def test_an_event_finished_by_someone_who_is_not_the_manager_is_refused(circle):
    with pytest.raises(Refused):
        await finish(circle, "event", circle.anna, event_answers(circle))


async def test_a_call_is_posted_to_the_padrivere(circle):
    [note] = await finish(circle, "call", circle.hanne, dict(title="Carry chairs", description="", when="Friday",
                                                              needed="2", competences=[]))

    async with circle.db() as uow:
        [call] = await uow.calls.open_in(circle.branch.id)
    assert call.title == "Carry chairs" and call.needed == 2 and "went to" in said(note)


async def test_a_newsletter_for_later_is_scheduled_and_shown_with_a_way_to_stop_it(circle):
    note, card = await finish(circle, "newsletter", circle.hanne, dict(text="Spring!", image=None, audience="all",
                                                                         send_at=local(circle, 1)))

    async with circle.db() as uow:
        [letter] = await uow.newsletters.recent(circle.branch.id, 5)
    assert letter.status is NewsletterStatus.SCHEDULED and "will go out" in said(note)
    assert card.act(Action.CANCEL_NEWSLETTER).allowed
