"""A dream's discussion beside its post in the bank chat (Telegram's discussion group, the thread of Discord's
forum post): what members write there is taken in as the dream's comments, a reply to a message that shows a
comment as a reply to it; refusals keep nothing and are told to the writer alone, once."""

from __future__ import annotations

from datetime import timedelta

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation, Incoming
from core.i18n import translate
from core.model.branches import Branch, ChatLink, ChatPurpose
from core.model.dreams import Dream, DreamState
from core.model.members import Identity
from core.model.notices import Audience, NoticeKind
from core.model.talk import Mute
from core.chat.talk import NOTICES
from core.usecases import discussions, dreams, privacy, talk
from core.usecases.chats import link_chat
from core.usecases.discussions import Said
from tests.factories import a_draft
from tests.unit.circle import notices_of, refused
from tests.unit.views_setup import in_the_bank, run

FORUM, THREAD = "9001", "9100"


def under(post: str = THREAD, message: str = "9200", replies_to: str = "") -> Said:
    """A message in the thread of the forum post `post` (on Discord the thread has its starter message's id)."""
    return Said("discord", FORUM, post, post, message, replies_to)


async def posted(village, dream_id: int, post: str = THREAD) -> None:
    await run(village, lambda uow: uow.posts.remember("discord", FORUM, f"dream:{dream_id}", post))


async def take_in(village, said: Said, text: str = "Count me in!", who=None):
    async def work(uow):
        dream = await discussions.dream_under(uow, said)
        return await discussions.take_in(uow, village.clock, who or village.frida, said, dream, text, "discord_forum")
    return await run(village, work)


class TestTakenIn:
    async def test_a_message_under_a_dreams_post_is_a_comment_and_its_owner_is_told(self, village):
        dream_id = await in_the_bank(village)
        await posted(village, dream_id)

        said = await take_in(village, under(message="9201"))

        assert said.dream_id == dream_id and said.source == "discord_forum" and said.text == "Count me in!"
        assert said.author_id == village.frida.id and said.reply_to is None
        assert [n.params["comment_id"] for n in await notices_of(village.db, village.anna.id,
                                                                  NoticeKind.COMMENT_POSTED)] == [said.id]
        async with village.db() as uow:
            assert await uow.posts.topic_of("discord", THREAD, "9201") == f"comment:{said.id}"

    async def test_a_reply_to_a_message_that_shows_a_comment_is_a_reply_to_that_comment(self, village):
        dream_id = await in_the_bank(village)
        await posted(village, dream_id)
        first = await take_in(village, under(message="9201"), "Blue?")

        reply = await take_in(village, under(message="9202", replies_to="9201"), "Blue!", village.dag)
        again = await take_in(village, under(message="9203", replies_to="9202"), "Agreed", village.anna)
        to_the_post = await take_in(village, under(message="9204", replies_to=THREAD), "Thanks", village.anna)

        assert reply.reply_to == first.id and again.reply_to == first.id and to_the_post.reply_to is None
        told = await notices_of(village.db, village.frida.id, NoticeKind.COMMENT_POSTED)
        assert [n.params["text"] for n in told] == ["Blue!"] and told[0].params["reply"]
        assert [n.params["text"] for n in await notices_of(village.db, village.dag.id, NoticeKind.COMMENT_POSTED)] \
            == ["Agreed"]

    async def test_a_reply_to_a_message_showing_another_dreams_comment_is_a_comment_of_its_own(self, village):
        dream_id = await in_the_bank(village)
        other_id = await in_the_bank(village, title="Another bench")
        await posted(village, dream_id)
        await posted(village, other_id, "9101")
        elsewhere = await take_in(village, Said("discord", FORUM, "9101", THREAD, "9201"), "Hm")

        made = await take_in(village, under(message="9202", replies_to="9201"))

        assert elsewhere.dream_id == other_id and made.dream_id == dream_id and made.reply_to is None

    async def test_under_a_post_that_is_no_dreams_nothing_is_ours(self, village):
        await run(village, lambda uow: uow.posts.remember("discord", FORUM, "event:3", "9102"))

        async with village.db() as uow:
            assert await discussions.dream_under(uow, under("9102")) is None
            assert await discussions.dream_under(uow, under("9999")) is None
            assert await discussions.dream_under(uow, Said("telegram", FORUM, THREAD, THREAD, "1")) is None

    async def test_empty_too_long_muted_or_under_a_dream_taken_out_is_refused_and_nothing_kept(self, village):
        dream_id = await in_the_bank(village)
        await posted(village, dream_id)

        with refused("write something"):
            await take_in(village, under(), "   ")
        with refused("under 1000 characters"):
            await take_in(village, under(), "x" * 1001)
        now = village.clock.now()
        await run(village, lambda uow: uow.talk.add_mute(Mute(village.branch.id, village.dag.id,
                                                             now + timedelta(days=7), None, "3 hidden", now)))
        with refused("cannot comment in this branch until"):
            await take_in(village, under(), who=village.dag)
        await run(village, lambda uow: dreams.retract_dream(uow, village.clock, village.anna, dream_id))
        with refused("The talk about “A bench by the fjord” is closed: the dream is no longer in the bank."):
            await take_in(village, under())

        async with village.db() as uow:
            assert list(await uow.talk.comments_on(dream_id=dream_id)) == []
            assert await uow.posts.topic_of("discord", THREAD, "9200") is None


def person(name: str, text: str, key: str) -> Incoming:
    return Incoming(Identity("discord", name), name.capitalize(), text=text, update_key=f"discord:{key}")


class TestThroughTheConversation:
    async def test_a_refusal_is_told_to_the_writer_once_and_a_kept_message_is_not_answered(self, village):
        conversation = Conversation(village.db, village.clock, ButtonCodec(b"discussions-test"))
        dream_id = await in_the_bank(village)
        await posted(village, dream_id)

        kept = await conversation.chat_comment(person("ines", "Lovely", "1"), under(message="1"), "discord_forum")
        told = await conversation.chat_comment(person("ines", "x" * 1001, "2"), under(message="2"), "discord_forum")
        again = await conversation.chat_comment(person("ines", "x" * 1001, "2"), under(message="2"), "discord_forum")

        assert kept is None and again is None and told.refused
        [message] = told.messages
        assert [translate(line, told.language) for line in message.lines] == [
            "What you wrote under “A bench by the fjord” was not kept as a comment:",
            "Please keep it under 1000 characters."]
        async with village.db() as uow:
            assert [c.text for c in await uow.talk.comments_on(dream_id=dream_id)] == ["Lovely"]

    async def test_someone_new_is_registered_in_the_branch_of_the_dream_under_whose_post_they_write(self, village):
        conversation = Conversation(village.db, village.clock, ButtonCodec(b"discussions-test"))
        async with village.db() as uow:
            elvdal = await uow.branches.add(Branch("elvdal", "Elvdal", "nb"))
            dream = Dream.deposit(elvdal.id, village.anna.id, a_draft("Elvdal bench"), village.clock.now())
            dream.state = DreamState.APPROVED
            dream = await uow.dreams.add(dream)
            await uow.commit()
        await posted(village, dream.id)

        nobody = await conversation.chat_comment(person("jon", "Hi", "3"), under("9555", "3"), "discord_forum")
        kept = await conversation.chat_comment(person("ines", "Fint!", "4"), under(message="4"), "discord_forum")

        async with village.db() as uow:
            ines = await uow.members.by_identity(Identity("discord", "ines"))
            assert await uow.members.by_identity(Identity("discord", "jon")) is None
            [comment] = await uow.talk.comments_on(dream_id=dream.id)
        assert nobody is None and kept is None
        assert ines.branch_id == elvdal.id and comment.author_id == ines.id


class TestShownInTheThread:
    async def test_a_comment_from_elsewhere_is_shown_in_the_discord_thread_and_one_from_there_is_not(self, village,
                                                                                                      db):
        async with db() as uow:
            for platform, chat in (("discord", FORUM), ("telegram", "-100777")):
                await link_chat(uow, village.clock, None, ChatLink(village.branch.id, ChatPurpose.BANK, platform, chat))
            await uow.commit()
        dream_id = await in_the_bank(village)
        await posted(village, dream_id)

        in_chat = await run(village, lambda uow: talk.comment(uow, village.clock, village.frida, "Blue?",
                                                              dream_id=dream_id))
        reply = await run(village, lambda uow: talk.comment(uow, village.clock, village.dag, "Blue!",
                                                            reply_to=in_chat.id, source="telegram_group"))
        await take_in(village, under(message="9201"), "Red!")
        topic = await run(village, lambda uow: talk.open_topic(uow, village.clock, village.anna, "Paint", "Which?"))
        await run(village, lambda uow: talk.comment(uow, village.clock, village.frida, "Green", topic_id=topic.id))

        shown = [n for n in db.posts_to(Audience.BANK_CHAT) if n.kind is NoticeKind.COMMENT_POST]
        assert [(n.platform, n.topic, n.params["text"], n.params["reply_to"]) for n in shown] == [
            ("discord", f"comment:{in_chat.id}", "Blue?", None),
            ("discord", f"comment:{reply.id}", "Blue!", in_chat.id)]

        again = await run(village, lambda uow: talk.comment(uow, village.clock, village.anna, "Blue it is",
                                                            reply_to=reply.id))
        [last] = [n for n in db.posts_to(Audience.BANK_CHAT) if n.topic == f"comment:{again.id}"]
        assert last.params["reply_to"] == in_chat.id and last.params["answers"] == reply.id  # the reply it answers
        assert shown[0].params["author"] == "Frida" and shown[0].params["dream_id"] == dream_id

    async def test_hidden_it_shows_only_that_and_shown_again_its_words(self, village, db):
        async with db() as uow:
            await link_chat(uow, village.clock, None, ChatLink(village.branch.id, ChatPurpose.BANK, "discord", FORUM))
            await uow.commit()
        dream_id = await in_the_bank(village)
        said = await run(village, lambda uow: talk.comment(uow, village.clock, village.frida, "Rude words",
                                                           dream_id=dream_id))

        await run(village, lambda uow: talk.hide(uow, village.clock, village.eva, said.id, "Be kind"))
        await run(village, lambda uow: talk.restore(uow, village.clock, village.eva, said.id, "It was fine"))
        await run(village, lambda uow: talk.restore(uow, village.clock, village.eva, said.id, "Still fine"))

        shown = [n for n in db.posts_to(Audience.BANK_CHAT) if n.kind is NoticeKind.COMMENT_POST]
        assert [(n.params["hidden"], n.params["text"]) for n in shown] == [
            (False, "Rude words"), (True, ""), (False, "Rude words")]

    async def test_once_its_writer_is_erased_the_thread_shows_a_former_member_in_place_of_their_name(
            self, village, db):
        async with db() as uow:
            await link_chat(uow, village.clock, None, ChatLink(village.branch.id, ChatPurpose.BANK, "discord", FORUM))
            await uow.commit()
        dream_id = await in_the_bank(village)
        said = await run(village, lambda uow: talk.comment(uow, village.clock, village.frida, "Count me in",
                                                           dream_id=dream_id))

        await run(village, lambda uow: privacy.erase_member(uow, village.clock, village.frida.id))

        shown = [n for n in db.posts_to(Audience.BANK_CHAT) if n.topic == f"comment:{said.id}"]
        # the first was sent with the name (erasure takes it out of what is kept); the second edits it in the thread
        former_and_text = [(n.params["former"], n.params["text"]) for n in shown]
        assert former_and_text == [(False, "Count me in"), (True, "Count me in")]
        assert shown[-1].params["author"] == "" and "Frida" not in str([n.params for n in shown])
        assert [translate(t, "en") for t in NOTICES["comment_post"][0](shown[-1].params)] == [
            "💬 a former member wrote:", "Count me in"]
