"""A member with something of every kind stored about them, for the tests of /mydata and /erase (on the fakes and
on both databases): dreams, a like, an offer of help, a board vote, an interest declared in a dream under review,
an answer to an event, a pådriver application, an email address, an inquiry to the municipality, words typed in an
unfinished form, notices waiting, a sign-in, and a kept platform update."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from core.dialogs.state import DialogState
from core.model.dreams import DreamState, Need
from core.model.events import Answer, Event, EventAudience, EventKind
from core.model.members import Identity, Member, Role
from core.model.reviews import Choice
from core.model.sign_in import WebSession
from core.usecases import bank, events, inquiries, padrivere, projects, recusal, reviews
from tests.factories import Village, add_member, make_village, pledge

NAME = "Zelinda Quortleby"
EXTERNAL_ID = "zq-771199-unique"
EMAIL = "zelinda.quortleby@example.org"
TYPED = "my neighbour's door code is 4711 and nobody else may know"
UPDATE_TYPED = "private words kept in an unhandled update"


@dataclass
class Populated:
    village: Village
    member: Member
    open_dream: int
    project_dream: int
    liked_dream: int
    voted_review: int
    event: int


async def populated_member(db) -> Populated:
    village = await make_village(db)
    clock = village.clock
    async with db() as uow:
        zelinda = await add_member(uow, village.branch.id, NAME, Identity("test", EXTERNAL_ID), clock.now(),
                                   [Role.BOARD])
        await uow.commit()
    open_dream = await village.deposit(zelinda, title="Lanterns along the path")
    project_dream = await village.deposit(zelinda, title="A bike repair corner")
    liked_dream = await village.deposit(village.anna, title="A garden for the whole street")
    async with db() as uow:
        for dream_id in (project_dream, liked_dream):
            dream = await uow.dreams.get(dream_id)
            dream.state = DreamState.APPROVED
            await uow.dreams.save(dream)
        project = await projects.start_project(uow, clock.now(), await uow.dreams.get(project_dream))
        await projects.post_update(uow, clock, zelinda, project.id, "The first wheels are fixed.")
        await bank.like_dream(uow, clock, zelinda, liked_dream)
        await pledge(uow, clock, zelinda, liked_dream, Need.TIME, "Two Saturdays of digging")
        await uow.commit()
    voted_on = await village.deposit(village.frida, title="Swings by the school")
    review = await village.review_of(voted_on)
    async with db() as uow:
        await reviews.cast_vote(uow, clock, zelinda, review.id, Choice.APPROVE, "Good for the children")
        await recusal.declare_interest(uow, clock, zelinda, (await uow.reviews.latest(liked_dream)).id,
                                       "Anna is my cousin")
        event = await uow.events.add(Event(
            village.branch.id, EventKind.OPEN_MEETING, "Open meeting", "About the square.",
            clock.now() + timedelta(days=3), clock.now() + timedelta(days=3, hours=2), "The library",
            EventAudience.EVERYONE, 20, clock.now() + timedelta(days=2), village.gustav.id, clock.now()))
        await events.respond(uow, clock, zelinda, event.id, Answer.GOING)
        await padrivere.apply(uow, clock, zelinda, village.branch, ["gardening"], "beekeeping", "weekday evenings",
                              True)
        await inquiries.ask(uow, clock, zelinda, village.branch, TYPED)
        prefs = await uow.preferences.get(zelinda.id)
        await uow.preferences.save(replace(prefs, email=EMAIL, newsletters_by_email=True))
        await uow.dialogs.save(DialogState(zelinda.id, "deposit", 1, {"title": TYPED}, {}, clock.now(),
                                           previous={"story": TYPED}))
        await uow.sign_in.put_session(WebSession(zelinda.id, "f" * 64, clock.now(), clock.now() + timedelta(days=1)))
        await uow.inbound.keep("test:bot", [(42, {"message": {"from": {"id": EXTERNAL_ID}, "text": UPDATE_TYPED}})],
                               clock.now())
        await uow.commit()
    async with db() as uow:
        member = await uow.members.get(zelinda.id)
    return Populated(village, member, open_dream, project_dream, liked_dream, review.id, event.id)


#: every kind of record the populated member has, by where it is kept
KINDS = {"members", "identities", "role_grants", "dreams", "likes", "pledges", "followers", "votes", "rsvps",
         "padrivere", "padriver_competences", "member_preferences", "dialogs", "web_sessions", "audit",
         "project_updates", "projects", "team_members", "inbound_updates", "inquiries", "inquiry_entries",
         "interests"}
