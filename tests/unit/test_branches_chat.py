"""Branches in chat: joining one by its link or by choosing, moving one's home, the admin's settings and roles, and
opening a branch, each refused to whom it is not for."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation
from core.model.branches import Branch
from core.model.members import Identity, Role
from core.usecases.dreams import deposit_dream
from tests.chat_person import Person
from tests.factories import a_draft, add_member

codec = ButtonCodec(b"branches-chat-test-secret")


@pytest.fixture
async def elvdal(db, village):
    """A second branch beside the village's Fjordby, with Olav its admin."""
    async with db() as uow:
        branch = await uow.branches.add(Branch("elvdal", "Elvdal", "en"))
        await add_member(uow, branch.id, "Olav", Identity("test", "olav"), village.clock.now(), [Role.ADMIN])
        await uow.commit()
    return branch


def chat(db, village, operators=frozenset()) -> Conversation:
    return Conversation(db, village.clock, codec, operators=operators)


async def member(db, handle: str):
    async with db() as uow:
        return await uow.members.by_identity(Identity("test", handle))


async def audit_actions(db, subject: str) -> list[str]:
    async with db() as uow:
        return [e.action for e in await uow.audit.about(subject)]


class TestJoiningByLink:
    async def test_a_new_person_arriving_by_a_branch_link_is_registered_in_that_branch(self, db, village, elvdal):
        kari = Person(chat(db, village), "kari")

        said = await kari.say("/start b-elvdal")

        assert "Welcome to the dream bank of Elvdal" in said
        assert (await member(db, "kari")).branch_id == elvdal.id

    async def test_a_member_of_another_branch_is_asked_and_moves_only_when_they_say_so(self, db, village, elvdal):
        anna = Person(chat(db, village), "anna")

        said = await anna.say("/start b-elvdal")
        assert "Would you like Elvdal to be your home branch" in said
        assert (await member(db, "anna")).branch_id == village.branch.id
        assert "Nothing was changed" in await anna.press("Stay in Fjordby")
        assert (await member(db, "anna")).branch_id == village.branch.id

        await anna.say("/start b-elvdal")
        assert "Welcome to Elvdal" in await anna.press("Move to Elvdal")
        assert (await member(db, "anna")).branch_id == elvdal.id

    async def test_an_unknown_branch_link_is_answered_kindly_and_changes_nothing(self, db, village, elvdal):
        kari, anna = Person(chat(db, village), "kari"), Person(chat(db, village), "anna")

        assert "There is no branch called “nowhere”" in await kari.say("/start b-nowhere")
        assert "There is no branch called “nowhere”" in await anna.say("/start b-nowhere")

        assert (await member(db, "kari")).branch_id == village.branch.id  # registered where everyone is by default
        assert (await member(db, "anna")).branch_id == village.branch.id


class TestChoosingAtStart:
    async def test_a_new_person_chooses_a_home_branch_when_there_are_several(self, db, village, elvdal):
        kari = Person(chat(db, village), "kari")

        said = await kari.say("/start")
        assert "Is another branch where you live?" in said
        assert "Welcome to Elvdal" in await kari.press("Elvdal")

        assert (await member(db, "kari")).branch_id == elvdal.id

    async def test_with_one_branch_a_new_person_is_greeted_as_before(self, db, village):
        kari = Person(chat(db, village), "kari")

        said = await kari.say("/start")

        assert "Welcome to the dream bank of Fjordby" in said
        assert "Is another branch" not in said and "Elvdal" not in kari.buttons

    async def test_a_member_who_is_known_already_is_not_asked_again(self, db, village, elvdal):
        anna = Person(chat(db, village), "anna")

        assert "Is another branch" not in await anna.say("/start")


class TestMovingHome:
    async def test_moving_asks_first_then_keeps_past_dreams_and_roles_where_they_were(self, db, village, elvdal):
        bjorn = Person(chat(db, village), "bjorn")
        async with db() as uow:
            dream = await deposit_dream(uow, village.clock, village.people["bjorn"], a_draft())
            await uow.commit()

        assert "Your home branch is Fjordby" in await bjorn.say("/branch")
        assert "Would you like Elvdal" in await bjorn.press("Elvdal")
        assert (await member(db, "bjorn")).branch_id == village.branch.id
        await bjorn.press("Move to Elvdal")

        moved = await member(db, "bjorn")
        async with db() as uow:
            kept = await uow.dreams.get(dream.id)
            roles_there = await uow.members.roles(village.branch.id, moved.id)
        assert moved.branch_id == elvdal.id
        assert kept.branch_id == village.branch.id
        assert roles_there == {Role.BOARD}
        assert "move_home" in await audit_actions(db, f"member:{moved.id}")


class TestAdminSettings:
    async def test_the_admin_changes_a_typed_setting_and_it_is_audited(self, db, village):
        gustav = Person(chat(db, village), "gustav")

        assert "Stall period (days): 7" in await gustav.say("/admin")
        await gustav.press("Stall period (days)")
        said = await gustav.say("12")

        assert "Stall period (days): 12" in said
        async with db() as uow:
            branch = await uow.branches.get(village.branch.id)
        assert branch.stall_after == timedelta(days=12)
        assert "branch_setting" in await audit_actions(db, f"branch:{village.branch.id}")

    async def test_a_bad_value_is_refused_with_why_and_nothing_changes(self, db, village):
        gustav = Person(chat(db, village), "gustav")
        await gustav.say("/admin")
        await gustav.press("Time zone")

        said = await gustav.say("Mars/Base")

        assert "“Mars/Base” is not a time zone I know" in said
        async with db() as uow:
            assert (await uow.branches.get(village.branch.id)).timezone == "Europe/Oslo"

    async def test_the_admin_chooses_the_language_weekday_and_a_criterion_wording(self, db, village):
        gustav = Person(chat(db, village), "gustav")
        await gustav.say("/admin")
        await gustav.press("Digest weekday")
        await gustav.press("Friday")
        await gustav.say("/admin")
        await gustav.press("Inquiry response time (working days)")
        await gustav.say("5")
        await gustav.say("/admin")
        await gustav.press("Criterion: non-profit")
        await gustav.say("Gjør ingen rik?")
        await gustav.say("/admin")
        await gustav.press("Language")
        await gustav.press("Norsk bokmål")
        assert gustav.last.language == "nb"  # the settings are shown again in the branch's new language

        async with db() as uow:
            branch = await uow.branches.get(village.branch.id)
        assert (branch.language, branch.digest_weekday, branch.response_days) == ("nb", 4, 5)
        assert branch.criteria == ("Gjør ingen rik?", "", "")

    async def test_a_deposit_asks_a_criterion_in_the_branch_s_own_words_and_the_others_as_usual(self, db, village):
        gustav, anna = Person(chat(db, village), "gustav"), Person(chat(db, village), "anna")
        await gustav.say("/admin")
        await gustav.press("Criterion: non-profit")
        await gustav.say("Does nobody make a profit from it, here in Fjordby?")

        await anna.say("/deposit")
        await anna.say("A bench by the fjord")
        await anna.say("Somewhere to sit")
        await anna.press("materials")
        await anna.press("Done")
        asked = await anna.press("Skip")
        assert "Does nobody make a profit from it, here in Fjordby?" in asked
        assert "Is the dream non-profit" not in asked
        assert "Does it strengthen social values" in await anna.press("Yes")

    async def test_the_admin_chooses_what_becomes_of_an_erased_member_s_open_dream(self, db, village):
        gustav = Person(chat(db, village), "gustav")
        assert "An erased member's open dream: it is retracted" in await gustav.say("/admin")
        await gustav.press("An erased member's open dream")
        await gustav.press("it goes to the bank manager")

        async with db() as uow:
            assert (await uow.branches.get(village.branch.id)).erasure_hands_dreams is True

    async def test_the_admin_chooses_how_a_new_inquiry_gets_its_consultant(self, db, village):
        gustav = Person(chat(db, village), "gustav")
        assert "Who gets a new inquiry: the consultants in turn" in await gustav.say("/admin")
        await gustav.press("Who gets a new inquiry")
        said = await gustav.press("by the consultants' topics, else in turn")

        assert "Who gets a new inquiry: by the consultants' topics, else in turn" in said
        async with db() as uow:
            assert (await uow.branches.get(village.branch.id)).inquiry_assignment == "topic"

    async def test_the_admin_types_the_fund_reminder_days_and_a_wrong_list_changes_nothing(self, db, village):
        gustav = Person(chat(db, village), "gustav")
        assert "Fund reminders (days before the deadline): 14, 3" in await gustav.say("/admin")
        await gustav.press("Fund reminders (days before the deadline)")

        refused = await gustav.say("30, 14, 7, 1")
        said = await gustav.say("7")

        assert "Please type one to 3 numbers of days, with commas between them, like 14, 3." in refused
        assert "Fund reminders (days before the deadline): 7" in said
        async with db() as uow:
            assert (await uow.branches.get(village.branch.id)).fund_reminder_days == (7,)
        assert (await audit_actions(db, f"branch:{village.branch.id}"))[-1:] == ["branch_setting"]

    async def test_anyone_but_the_branch_s_admin_is_refused(self, db, village, elvdal):
        anna, olav = Person(chat(db, village), "anna"), Person(chat(db, village), "olav")

        assert "Only the branch's admins" in await anna.say("/admin")
        assert "Only the branch's admins" in await anna.say("/roles")
        assert "Only the branch's admins" in await anna.say("/grant 1 board")
        # Olav administers Elvdal: Fjordby's settings are not his
        from core.usecases.branches import change_setting
        from core.errors import Refused
        async with db() as uow:
            with pytest.raises(Refused):
                await change_setting(uow, village.clock, await member(db, "olav"), village.branch.id, "name", "X")
        assert "Elvdal" in await olav.say("/admin")


class TestRolesInChat:
    async def test_the_admin_sees_grants_and_revokes_roles(self, db, village):
        gustav = Person(chat(db, village), "gustav")
        anna = village.people["anna"]

        assert "board member: Bjorn" in await gustav.say("/roles")
        assert "is now board member" in await gustav.say(f"/grant {anna.id} board")
        assert "is board member already" in await gustav.say(f"/grant {anna.id} board")
        async with db() as uow:
            assert Role.BOARD in await uow.members.roles(village.branch.id, anna.id)
        assert "no longer board member" in await gustav.say(f"/revoke {anna.id} board")
        assert "“boss” is not a role" in await gustav.say(f"/revoke {anna.id} boss")

    async def test_a_member_of_another_branch_is_not_found_by_number(self, db, village, elvdal):
        gustav = Person(chat(db, village), "gustav")
        olav = await member(db, "olav")

        assert f"There is no member number {olav.id} in this branch" in await gustav.say(f"/grant {olav.id} board")

        async with db() as uow:
            assert await uow.members.roles(village.branch.id, olav.id) == set()


class TestOpeningBranches:
    async def test_an_operator_opens_a_branch_in_chat(self, db, village):
        gustav = Person(chat(db, village, frozenset({Identity("test", "gustav")})), "gustav")

        said = await gustav.say("/newbranch nordre-aker Nordre Aker nb Europe/Oslo")

        assert "The branch Nordre Aker is open" in said
        async with db() as uow:
            opened = await uow.branches.by_slug("nordre-aker")
        assert (opened.name, opened.language, opened.timezone) == ("Nordre Aker", "nb", "Europe/Oslo")

    async def test_a_branch_admin_who_is_no_operator_is_refused(self, db, village):
        gustav = Person(chat(db, village), "gustav")

        assert "Only the deployment's operators" in await gustav.say("/newbranch elvdal Elvdal")

        async with db() as uow:
            assert await uow.branches.by_slug("elvdal") is None


class TestOperatorsSetting:
    def test_operators_are_read_as_platform_identities_and_a_malformed_list_is_refused(self):
        from pydantic import ValidationError

        from dreambank.settings import Settings

        read = Settings(_env_file=None, operators=" telegram:12345, console:gustav ,")

        assert read.operator_identities() == frozenset({("telegram", "12345"), ("console", "gustav")})
        assert Settings(_env_file=None).operator_identities() == frozenset()
        with pytest.raises(ValidationError):
            Settings(_env_file=None, operators="gustav")
