"""Following a dream: a member asks to hear its news without liking it or offering help, and can stop again."""

import pytest

from core.chat.buttons import Action
from core.chat.conversation import Conversation
from core.usecases.projects import start_project
from tests.factories import make_village
from tests.unit.test_conversation import Person, codec, deposit_bench


@pytest.fixture
async def banked(db):
    """Anna's bench is in the bank; Frida has it open."""
    village = await make_village(db)
    conversation = Conversation(db, village.clock, codec)
    people = {name: Person(conversation, name) for name in village.people}
    await deposit_bench(people["anna"])
    for name in ("bjorn", "cecilie"):
        await people[name].notices()
        await people[name].press("Approve")
    dream_id = next(iter(db.store.dreams))
    await people["frida"].say(f"/dream {dream_id}")
    return village, people, dream_id


async def follows(db, dream_id: int, member_id: int) -> bool:
    async with db() as uow:
        return await uow.projects.follows(dream_id, member_id)


class TestFollowing:
    async def test_a_neighbour_follows_and_stops_following(self, db, banked):
        village, people, dream_id = banked
        frida = people["frida"]

        said = await frida.press("Follow")
        await frida.say(f"/dream {dream_id}")
        offered = set(frida.buttons)
        following = await follows(db, dream_id, village.people["frida"].id)
        stopped = await frida.press("Stop following")

        assert "You follow “A bench by the fjord”" in said and following
        assert "Stop following" in offered and "Follow" not in offered
        assert stopped == "You no longer follow “A bench by the fjord”."
        assert not await follows(db, dream_id, village.people["frida"].id)

    async def test_following_twice_is_the_same_as_once(self, db, banked):
        village, people, dream_id = banked
        frida = people["frida"]

        await frida.press_token(codec.encode(Action.FOLLOW, dream_id, 1))
        await frida.press_token(codec.encode(Action.FOLLOW, dream_id, 1))

        async with db() as uow:
            assert list(await uow.projects.followers(dream_id)).count(village.people["frida"].id) == 1

    async def test_a_dream_not_yet_approved_cannot_be_followed(self, db, banked):
        village, people, _dream_id = banked
        anna, frida = people["anna"], people["frida"]
        await deposit_bench(anna)
        waiting = max(db.store.dreams)

        refused = await frida.press_token(codec.encode(Action.FOLLOW, waiting, 1))

        assert refused == "Only dreams in the bank and projects can be followed."
        assert not await follows(db, waiting, village.people["frida"].id)

    async def test_a_liker_who_stopped_following_is_not_made_to_follow_when_it_becomes_a_project(self, db, banked):
        village, people, dream_id = banked
        frida = people["frida"]
        await frida.press("♥ Like")
        await frida.press_token(codec.encode(Action.FOLLOW, dream_id, 0))
        async with db() as uow:
            dream = await uow.dreams.get(dream_id)
            await start_project(uow, village.clock.now(), dream)
            await uow.commit()

        assert not await follows(db, dream_id, village.people["frida"].id)
        assert await follows(db, dream_id, village.people["anna"].id)
