"""One entrance on the web, on SQLite and PostgreSQL: a member asks the municipality on "My questions", reads the
thread and replies in it; the consultant who owns it answers it there, or hands it over; the thread is never
public (a visitor is asked to sign in, another member finds nothing: 404), everything escaped and told as in chat."""

from __future__ import annotations

import pytest
from markupsafe import escape

from core.model.members import Role
from core.model.notices import NoticeKind
from tests.factories import make_village
from tests.integration.portal_setup import acting_portal, box, csrf_of, elvdal
from tests.integration.test_web_acting import MARKUP, client, forms, post, signed_in

ESCAPED = str(escape(MARKUP))


@pytest.fixture
async def village(uow_factory):
    village = await make_village(uow_factory)
    async with uow_factory() as uow:  # Cecilie answers the branch's inquiries
        await uow.members.grant(village.branch.id, village.cecilie.id, Role.CONSULTANT)
        await uow.commit()
    return village


@pytest.fixture
def app(uow_factory, village):
    return acting_portal(uow_factory, village.clock)


async def asked(db, village, app, question: str = MARKUP) -> int:
    """Anna asks on "My questions"; the thread's number."""
    async with await signed_in(db, village, app, "anna") as anna:
        shown = await anna.get("/fjordby/inquiries")
        sent = await post(anna, box(shown.text, "/fjordby/inquiries"), text=question)
    assert sent.status_code == 303
    return int(sent.headers["location"].rsplit("/", 1)[-1])


async def test_a_member_asks_and_the_thread_says_who_owns_it(uow_factory, village, app):
    async with await signed_in(uow_factory, village, app, "anna") as anna:
        mine = await anna.get("/fjordby/inquiries")
        sent = await post(anna, box(mine.text, "/fjordby/inquiries"), text=MARKUP)
        thread = await anna.get(sent.headers["location"])
        listed = await anna.get("/fjordby/inquiries")
    number = int(sent.headers["location"].rsplit("/", 1)[-1])
    assert mine.status_code == 200 and mine.headers["cache-control"] == "private, no-store"
    assert 'href="/fjordby/inquiries" aria-current="page"' in mine.text
    assert "You have no open inquiry." in mine.text
    assert sent.headers["location"] == f"/fjordby/inquiries/{number}"
    assert f"Your inquiry no. {number} is with Cecilie, who will answer you here." in thread.text
    assert ESCAPED in thread.text and MARKUP not in thread.text and "Owner: Cecilie" in thread.text
    assert box(thread.text, f"/fjordby/inquiries/{number}/reply")  # she may write again in the same thread
    assert f'href="/fjordby/inquiries/{number}"' in listed.text
    async with uow_factory() as uow:
        told = await uow.outbox.pending_for(village.cecilie.id)
    assert [n.kind for n in told] == [NoticeKind.INQUIRY_ASSIGNED]


async def test_the_consultant_answers_in_the_thread_and_the_one_who_asked_is_told(uow_factory, village, app):
    number = await asked(uow_factory, village, app, "May we use the hall on Sunday?")
    async with await signed_in(uow_factory, village, app, "cecilie") as cecilie:
        desk = await cecilie.get("/fjordby/inquiries")
        thread = await cecilie.get(f"/fjordby/inquiries/{number}")
        answered = await post(cecilie, box(thread.text, f"/fjordby/inquiries/{number}/answer"), text=MARKUP)
        after = await cecilie.get(answered.headers["location"])
    assert "Your open inquiries" in desk.text and f'href="/fjordby/inquiries/{number}"' in desk.text
    assert "Response times" in desk.text
    assert "Your answer is in the thread, and the one who asked is told." in after.text
    assert f"Cecilie answered: {ESCAPED}" in after.text
    async with uow_factory() as uow:
        told = [n for n in await uow.outbox.pending_for(village.anna.id) if n.kind is NoticeKind.INQUIRY_MESSAGE]
    assert [n.params["text"] for n in told] == [MARKUP]
    async with await signed_in(uow_factory, village, app, "anna") as anna:
        thread = await anna.get(f"/fjordby/inquiries/{number}")
        replied = await post(anna, box(thread.text, f"/fjordby/inquiries/{number}/reply"), text="Thank you!")
        after = await anna.get(replied.headers["location"])
    assert "Your reply is in the thread, and Cecilie is told." in after.text and "Anna asked: Thank you!" in after.text


async def test_the_consultant_hands_it_over_with_one_more_press(uow_factory, village, app):
    number = await asked(uow_factory, village, app, "Who mows the park?")
    async with await signed_in(uow_factory, village, app, "cecilie") as cecilie:
        thread = await cecilie.get(f"/fjordby/inquiries/{number}")
        choosing = await post(cecilie, forms(thread.text)["Hand over"])
        handed = await post(cecilie, forms(choosing.text)["Gustav"])
        after = await cecilie.get(handed.headers["location"])
    assert choosing.status_code == 200 and "over to whom?" in choosing.text
    assert handed.headers["location"] == f"/fjordby/inquiries/{number}"
    assert f"Inquiry no. {number} is with Gustav now" in after.text
    async with uow_factory() as uow:
        assert (await uow.inquiries.get(number)).owner_id == village.gustav.id


async def test_nobody_else_finds_a_thread_and_a_visitor_is_asked_to_sign_in(uow_factory, village, app):
    number = await asked(uow_factory, village, app, "A private matter")
    await elvdal(uow_factory)
    async with await signed_in(uow_factory, village, app, "frida") as frida:
        theirs = await frida.get(f"/fjordby/inquiries/{number}")
        token = csrf_of((await frida.get("/fjordby/inquiries")).text)
        replied = await frida.post(f"/fjordby/inquiries/{number}/reply", data={"csrf": token, "text": "Me too"})
        mine = await frida.get("/fjordby/inquiries")
    async with await signed_in(uow_factory, village, app, "anna") as anna:
        elsewhere = await anna.get(f"/elvdal/inquiries/{number}")
    async with client(app) as visitor:
        listed = await visitor.get("/fjordby/inquiries")
        thread = await visitor.get(f"/fjordby/inquiries/{number}")
        bank = await visitor.get("/fjordby/")
    assert theirs.status_code == replied.status_code == elsewhere.status_code == 404
    assert "A private matter" not in theirs.text + replied.text + mine.text + elsewhere.text
    for page in (listed, thread):
        assert page.status_code == 200 and "Please sign in first" in page.text and "A private matter" not in page.text
    assert 'href="/fjordby/inquiries"' not in bank.text
    async with uow_factory() as uow:
        assert len(await uow.inquiries.entries(number)) == 1


async def test_asking_without_the_csrf_token_is_forbidden_and_a_member_of_another_branch_asks_at_home(
        uow_factory, village, app):
    async with await signed_in(uow_factory, village, app, "anna") as anna:
        shown = await anna.get("/fjordby/inquiries")
        action, fields = box(shown.text, "/fjordby/inquiries")
        forbidden = await anna.post(action, data={k: v for k, v in fields.items() if k != "csrf"} | {"text": "Hi"})
    branch = await elvdal(uow_factory)
    async with uow_factory() as uow:
        frida = await uow.members.get(village.frida.id)
        frida.branch_id = branch.id
        await uow.members.save(frida)
        await uow.commit()
    async with await signed_in(uow_factory, village, app, "frida") as visiting:
        away = await visiting.get("/fjordby/inquiries")
    assert forbidden.status_code == 403
    assert away.status_code == 303 and away.headers["location"] == "/elvdal/inquiries"
    async with uow_factory() as uow:
        assert await uow.inquiries.asked_by(village.anna.id) == []


async def test_a_question_core_refuses_is_shown_again_with_why(uow_factory, village, app):
    async with await signed_in(uow_factory, village, app, "anna") as anna:
        shown = await anna.get("/fjordby/inquiries")
        refused = await post(anna, box(shown.text, "/fjordby/inquiries"), text="x" * 2001)
    assert refused.status_code == 422 and "Nothing was sent." in refused.text
    assert box(refused.text, "/fjordby/inquiries")
