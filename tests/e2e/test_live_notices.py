"""A notice sent later shows the state it is about as it is when sent, on Telegram through the real library."""

from __future__ import annotations

from core.model.events import Answer, EventAudience, EventKind
from core.usecases import events
from tests.e2e.test_telegram_events import branch_of, deliver, labels, local, member, tg  # noqa: F401 (fixture)


class TestInvitationSentAfterTheEventFilled:
    async def test_it_shows_the_places_and_each_recipients_answer_as_they_are_when_sent(self, tg):
        branch, gustav = await branch_of(tg), await member(tg, "gustav")
        anna, frida = await member(tg, "anna"), await member(tg, "frida")
        async with tg.app.uow() as uow:  # written with "0 going · 1 place left", sent once the event is full
            event, _broadcast = await events.create_event(uow, tg.app.clock, gustav, branch, events.EventDraft(
                EventKind.BREAKFAST, "Breakfast at the quay", "Rolls and plans.", local(tg, 7, 8).replace(" ", "T"),
                local(tg, 7, 10).replace(" ", "T"), "The quay", EventAudience.EVERYONE, 1, None))
            await events.respond(uow, tg.app.clock, anna, event.id, Answer.GOING)
            await events.respond(uow, tg.app.clock, frida, event.id, Answer.GOING)
            await uow.commit()

        await deliver(tg)

        to_bjorn, to_anna, to_frida = (tg.last(tg.id(name)) for name in ("bjorn", "anna", "frida"))
        for sent in (to_bjorn, to_anna, to_frida):
            assert "You are invited!" in sent["text"]
            assert "1 going · 0 maybe · full · 1 on the waitlist" in sent["text"]
            assert "place left" not in sent["text"]
        assert "Your answer: going" in to_anna["text"] and "✓ Going" in labels(to_anna)
        assert "You are on the waitlist, number 1" in to_frida["text"]
        assert not [label for label in labels(to_frida) if label.startswith("✓")]
        assert not [label for label in labels(to_bjorn) if label.startswith("✓")]
