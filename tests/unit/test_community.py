"""The circle's rules: applying, deciding, the closed group, events and their waitlist, calls, newsletters."""

from __future__ import annotations

import contextlib
import csv
import re
import io
from datetime import datetime, timedelta, timezone

import icalendar
import pytest

from core.chat.files import attendee_file, calendar_file
from core.errors import NotFound, Refused
from core.i18n import translate
from core.model.bank import Pledge
from core.model.branches import ChatLink, ChatPurpose
from core.model.calls import CallStatus
from core.model.events import Answer, EventAudience, EventKind
from core.model.newsletters import NewsletterStatus
from core.model.padrivere import ApplicationStatus
from core.model.dreams import Need
from core.model.members import Identity, Member, Role
from core.model.notices import Audience, NoticeKind, Recipients
from core.model.projects import Project, TeamMember
from core.usecases import calls, events, newsletters, padrivere
from core.usecases.chats import link_chat
from core.usecases.events import EventDraft
from core.usecases.members import revoke_role
from tests.factories import make_village


@contextlib.contextmanager
def refused(match: str, kind: type[Refused] = Refused):
    """The action is refused with a reason that, in English, says `match`."""
    with pytest.raises(kind) as caught:
        yield
    said = translate(caught.value.reason, "en")
    assert re.search(match, said), said


@pytest.fixture
async def circle(db):
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


# -- pådrivere -----------------------------------------------------------------------------------


async def test_an_application_goes_to_the_community_manager_with_buttons(circle):
    application = await apply(circle, "anna", ["gardening", "cooking"])
    assert application.status is ApplicationStatus.PENDING
    [told] = await notices_of(circle.db, circle.hanne.id, NoticeKind.PADRIVER_APPLIED)
    assert told.params["name"] == "Anna" and told.params["competences"] == ["gardening", "cooking"]
    with refused("with the community manager"):
        await apply(circle, "anna")


async def test_approval_grants_the_role_and_tells_the_applicant_once(circle):
    application = await apply(circle, "anna")
    async with circle.db() as uow:
        decided = await padrivere.decide(uow, circle.clock, circle.hanne, application.id, True)
        await uow.commit()
    assert decided.application.status is ApplicationStatus.APPROVED
    async with circle.db() as uow:
        assert Role.PADRIVER in await uow.members.roles(circle.branch.id, circle.anna.id)
    [told] = await notices_of(circle.db, circle.anna.id, NoticeKind.PADRIVER_DECIDED)
    assert told.params["approved"] is True and told.params["circle"] is True
    async with circle.db() as uow:
        with refused("decided already, by Hanne"):
            await padrivere.decide(uow, circle.clock, circle.hanne, application.id, False)


async def test_only_the_community_manager_decides(circle):
    application = await apply(circle, "anna")
    async with circle.db() as uow:
        with refused("Only the community manager"):
            await padrivere.decide(uow, circle.clock, circle.gustav, application.id, True)


async def test_a_declined_applicant_hears_why_and_may_apply_again(circle):
    application = await apply(circle, "anna")
    async with circle.db() as uow:
        await padrivere.decide(uow, circle.clock, circle.hanne, application.id, False, "We are full this spring.")
        await uow.commit()
    [told] = await notices_of(circle.db, circle.anna.id, NoticeKind.PADRIVER_DECIDED)
    assert told.params == {**told.params, "approved": False, "reason": "We are full this spring."}
    again = await apply(circle, "anna")
    assert again.status is ApplicationStatus.PENDING and again.id == application.id


async def test_competences_must_come_from_the_branch_list(circle):
    with refused("not on the branch's list"):
        await apply(circle, "anna", ["juggling"])
    async with circle.db() as uow:
        listed = await padrivere.set_competences(uow, circle.clock, circle.hanne, circle.branch, ["Juggling"],
                                                 ["cooking"])
        await uow.commit()
    assert "Juggling" in listed and "cooking" not in listed and "gardening" in listed
    await apply(circle, "anna", ["Juggling"])


async def test_a_padriver_changes_the_profile_without_a_new_decision(circle):
    await make_padriver(circle, "anna")
    before = len(await notices_of(circle.db, circle.hanne.id))
    updated = await apply(circle, "anna", ["cooking"], public=False)
    assert updated.status is ApplicationStatus.APPROVED and updated.competences == ["cooking"]
    assert len(await notices_of(circle.db, circle.hanne.id)) == before


async def test_join_requests_let_in_padrivere_only(circle):
    await make_padriver(circle, "anna")
    async with circle.db() as uow:
        yes = await padrivere.join_request(uow, circle.clock, Identity("test", "anna"), "test", "-300")
        no = await padrivere.join_request(uow, circle.clock, Identity("test", "frida"), "test", "-300")
        stranger = await padrivere.join_request(uow, circle.clock, Identity("test", "nobody"), "test", "-300")
        elsewhere = await padrivere.join_request(uow, circle.clock, Identity("test", "anna"), "test", "-999")
    assert yes.approve and not no.approve and not stranger.approve and elsewhere is None
    assert "/padriver" in no.reason.msgid


async def test_losing_the_role_removes_the_padriver_from_the_group_and_the_page(circle):
    await make_padriver(circle, "anna")
    async with circle.db() as uow:
        assert [m.display_name for m, _p, _c in await padrivere.page(uow, circle.clock, circle.branch.id)] == ["Anna"]
        await revoke_role(uow, circle.clock, circle.gustav, circle.branch.id, circle.anna.id, Role.PADRIVER)
        await uow.commit()
    async with circle.db() as uow:
        removal = [d for d in await uow.outbox.pending_on("test", 500)
                   if d.notice.kind is NoticeKind.CIRCLE_REMOVAL]
        assert await padrivere.page(uow, circle.clock, circle.branch.id) == []
    assert [(d.chat_id, d.notice.params) for d in removal] == [("-300", {"member_id": circle.anna.id})]
    assert removal[0].notice.audience is Audience.CIRCLE_CHAT


async def test_the_page_shows_those_who_consented_with_their_contributions(circle):
    await make_padriver(circle, "anna", ["gardening"])
    await make_padriver(circle, "frida", ["cooking"], public=False)
    dream_id = await circle.deposit(circle.bjorn)
    async with circle.db() as uow:
        await uow.bank.add_pledge(Pledge(dream_id, circle.anna.id, Need.TIME, "Saturdays", None, circle.clock.now()))
        project = await uow.projects.add(Project(dream_id, circle.branch.id, "The bench", circle.bjorn.id,
                                                 circle.clock.now()))
        await uow.projects.add_team_member(TeamMember(project.id, circle.anna.id, "carpenter"))
        await uow.commit()
    event_id = await new_event(circle, capacity=None)
    await answer(circle, "anna", event_id, Answer.GOING)
    call = await post_call(circle, needed=3)
    await join(circle, "anna", call.id)
    circle.clock.advance(days=30)
    async with circle.db() as uow:
        page = await padrivere.page(uow, circle.clock, circle.branch.id)
    [(member, profile, credit)] = page
    assert member.display_name == "Anna" and profile.competences == ["gardening"]
    assert (credit.pledges, credit.events, credit.calls, credit.roles) == (1, 1, 1, (("The bench", "carpenter"),))


# -- events --------------------------------------------------------------------------------------

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


async def test_an_event_is_stored_in_utc_and_invites_its_audience(circle):
    await make_padriver(circle, "anna")
    await make_padriver(circle, "frida")
    async with circle.db() as uow:
        event, broadcast = await events.create_event(uow, circle.clock, circle.hanne, circle.branch, draft())
        await uow.commit()
    assert event.starts_at == datetime(2026, 5, 20, 16, 0, tzinfo=timezone.utc)  # Oslo is UTC+2 in May
    assert broadcast.recipients == Recipients("role", "padriver") and broadcast.total == 2
    assert broadcast.params["starts"] == "2026-05-20 18:00" and broadcast.params["ends"] == "20:00"
    [invitation] = await notices_of(circle.db, circle.anna.id, NoticeKind.EVENT_INVITATION)
    assert invitation.params["title"] == "Spring gathering"
    everyone = await new_event(circle, audience=EventAudience.EVERYONE)
    async with circle.db() as uow:
        [b] = [b for b in await uow.outbox.broadcasts() if b.params["event_id"] == everyone]
    assert b.total == 8  # the village's seven and Hanne


@pytest.mark.parametrize("changes, reason", [
    (dict(starts="2026-05-01T18:00"), "start has to be in the future"),
    (dict(ends="2026-05-20T17:00"), "end has to be after the start"),
    (dict(deadline="2026-05-21T12:00"), "close before the event starts"),
    (dict(capacity=0), "between 1 and"),
    (dict(title="x" * 500), "too long"),
])
async def test_an_event_that_cannot_be_is_refused(circle, changes, reason):
    with refused(reason):
        await new_event(circle, **changes)


async def test_only_the_community_manager_creates_events(circle):
    async with circle.db() as uow:
        with refused("Only the community manager"):
            await events.create_event(uow, circle.clock, circle.anna, circle.branch, draft())


async def test_a_full_event_puts_people_on_the_waitlist_and_promotes_in_order(circle):
    for name in ("anna", "frida", "bjorn", "cecilie"):
        await make_padriver(circle, name)
    event_id = await new_event(circle, capacity=2)
    assert (await answer(circle, "anna", event_id, Answer.GOING)).position is None
    assert (await answer(circle, "frida", event_id, Answer.GOING)).position is None
    third = await answer(circle, "bjorn", event_id, Answer.GOING)
    fourth = await answer(circle, "cecilie", event_id, Answer.GOING)
    assert (third.position, fourth.position, fourth.counts.going, fourth.counts.waiting) == (1, 2, 2, 2)
    freed = await answer(circle, "anna", event_id, Answer.NO)
    assert freed.promoted == circle.bjorn.id
    assert (freed.counts.going, freed.counts.waiting, freed.counts.no) == (2, 1, 1)
    [told] = await notices_of(circle.db, circle.bjorn.id, NoticeKind.EVENT_PROMOTED)
    assert told.params["title"] == "Spring gathering"
    again = await answer(circle, "cecilie", event_id, Answer.GOING)
    assert again.position == 1 and not again.changed
    async with circle.db() as uow:
        rsvps = {r.member_id: r for r in await uow.events.rsvps(event_id)}
    assert rsvps[circle.bjorn.id].has_seat and rsvps[circle.cecilie.id].waiting


async def test_a_waiting_member_who_gives_up_leaves_the_list_without_promoting_anyone(circle):
    for name in ("anna", "frida", "bjorn"):
        await make_padriver(circle, name)
    event_id = await new_event(circle, capacity=1)
    await answer(circle, "anna", event_id, Answer.GOING)
    await answer(circle, "frida", event_id, Answer.GOING)
    result = await answer(circle, "frida", event_id, Answer.MAYBE)
    assert result.promoted is None and (result.counts.going, result.counts.waiting, result.counts.maybe) == (1, 0, 1)


async def test_registration_closes_at_the_deadline_but_cancelling_stays_possible(circle):
    await make_padriver(circle, "anna")
    await make_padriver(circle, "frida")
    event_id = await new_event(circle)
    await answer(circle, "anna", event_id, Answer.GOING)
    circle.clock._at = datetime(2026, 5, 19, 10, 0, 1, tzinfo=timezone.utc)  # 12:00:01 in Oslo
    with refused("closed on 2026-05-19 12:00"):
        await answer(circle, "frida", event_id, Answer.GOING)
    assert (await answer(circle, "anna", event_id, Answer.NO)).counts.going == 0
    circle.clock._at = datetime(2026, 5, 20, 16, 0, tzinfo=timezone.utc)
    with refused("has started"):
        await answer(circle, "anna", event_id, Answer.NO)


async def test_a_padrivere_event_is_not_for_everyone(circle):
    event_id = await new_event(circle)
    with refused("no event", NotFound):
        await answer(circle, "frida", event_id, Answer.GOING)
    open_id = await new_event(circle, audience=EventAudience.EVERYONE)
    assert (await answer(circle, "frida", open_id, Answer.GOING)).rsvp.has_seat


async def test_changing_an_event_tells_everyone_who_answered_and_fills_new_seats(circle):
    for name in ("anna", "frida", "bjorn"):
        await make_padriver(circle, name)
    event_id = await new_event(circle, capacity=1)
    await answer(circle, "anna", event_id, Answer.GOING)
    await answer(circle, "frida", event_id, Answer.GOING)
    await answer(circle, "bjorn", event_id, Answer.NO)
    async with circle.db() as uow:
        changed = await events.edit_event(uow, circle.clock, circle.hanne, event_id,
                                          draft(capacity=2, place="The town hall"))
        await uow.commit()
    assert changed.sequence == 1 and changed.place == "The town hall"
    for name in ("anna", "frida", "bjorn"):
        [told] = await notices_of(circle.db, getattr(circle, name).id, NoticeKind.EVENT_CHANGED)
        assert told.params["place"] == "The town hall"
    assert await notices_of(circle.db, circle.frida.id, NoticeKind.EVENT_PROMOTED)


async def test_capacity_cannot_go_below_those_going(circle):
    for name in ("anna", "frida"):
        await make_padriver(circle, name)
    event_id = await new_event(circle, capacity=2)
    await answer(circle, "anna", event_id, Answer.GOING)
    await answer(circle, "frida", event_id, Answer.GOING)
    async with circle.db() as uow:
        with refused("cannot be lower"):
            await events.edit_event(uow, circle.clock, circle.hanne, event_id, draft(capacity=1))


async def test_cancelling_tells_everyone_and_closes_answers(circle):
    await make_padriver(circle, "anna")
    event_id = await new_event(circle)
    await answer(circle, "anna", event_id, Answer.MAYBE)
    async with circle.db() as uow:
        await events.cancel_event(uow, circle.clock, circle.hanne, event_id, "The library is flooded.")
        await uow.commit()
    [told] = await notices_of(circle.db, circle.anna.id, NoticeKind.EVENT_CANCELLED)
    assert told.params["reason"] == "The library is flooded." and told.params["cancelled"] is True
    with refused("cancelled"):
        await answer(circle, "anna", event_id, Answer.GOING)


async def test_the_calendar_file_parses_and_carries_the_right_times(circle):
    event_id = await new_event(circle, starts="2026-10-25T01:30", ends="2026-10-25T03:30",
                               deadline="2026-10-24T12:00")  # the night summer time ends in Oslo
    async with circle.db() as uow:
        event = await uow.events.get(event_id)
    file = calendar_file(event, circle.branch, "en")
    assert file.filename.endswith(".ics") and file.mime == "text/calendar"
    parsed = icalendar.Calendar.from_ical(file.data)
    [entry] = parsed.walk("VEVENT")
    assert entry["SUMMARY"] == "Spring gathering" and entry["LOCATION"] == "The library"
    assert entry.decoded("DTSTART") == datetime(2026, 10, 24, 23, 30, tzinfo=timezone.utc)
    assert entry.decoded("DTEND") == datetime(2026, 10, 25, 2, 30, tzinfo=timezone.utc)  # 03:30 in winter time
    assert entry.decoded("DTEND") - entry.decoded("DTSTART") == timedelta(hours=3)
    assert str(entry["UID"]).startswith(f"event-{event_id}-") and int(entry["SEQUENCE"]) == 0


async def test_the_attendee_list_is_csv_in_answer_order_and_safe_for_spreadsheets(circle):
    for name in ("anna", "frida"):
        await make_padriver(circle, name)
    async with circle.db() as uow:
        circle.frida.display_name = "=HYPERLINK(\"x\")"
        await uow.members.save(circle.frida)
        await uow.commit()
    event_id = await new_event(circle, capacity=1)
    await answer(circle, "anna", event_id, Answer.GOING)
    await answer(circle, "frida", event_id, Answer.GOING)
    async with circle.db() as uow:
        event, people = await events.attendees(uow, circle.hanne, event_id)
        with pytest.raises(Refused) as refused:
            await events.attendees(uow, circle.anna, event_id)
        assert refused.value.reason.msgid == "Only the community manager can do that."
    file = attendee_file(event, circle.branch, people, "en", ["name", "answer", "waitlist", "answered at"])
    rows = list(csv.reader(io.StringIO(file.data.decode("utf-8-sig"))))
    assert rows[0] == ["name", "answer", "waitlist", "answered at"]
    assert rows[1][:3] == ["Anna", "Going", ""] and rows[2][:3] == ["'=HYPERLINK(\"x\")", "Going", "1"]


# -- calls ---------------------------------------------------------------------------------------


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


async def test_a_call_goes_to_matching_padrivere_and_fills_up(circle):
    await make_padriver(circle, "anna", ["building and repairs"])
    await make_padriver(circle, "frida", ["cooking"])
    await make_padriver(circle, "bjorn", ["building and repairs", "gardening"])
    call = await post_call(circle, needed=2, competences=["building and repairs"])
    assert [n.params["title"] for n in await notices_of(circle.db, circle.anna.id, NoticeKind.CALL_POSTED)] \
        == ["Paint the boathouse"]
    assert not await notices_of(circle.db, circle.frida.id, NoticeKind.CALL_POSTED)
    assert not (await join(circle, "anna", call.id)).now_full
    with refused("already"):
        await join(circle, "anna", call.id)
    assert (await join(circle, "bjorn", call.id)).now_full
    with refused("has all the people"):
        await join(circle, "frida", call.id)
    [full] = await notices_of(circle.db, circle.hanne.id, NoticeKind.CALL_FULL)
    assert full.params["names"] == ["Anna", "Bjorn"]
    async with circle.db() as uow:
        left = await calls.leave_call(uow, circle.clock, circle.anna, call.id)
        await uow.commit()
    assert left.call.status is CallStatus.OPEN and left.taken == 1


async def test_calls_are_for_padrivere(circle):
    call = await post_call(circle)
    with refused("for the branch's pådrivere"):
        await join(circle, "frida", call.id)


# -- newsletters ---------------------------------------------------------------------------------


async def test_a_newsletter_sent_now_is_one_broadcast_with_its_picture(circle):
    await make_padriver(circle, "anna")
    async with circle.db() as uow:
        letter = await newsletters.compose(uow, circle.clock, circle.hanne, circle.branch, "Spring news!",
                                           {"url": "https://example.org/spring.jpg"}, Recipients("role", "padriver"),
                                           None)
        await uow.commit()
    assert letter.status is NewsletterStatus.SENT and letter.broadcast_id
    [told] = await notices_of(circle.db, circle.anna.id, NoticeKind.NEWSLETTER)
    assert told.params["text"] == "Spring news!" and told.params["image"] == {"url": "https://example.org/spring.jpg"}


async def test_a_scheduled_newsletter_goes_out_once_when_its_time_comes(circle):
    async with circle.db() as uow:
        letter = await newsletters.compose(uow, circle.clock, circle.hanne, circle.branch, "Later news",
                                           {}, Recipients("all"), circle.clock.now() + timedelta(hours=2))
        await uow.commit()
    assert letter.status is NewsletterStatus.SCHEDULED
    async with circle.db() as uow:
        assert await newsletters.release_due(uow, circle.clock) == []
    circle.clock.advance(hours=2)
    async with circle.db() as uow:
        assert [n.id for n in await newsletters.release_due(uow, circle.clock)] == [letter.id]
        await uow.commit()
    async with circle.db() as uow:
        assert await newsletters.release_due(uow, circle.clock) == []
    assert len(await notices_of(circle.db, circle.frida.id, NoticeKind.NEWSLETTER)) == 1


async def test_a_scheduled_newsletter_can_be_called_off(circle):
    async with circle.db() as uow:
        letter = await newsletters.compose(uow, circle.clock, circle.hanne, circle.branch, "Oops", {},
                                           Recipients("all"), circle.clock.now() + timedelta(hours=2))
        await newsletters.cancel(uow, circle.clock, circle.hanne, letter.id)
        await uow.commit()
    circle.clock.advance(hours=3)
    async with circle.db() as uow:
        assert await newsletters.release_due(uow, circle.clock) == []


async def test_a_newsletter_to_a_projects_followers(circle):
    dream_id = await circle.deposit()
    async with circle.db() as uow:
        project = await uow.projects.add(Project(dream_id, circle.branch.id, "The bench", circle.anna.id,
                                                 circle.clock.now()))
        await uow.projects.follow(dream_id, circle.frida.id)
        recipients = await newsletters.audience_of(uow, circle.branch, "followers", project.id)
        letter = await newsletters.compose(uow, circle.clock, circle.hanne, circle.branch, "Bench news", {},
                                           recipients, None)
        await uow.commit()
        assert recipients == Recipients("followers", str(dream_id))
    assert await notices_of(circle.db, circle.frida.id, NoticeKind.NEWSLETTER)
    assert not await notices_of(circle.db, circle.bjorn.id, NoticeKind.NEWSLETTER)
    assert letter.broadcast_id


async def test_only_the_community_manager_sends_newsletters(circle):
    async with circle.db() as uow:
        with refused("Only the community manager"):
            await newsletters.compose(uow, circle.clock, circle.anna, circle.branch, "Hi", {}, Recipients("all"), None)
