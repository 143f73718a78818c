"""A dream whose project is in the archive says so, and offers only what still applies."""

import pytest

from core.chat.buttons import Action
from core.chat.conversation import Conversation
from core.chat.notices import compose
from core.i18n import translate
from core.model.branches import ChatLink, ChatPurpose
from core.model.notices import NoticeKind
from core.usecases.chats import link_chat
from tests.factories import make_village
from tests.unit.test_conversation import Person, codec, deposit_bench

REPORT = "A bench stands by the fjord, and the school uses it for reading hours."


@pytest.fixture
async def archived(db):
    """Anna's bench went through the bank and the factory into the archive; Frida liked it on the way."""
    village = await make_village(db)
    async with db() as uow:
        await link_chat(uow, village.clock, None, ChatLink(village.branch.id, ChatPurpose.BANK, "telegram", "-1009"))
        await uow.commit()
    conversation = Conversation(db, village.clock, codec)
    people = {name: Person(conversation, name) for name in village.people}
    anna, frida = people["anna"], people["frida"]
    await deposit_bench(anna)
    for name in ("bjorn", "cecilie"):
        await people[name].notices()
        await people[name].press("Approve")
    await frida.say("/bank")
    await frida.press("A bench by the fjord")
    await frida.press("♥ Like")
    await anna.say("/mydreams")
    await anna.press("A bench by the fjord — in the bank")
    await anna.press("Withdraw into the factory")
    await anna.say("Frida brings wood")
    await anna.press("Ask the board")
    for name in ("bjorn", "dag"):
        await people[name].notices()
        await people[name].press("Approve")
    await anna.say("/project " + str(next(iter(db.store.projects))))
    await anna.press("Close the project")
    await anna.press("completed")
    await anna.press("Skip")
    await anna.say(REPORT)
    await anna.press("Move it to the archive")
    return village, people, next(iter(db.store.dreams))


class TestArchivedDream:
    async def test_the_dream_card_says_it_is_in_the_archive_with_the_report_and_no_like_or_help(self, archived):
        _village, people, dream_id = archived
        frida = people["frida"]

        card = await frida.say(f"/dream {dream_id}")

        assert "State: completed, in the archive" in card
        assert "a project in the factory" not in card
        assert f"Final report: {REPORT}" in card
        assert set(frida.buttons) == {"Open the project", "💬 Comments (0)"}  # its talk stays readable

    async def test_the_owners_list_says_the_dream_is_in_the_archive(self, archived):
        _village, people, _dream_id = archived
        anna = people["anna"]

        await anna.say("/mydreams")

        assert "A bench by the fjord — completed, in the archive" in anna.buttons

    async def test_an_old_help_button_is_refused_at_the_press_before_any_step(self, db, archived):
        _village, people, dream_id = archived
        frida = people["frida"]

        refused = await frida.press_token(codec.encode(Action.PLEDGE, dream_id))
        after = await frida.say("materials")

        assert refused == "“A bench by the fjord” is not taking offers of help now."
        assert "Thank you for wanting to help" not in refused and not frida.buttons
        assert "not one of the options" not in after and "What can you offer" not in after

    async def test_an_old_like_button_is_refused(self, archived):
        _village, people, dream_id = archived

        refused = await people["frida"].press_token(codec.encode(Action.LIKE, dream_id))

        assert refused == "“A bench by the fjord” is in the archive; it takes no more likes."

    async def test_the_project_card_says_completed_in_the_archive(self, db, archived):
        _village, people, _dream_id = archived
        frida = people["frida"]

        card = await frida.say("/project " + str(next(iter(db.store.projects))))

        assert "State: completed, in the archive" in card


class TestArchivedDreamPost:
    async def test_the_bank_channel_post_loses_its_like_and_help_buttons(self, db, archived):
        _village, _people, dream_id = archived
        posts = [n for n in db.store.notices.values() if n.kind is NoticeKind.DREAM_POST
                 and n.topic == f"dream:{dream_id}"]

        latest = compose(codec, max(posts, key=lambda n: n.id))

        assert "📦 Completed, and in the archive." in [translate(line, "en") for line in latest.lines]
        assert [[b.link for b in row] for row in latest.buttons] == [[f"d{dream_id}"]]
