"""With a board group and a bank channel linked, the branch's chats get posts that follow each change."""

import pytest

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation, Incoming
from core.chat.turn import ChatPlace
from core.model.branches import ChatLink, ChatPurpose
from core.model.members import Identity
from core.model.notices import Audience, NoticeKind
from core.model.reviews import Choice
from core.usecases import bank, dreams, reviews
from core.usecases.chats import link_chat
from tests.factories import make_village


@pytest.fixture
async def linked(db):
    village = await make_village(db)
    async with db() as uow:
        await link_chat(uow, village.clock, None, ChatLink(village.branch.id, ChatPurpose.BOARD, "test", "-100"))
        await link_chat(uow, village.clock, None, ChatLink(village.branch.id, ChatPurpose.BANK, "test", "-200"))
        await uow.commit()
    return village


async def vote(v, who, dream_id, choice):
    review = await v.review_of(dream_id)
    async with v.db() as uow:
        await reviews.cast_vote(uow, v.clock, who, review.id, choice)
        await uow.commit()


class TestBoardChat:
    async def test_a_deposit_is_posted_to_the_board_instead_of_each_member(self, db, linked):
        dream_id = await linked.deposit()

        posts = db.posts_to(Audience.BOARD_CHAT)
        assert [(p.kind, p.topic) for p in posts] == [(NoticeKind.REVIEW_POST, f"review:{posts[0].params['review_id']}")]
        assert posts[0].params["voters"] == 3 and posts[0].params["outcome"] is None
        assert db.notices_for(linked.bjorn.id) == []
        assert dream_id

    async def test_each_vote_writes_the_new_tally_and_the_decision_closes_the_post(self, db, linked):
        dream_id = await linked.deposit()

        await vote(linked, linked.bjorn, dream_id, Choice.APPROVE)
        await vote(linked, linked.cecilie, dream_id, Choice.APPROVE)

        states = [(p.params["approve"], p.params["outcome"]) for p in db.posts_to(Audience.BOARD_CHAT)]
        assert states == [(0, None), (1, None), (2, "approve")]
        assert NoticeKind.DREAM_DECIDED in [n.kind for n in db.notices_for(linked.anna.id)]
        assert NoticeKind.BOARD_DECIDED not in [n.kind for n in db.notices_for(linked.bjorn.id)]


class TestBankChannel:
    async def test_an_approved_dream_is_posted_and_each_like_updates_its_count(self, db, linked):
        dream_id = await linked.deposit()
        await vote(linked, linked.bjorn, dream_id, Choice.APPROVE)
        await vote(linked, linked.cecilie, dream_id, Choice.APPROVE)

        async with db() as uow:
            await bank.like_dream(uow, linked.clock, linked.frida, dream_id)
            await uow.commit()

        posts = db.posts_to(Audience.BANK_CHAT)
        assert [(p.topic, p.params["likes"]) for p in posts] == [(f"dream:{dream_id}", 0), (f"dream:{dream_id}", 1)]

    async def test_a_dream_under_review_is_not_posted_to_the_bank(self, db, linked):
        await linked.deposit()

        assert db.posts_to(Audience.BANK_CHAT) == []

    async def test_a_retracted_review_shows_the_vote_closed(self, db, linked):
        dream_id = await linked.deposit()

        async with db() as uow:
            await dreams.retract_dream(uow, linked.clock, linked.anna, dream_id)
            await uow.commit()

        assert db.posts_to(Audience.BOARD_CHAT)[-1].params["outcome"] == "closed"


class TestLinking:
    async def test_only_a_branch_admin_links_a_group_from_inside_it(self, db):
        village = await make_village(db)
        conversation = Conversation(db, village.clock, ButtonCodec(b"posts-test-secret-x"))
        place = ChatPlace("-300", private=False, title="Styret")

        refused = await conversation.handle(Incoming(Identity("test", "frida"), "Frida", text="/link board", place=place))
        linked = await conversation.handle(Incoming(Identity("test", "gustav"), "Gustav", text="/link board",
                                                    place=place))

        assert refused.refused and db.store.links[0].chat_id == "-300"
        assert not linked.refused and len(db.store.links) == 1

    async def test_other_commands_in_a_group_point_to_a_private_chat(self, db):
        village = await make_village(db)
        conversation = Conversation(db, village.clock, ButtonCodec(b"posts-test-secret-x"))

        reply = await conversation.handle(Incoming(Identity("test", "anna"), "Anna", text="/deposit",
                                                   place=ChatPlace("-300", private=False)))

        assert reply.messages[0].lines[0].msgid.startswith("Let's talk in a private chat")
        assert db.store.dialogs == {}


    async def test_where_the_platform_answers_the_person_alone_a_group_is_as_good_as_a_private_chat(self, db):
        village = await make_village(db)
        conversation = Conversation(db, village.clock, ButtonCodec(b"posts-test-secret-x"))

        reply = await conversation.handle(Incoming(Identity("test", "anna"), "Anna", text="/deposit",
                                                   place=ChatPlace("-300", private=False, answered_alone=True)))

        assert not reply.refused and list(db.store.dialogs)


class TestDuplicateUpdates:
    async def test_an_update_delivered_twice_is_handled_once(self, db):
        village = await make_village(db)
        conversation = Conversation(db, village.clock, ButtonCodec(b"posts-test-secret-x"))
        first = Incoming(Identity("test", "anna"), "Anna", text="/deposit", update_key="test:41")

        await conversation.handle(first)
        again = await conversation.handle(first)

        assert again.messages == () and len(db.store.dialogs) == 1


class TestABranchOnTwoPlatforms:
    async def test_each_change_is_posted_once_on_each_platform_the_chat_is_linked_on(self, db, linked):
        async with db() as uow:
            await link_chat(uow, linked.clock, None, ChatLink(linked.branch.id, ChatPurpose.BOARD, "discord",
                                                              "1234567890"))
            await uow.commit()
        dream_id = await linked.deposit()

        await vote(linked, linked.bjorn, dream_id, Choice.APPROVE)

        posts = [(p.platform, p.params["approve"]) for p in db.posts_to(Audience.BOARD_CHAT)]
        assert posts == [("test", 0), ("discord", 0), ("test", 1), ("discord", 1)]
        assert [p.platform for p in db.posts_to(Audience.BANK_CHAT)] == []
