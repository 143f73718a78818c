"""A form sent page by page keeps its answers in the stored dialog, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation, Incoming, Submission
from core.model.dreams import Need
from core.model.members import Identity
from core.views.model import Sheet
from tests.factories import make_village

FIRST = {"title": "A bench by the fjord", "story": "Somewhere to sit", "needs": ["materials", "time"],
         "needs_detail": ""}
LAST = {"non_profit": "yes", "social_value": True, "realisable": "ja"}


async def test_a_dream_sent_in_two_pages_is_deposited_once_both_fit(uow_factory):
    village = await make_village(uow_factory)
    conversation = Conversation(uow_factory, village.clock, ButtonCodec(b"whole-forms-storage-secret"))

    async def send(answers, **where):
        return await conversation.handle(Incoming(Identity("test", "anna"), "Anna", form=Submission(answers, **where)))

    first = await send(FIRST, form="deposit", page=1)
    sheet = first.messages[-1].view
    refused = await send({**LAST, "realisable": "no"}, instance=sheet.instance, page=2)
    async with uow_factory() as uow:
        kept = await uow.dialogs.current(village.anna.id)
        assert await uow.dreams.owned_by(village.anna.id) == []
    done = await send(LAST, instance=sheet.instance, page=2)

    assert isinstance(sheet, Sheet) and sheet.page == 2 and not first.refused
    assert refused.refused and refused.messages[-1].view.refusals.keys() == {"realisable"}
    assert kept.answers == {"title": "A bench by the fjord", "story": "Somewhere to sit",
                            "needs": ["time", "materials"], "needs_detail": None}
    assert not done.refused
    async with uow_factory() as uow:
        [dream] = await uow.dreams.owned_by(village.anna.id)
        assert await uow.dialogs.current(village.anna.id) is None
    assert (dream.title, dream.needs, dream.needs_detail) == ("A bench by the fjord",
                                                              frozenset({Need.TIME, Need.MATERIALS}), "")
