"""The conversation: what a person types or presses, and what core answers, on any platform."""

import pytest

from core.chat.buttons import Action, ButtonCodec
from core.chat.conversation import INPUT_MAX, Conversation, Incoming
from core.i18n import translate
from core.model.dreams import DreamState
from core.model.members import Identity
from core.model.notices import NoticeKind
from core.model.projects import Project
from tests.chat_person import deposit_bench
from tests.factories import make_village

codec = ButtonCodec(b"conversation-test-secret")


class Person:
    """Someone talking to the bot: remembers the last buttons they were shown, by label."""

    def __init__(self, conversation: Conversation, handle: str) -> None:
        self.conversation, self.identity, self.buttons, self.seen = conversation, Identity("test", handle), {}, []

    async def say(self, text: str) -> str:
        return self._read(await self.conversation.handle(Incoming(self.identity, self.identity.external_id,
                                                                    text=text)))

    async def press(self, label: str) -> str:
        return self._read(await self.conversation.handle(Incoming(self.identity, "x", token=self.buttons[label])))

    async def press_token(self, token: str) -> str:
        return self._read(await self.conversation.handle(Incoming(self.identity, "x", token=token)))

    async def notices(self) -> str:
        return self._read(await self.conversation.take_notices(self.identity, "test"))

    def _read(self, reply) -> str:
        self.buttons = {}
        texts = []
        for m in reply.messages:
            texts.append("\n".join(translate(line, reply.language) for line in m.lines))
            for row in m.buttons:
                for b in row:
                    self.buttons[translate(b.label, reply.language)] = b.token
        self.seen.append("\n".join(texts))
        return self.seen[-1]


@pytest.fixture
async def talk(db):
    village = await make_village(db)
    conversation = Conversation(db, village.clock, codec)
    return village, {name: Person(conversation, name) for name in village.people}


class TestDepositThroughChat:
    async def test_the_dialog_deposits_and_the_board_receives_vote_buttons(self, db, talk):
        village, people = talk

        await deposit_bench(people["anna"])
        told = await people["bjorn"].notices()

        assert "is deposited" in people["anna"].seen[-1]
        assert "A new dream to review: “A bench by the fjord” by Anna." in told
        assert set(people["bjorn"].buttons) == {"Approve", "Reject", "Ask for more information",
                                                "I have an interest (recuse)"}

    async def test_a_no_to_a_criterion_is_explained_kindly(self, talk):
        _village, people = talk
        anna = people["anna"]
        for text in ("/deposit", "Bench", "Story"):
            await anna.say(text)
        await anna.say("time")
        await anna.press("Skip")

        answer = await anna.say("no")

        assert "nobody profits" in answer and set(anna.buttons) == {"Yes, it does", "Revise my dream", "Cancel"}

    async def test_cancel_works_at_any_step_and_saves_nothing(self, db, talk):
        _village, people = talk
        await people["anna"].say("/deposit")
        await people["anna"].say("Bench")

        answer = await people["anna"].say("/cancel")

        assert "Nothing was saved" in answer and db.store.dialogs == {} and db.store.dreams == {}

    async def test_text_longer_than_the_bot_reads_is_refused_at_its_limit_and_changes_nothing(self, db, talk):
        _village, people = talk
        await people["anna"].say("/deposit")
        await people["anna"].say("Bench")

        too_long = await people["anna"].say("x" * (INPUT_MAX + 1))
        read = await people["anna"].say("x" * INPUT_MAX)

        assert "too long for me to read" in too_long
        assert "too long for me to read" not in read and "please keep it to 4000" in read
        assert [d.answers for d in db.store.dialogs.values()] == [{"title": "Bench"}]

    async def test_another_dialog_cannot_start_while_one_is_open(self, talk):
        _village, people = talk
        await people["anna"].say("/deposit")

        answer = await people["anna"].say("/deposit")

        assert "in the middle of" in answer


class TestBoardThroughChat:
    async def test_two_approvals_put_the_dream_in_the_bank_and_the_owner_is_told(self, db, talk):
        _village, people = talk
        await deposit_bench(people["anna"])
        for name in ("bjorn", "cecilie"):
            await people[name].notices()
            await people[name].press("Approve")

        told = await people["anna"].notices()

        assert "is approved and now in the bank" in told
        assert next(iter(db.store.dreams.values())).state is DreamState.APPROVED

    async def test_reject_asks_for_a_reason_the_owner_then_reads(self, talk):
        _village, people = talk
        await deposit_bench(people["anna"])
        for name in ("bjorn", "dag"):
            await people[name].notices()
            await people[name].press("Reject")
            await people[name].say("It is a private garden")

        told = await people["anna"].notices()

        assert "was not approved" in told and "It is a private garden" in told

    async def test_a_press_by_someone_off_the_board_changes_nothing(self, db, talk):
        _village, people = talk
        await deposit_bench(people["anna"])
        await people["bjorn"].notices()
        approve = people["bjorn"].buttons["Approve"]

        answer = await people["frida"].press_token(approve)

        assert "Only the board" in answer and db.store.votes == []

    async def test_a_second_press_is_refused(self, db, talk):
        _village, people = talk
        await deposit_bench(people["anna"])
        await people["bjorn"].notices()
        approve = people["bjorn"].buttons["Approve"]
        await people["bjorn"].press_token(approve)

        answer = await people["bjorn"].press_token(approve)

        assert "already voted" in answer and len(db.store.votes) == 1

    async def test_a_second_vote_with_another_choice_is_refused_before_any_comment_is_asked(self, db, talk):
        _village, people = talk
        await deposit_bench(people["anna"])
        await people["bjorn"].notices()
        reject = people["bjorn"].buttons["Reject"]
        await people["bjorn"].press("Approve")

        answer = await people["bjorn"].press_token(reject)

        assert answer == "You have already voted on “A bench by the fjord”."
        assert db.store.dialogs == {} and [v.choice.value for v in db.store.votes] == ["approve"]

    async def test_forged_button_data_is_refused_politely(self, db, talk):
        _village, people = talk

        answer = await people["bjorn"].press_token("v.1.a.forgedsignat")

        assert answer == "That button is not valid. Nothing was changed."

    async def test_a_stale_dialog_button_shows_where_we_are(self, talk):
        _village, people = talk
        anna = people["anna"]
        await anna.say("/deposit")
        cancel = anna.buttons["Cancel"]
        await anna.say("Bench")

        answer = await anna.press_token(cancel)

        assert "from an earlier step" in answer and "Tell us about the dream" in answer


class TestStaleButtons:
    async def test_a_button_of_an_ended_dialog_does_not_answer_a_later_one(self, db, talk):
        _village, people = talk
        await deposit_bench(people["anna"])
        await deposit_bench(people["frida"])
        first, second = sorted(db.store.reviews)
        dag = people["dag"]
        await dag.press_token(codec.encode(Action.VOTE, first, "r"))
        skip_under_first = dag.buttons["Skip"]
        await dag.say("/cancel")
        await dag.press_token(codec.encode(Action.VOTE, second, "i"))

        answer = await dag.press_token(skip_under_first)

        assert "That button belongs to a question that is closed. Nothing was changed." in answer
        assert "Tell the owner why" in answer  # the question that is open now is shown again
        assert db.store.votes == []

    async def test_a_settle_press_on_a_decided_review_is_refused_before_any_comment_is_asked(self, db, talk):
        _village, people = talk
        await deposit_bench(people["anna"])
        review = next(iter(db.store.reviews))
        settle = codec.encode(Action.SETTLE, review, "a")
        for name in ("bjorn", "cecilie"):
            await people[name].notices()
            await people[name].press("Approve")

        answer = await people["eva"].press_token(settle)

        assert "is closed: the board has already decided" in answer
        assert db.store.dialogs == {}

    async def test_a_settle_press_while_the_board_still_votes_is_refused_at_the_press(self, db, talk):
        _village, people = talk
        await deposit_bench(people["anna"])

        answer = await people["eva"].press_token(codec.encode(Action.SETTLE, next(iter(db.store.reviews)), "r"))

        assert "The board is still voting." in answer and db.store.dialogs == {}


class TestCommands:
    async def test_an_unknown_command_is_named_kindly(self, talk):
        answer = await talk[1]["anna"].say("/fly")

        assert answer == "I don't know the command /fly. /help lists what you can do."

    async def test_the_board_sees_its_commands_in_help(self, talk):
        assert "/review" in await talk[1]["bjorn"].say("/help")
        assert "/review" not in await talk[1]["anna"].say("/help")

    async def test_a_resident_cannot_open_the_review_list(self, talk):
        assert await talk[1]["anna"].say("/review") == "Only the board reviews dreams."

    async def test_a_dream_under_review_is_hidden_from_neighbours(self, talk):
        _village, people = talk
        await deposit_bench(people["anna"])

        assert "There is no dream number" in await people["frida"].say("/dream 8")

    async def test_a_start_link_opens_a_project_and_one_that_names_nothing_greets(self, db, talk):
        village, people = talk
        async with db() as uow:
            project = await uow.projects.add(Project(1, village.branch.id, "A bench by the fjord",
                                                     village.people["anna"].id, village.clock.now()))
            await uow.commit()

        opened = await people["frida"].say(f"/start f{project.id}")
        greeted = await people["frida"].say("/start f-1")

        assert "A bench by the fjord" in opened
        assert "Welcome to the dream bank" in greeted

    async def test_a_member_switches_to_norwegian(self, talk):
        anna = talk[1]["anna"]
        await anna.say("/language")

        answer = await anna.press("Norsk bokmål")

        assert "norsk" in answer.lower()
        assert "Velkommen" in await anna.say("/start")

    async def test_a_newcomer_is_registered_in_the_language_their_app_reports(self, db, talk):
        village, _people = talk
        conversation = Conversation(db, village.clock, codec)

        reply = await conversation.handle(Incoming(Identity("test", "ola"), "Ola", text="/start", language_hint="nb-NO"))

        assert reply.language == "nb"


class TestLifecycleThroughChat:
    async def test_like_pledge_withdraw_update_and_archive(self, db, talk):
        village, people = talk
        anna, frida = people["anna"], people["frida"]
        await deposit_bench(anna)
        for name in ("bjorn", "cecilie"):
            await people[name].notices()
            await people[name].press("Approve")
        await frida.say("/bank")
        await frida.press("A bench by the fjord")
        await frida.press("♥ Like")
        again = await frida.press_token(codec.encode(Action.LIKE, next(iter(db.store.dreams))))
        await frida.press_token(codec.encode(Action.PLEDGE, next(iter(db.store.dreams))))
        await frida.press("materials — still open")
        await frida.say("Oak planks")
        await anna.notices()
        await anna.say("/mydreams")
        await anna.press("A bench by the fjord — in the bank")
        card = anna.seen[-1]
        await anna.press("Withdraw into the factory")
        await anna.say("Frida brings wood")
        await anna.press("Ask the board")
        for name in ("bjorn", "dag"):
            await people[name].notices()
            await people[name].press("Approve")
        await anna.notices()
        await anna.press("Open the project")
        await anna.press("Post an update")
        await anna.say("The bench is built!")
        news = await frida.notices()
        await anna.say("/project " + str(next(iter(db.store.projects))))
        await anna.press("Close the project")
        await anna.press("completed")
        await anna.press("Skip")
        await anna.say("A bench stands by the fjord.")
        await anna.press("Move it to the archive")
        archive = await frida.say("/archive")

        assert "You already like" in again
        assert "Frida — materials: Oak planks" in card
        assert "is now a project in the factory" in news and "The bench is built!" in news
        assert "A bench by the fjord — completed" in frida.buttons
        assert archive.startswith("The archive")
        kinds = [n.kind for n in db.notices_for(village.frida.id)]
        assert kinds.count(NoticeKind.PROJECT_CLOSED) == 1


class TestAudit:
    async def test_the_board_reads_each_decision_in_the_branchs_time(self, talk):
        _village, people = talk
        await deposit_bench(people["anna"])
        await people["bjorn"].notices()
        await people["bjorn"].press("Approve")

        trail = await people["cecilie"].say("/audit " + str(max(_village.db.store.dreams)))

        assert "2026-05-04 11:00 — Anna: deposited the dream" in trail  # 09:00 UTC is 11:00 in Oslo
        assert "2026-05-04 11:00 — Bjorn: voted: Approve" in trail

    async def test_a_resident_cannot_read_the_audit_trail(self, talk):
        assert await talk[1]["frida"].say("/audit 1") == "Only the board can read the audit trail."


class TestListsInChat:
    async def test_the_bank_turns_its_pages_with_buttons_and_opens_at_a_typed_page(self, db, talk):
        village, people = talk
        for n in range(12):
            dream_id = await village.deposit(title=f"Dream {n:02}")
            review = await village.review_of(dream_id)
            for voter in ("bjorn", "cecilie"):
                await people[voter].press_token(codec.encode(Action.VOTE, review.id, "a"))
        frida = people["frida"]

        first = await frida.say("/bank")
        turns = set(frida.buttons) & {"‹ Previous", "Next ›"}
        second = await frida.press("Next ›")

        assert "Page 1 of 2" in first and turns == {"Next ›"}
        assert "Page 2 of 2" in second and "‹ Previous" in frida.buttons
        assert len([label for label in frida.buttons if label.startswith("Dream")]) == 2

        typed = await frida.say("/bank 2")
        assert "Page 2 of 2" in typed and "‹ Previous" in frida.buttons
        for beyond in ("/bank 9", "/bank -1", "/bank two"):  # past the end is the last page; nonsense the first
            assert ("Page 2 of 2" if beyond == "/bank 9" else "Page 1 of 2") in await frida.say(beyond)

    async def test_the_board_opens_a_waiting_review_from_its_list_and_votes(self, db, talk):
        _village, people = talk
        await deposit_bench(people["anna"])
        bjorn = people["bjorn"]

        listing = await bjorn.say("/review")
        card = await bjorn.press(next(label for label in bjorn.buttons if label.startswith("A bench by the fjord")))
        answer = await bjorn.press("Approve")

        assert listing.startswith("Dreams waiting for the board:")
        assert card.startswith("🗳 Review of “A bench by the fjord” by")
        assert "Your vote on “A bench by the fjord” is counted." in answer and len(db.store.votes) == 1


class TestAuditInChat:
    async def test_the_board_reads_the_decisions_about_a_dream_and_a_resident_is_refused(self, db, talk):
        _village, people = talk
        await deposit_bench(people["anna"])
        dream_id = next(iter(db.store.dreams))
        await people["bjorn"].notices()
        await people["bjorn"].press("Approve")

        trail = await people["cecilie"].say(f"/audit {dream_id}")
        refused = await people["frida"].say(f"/audit {dream_id}")

        assert trail.splitlines()[0] == "Decisions about “A bench by the fjord”:"
        assert trail.splitlines()[1:] == ["2026-05-04 11:00 — Anna: deposited the dream",
                                          "2026-05-04 11:00 — Bjorn: voted: Approve"]
        assert refused == "Only the board can read the audit trail."
