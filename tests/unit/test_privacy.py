"""A person's own data: /mydata's summary, the export with every kind, the confirmation to erase, and the
erasure's rules."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from core.chat.conversation import Conversation
from core.errors import Refused
from core.i18n import translate
from core.model.dreams import DreamState
from core.model.members import Identity, Role
from core.model.notices import SECRET_KINDS, NoticeKind
from core.model.privacy import confirmation_minute
from core.chat.files import attendee_file
from core.usecases import events, privacy
from core.views.actions import Action
from tests.chat_person import Person
from tests.privacy_setup import EMAIL, EXTERNAL_ID, KINDS, NAME, TYPED, populated_member
from tests.unit.circle_chat import become_padriver, codec


@pytest.fixture
async def zelinda(db):
    return await populated_member(db)


def chat(db, p) -> Person:
    return Person(Conversation(db, p.village.clock, codec), EXTERNAL_ID)


class TestSummary:
    async def test_mydata_names_the_profile_email_dreams_and_what_was_given(self, db, zelinda):
        said = await chat(db, zelinda).say("/mydata")

        assert NAME in said and f"member number {zelinda.member.id}" in said
        assert f"{EMAIL} (confirmed)" in said
        assert "Lanterns along the path — waiting for the board" in said
        assert "Likes: 1 (A garden for the whole street)" in said
        assert "Your offers of help:\n• A garden for the whole street: Two Saturdays of digging (waiting for the " \
               "owner's answer)" in said
        assert "Votes as a board member: 1 (Swings by the school)" in said
        assert "Answers to events: 1" in said
        assert "Pådriver application: waiting for a decision" in said
        assert "Sign-ins on the web pages: 1" in said
        assert "board member in Fjordby" in said
        assert EXTERNAL_ID not in said  # a platform is named, never an account's id

    async def test_download_sends_every_kind_as_one_json_file(self, db, zelinda):
        person = chat(db, zelinda)
        await person.say("/mydata")

        await person.press("Download everything")

        file = person.files[-1]
        assert file.filename == f"dreambank-data-{zelinda.member.id}.json" and file.mime == "application/json"
        document = json.loads(file.data)
        assert KINDS <= set(document["records"])
        assert TYPED in file.data.decode() and EMAIL in file.data.decode()

    async def test_a_download_button_of_someone_else_sends_nothing(self, db, zelinda):
        anna = Person(Conversation(db, zelinda.village.clock, codec), "anna")
        anna.buttons = {"forged": codec.encode(Action.DOWNLOAD_DATA, zelinda.member.id)}

        said = await anna.press("forged")

        assert "someone else" in said and not anna.files


class TestConfirmation:
    async def test_erase_says_what_goes_what_stays_and_what_cannot_be_recalled(self, db, zelinda):
        said = await chat(db, zelinda).say("/erase")

        assert "a former member" in said and "already delivered in chats" in said and "cannot be undone" in said

    async def test_keep_my_data_changes_nothing(self, db, zelinda):
        person = chat(db, zelinda)
        await person.say("/erase")

        assert "Nothing was erased" in await person.press("Keep my data")

        async with db() as uow:
            assert (await uow.members.get(zelinda.member.id)).display_name == NAME

    async def test_a_stale_confirmation_is_refused_and_nothing_is_erased(self, db, zelinda):
        person = chat(db, zelinda)
        await person.say("/erase")
        zelinda.village.clock.advance(minutes=16)

        said = await person.press("Erase everything")

        assert "no longer valid" in said
        async with db() as uow:
            assert (await uow.members.get(zelinda.member.id)).display_name == NAME

    async def test_a_confirmation_made_for_another_member_is_refused(self, db, zelinda):
        anna = Person(Conversation(db, zelinda.village.clock, codec), "anna")
        minute = confirmation_minute(zelinda.village.clock.now())
        anna.buttons = {"forged": codec.encode(Action.ERASE, zelinda.member.id, minute)}

        said = await anna.press("forged")

        assert "no longer valid" in said
        async with db() as uow:
            assert (await uow.members.get(zelinda.member.id)).display_name == NAME
            assert (await uow.members.get(zelinda.village.anna.id)).display_name == "Anna"

    async def test_a_forged_token_erases_nothing(self, db, zelinda):
        person = chat(db, zelinda)
        await person.say("/erase")
        token = person.buttons["Erase everything"]
        person.buttons = {"forged": token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")}

        await person.press("forged")

        async with db() as uow:
            assert (await uow.members.get(zelinda.member.id)).display_name == NAME

    def test_the_use_case_refuses_a_press_for_another_member(self, zelinda):
        minute = confirmation_minute(zelinda.village.clock.now())

        with pytest.raises(Refused):
            privacy.ensure_confirmation(zelinda.village.anna, zelinda.member.id, minute, zelinda.village.clock)


class TestErasure:
    async def test_erasure_by_chat_forgets_the_person_and_the_same_account_is_a_stranger_after(self, db, zelinda):
        person = chat(db, zelinda)
        await person.say("/erase")

        said = await person.press("Erase everything")

        assert "You are erased" in said
        async with db() as uow:
            erased = await uow.members.get(zelinda.member.id)
            assert translate(erased.display_name, "en") == "a former member"
            assert translate(erased.display_name, "nb") != "a former member"
            assert await uow.members.identities(zelinda.member.id) == []
            assert (await uow.preferences.get(zelinda.member.id)).email is None
            assert await uow.dialogs.current(zelinda.member.id) is None
            records = await uow.privacy.records(zelinda.member.id)
        assert not {"identities", "dialogs", "member_preferences", "web_sessions", "notices", "role_grants",
                    "followers", "padrivere", "inbound_updates"} & set(records)
        assert NAME not in json.dumps(records, default=str)
        await person.say("/whoami")
        async with db() as uow:
            stranger = await uow.members.by_identity(Identity("test", EXTERNAL_ID))
        assert stranger is not None and stranger.id != zelinda.member.id

    async def test_an_open_dream_is_retracted_and_a_project_stays_under_a_former_member(self, db, zelinda):
        async with db() as uow:
            done = await privacy.erase_member(uow, zelinda.village.clock, zelinda.member.id)
            await uow.commit()

        async with db() as uow:
            assert (await uow.dreams.get(zelinda.open_dream)).state is DreamState.RETRACTED
            kept = await uow.dreams.get(zelinda.project_dream)
        assert done.retracted == [zelinda.open_dream] and done.handed_over == []
        assert kept.state is DreamState.PROJECT and kept.owner_id == zelinda.member.id

    async def test_an_open_dream_goes_to_the_bank_manager_when_the_branch_says_so(self, db, zelinda):
        async with db() as uow:
            await uow.branches.save(replace(zelinda.village.branch, erasure_hands_dreams=True))
            await uow.commit()

        async with db() as uow:
            done = await privacy.erase_member(uow, zelinda.village.clock, zelinda.member.id)
            await uow.commit()

        async with db() as uow:
            dream = await uow.dreams.get(zelinda.open_dream)
        assert done.handed_over == [zelinda.open_dream]
        assert dream.owner_id == zelinda.village.eva.id and dream.state is DreamState.DEPOSITED

    async def test_likes_votes_and_answers_keep_their_counts(self, db, zelinda):
        async with db() as uow:
            before = (await uow.bank.likes(zelinda.liked_dream), len(await uow.reviews.votes(zelinda.voted_review)),
                      len(await uow.bank.pledges(zelinda.liked_dream)))
            await privacy.erase_member(uow, zelinda.village.clock, zelinda.member.id)
            await uow.commit()

        async with db() as uow:
            after = (await uow.bank.likes(zelinda.liked_dream), len(await uow.reviews.votes(zelinda.voted_review)),
                     len(await uow.bank.pledges(zelinda.liked_dream)))
        assert after == before == (1, 1, 1)

    async def test_the_audit_trail_keeps_a_pseudonymous_entry(self, db, zelinda):
        async with db() as uow:
            await privacy.erase_member(uow, zelinda.village.clock, zelinda.member.id)
            await uow.commit()

        entries = [e for e in db.store.audit if e.action == "erase"]
        assert [(e.actor_id, e.subject, e.detail) for e in entries] == [(None, f"member:{zelinda.member.id}", {})]
        assert NAME not in repr(db.store.audit)

    async def test_the_name_is_taken_out_of_notices_written_for_others(self, db, zelinda):
        async with db() as uow:
            await privacy.erase_member(uow, zelinda.village.clock, zelinda.member.id)
            await uow.commit()

        assert NAME not in repr(list(db.store.notices.values()))
        assert [n for n in db.store.notices.values() if n.member_id == zelinda.village.anna.id]

    async def test_staff_erase_only_a_member_of_their_branch_and_only_once(self, db, zelinda):
        async with db() as uow:
            with pytest.raises(Refused):
                await privacy.erase_by_staff(uow, zelinda.village.clock, zelinda.village.branch.id + 99,
                                             zelinda.member.id)
            await privacy.erase_by_staff(uow, zelinda.village.clock, zelinda.village.branch.id, zelinda.member.id)
            await uow.commit()

        async with db() as uow:
            with pytest.raises(Refused):
                await privacy.erase_by_staff(uow, zelinda.village.clock, zelinda.village.branch.id, zelinda.member.id)
        assert [e.action for e in db.store.audit if e.action.endswith("erase")] == ["staff_erase"]

    async def test_the_attendee_list_names_an_erased_member_a_former_member(self, db, zelinda):
        async with db() as uow:
            await privacy.erase_member(uow, zelinda.village.clock, zelinda.member.id)
            await uow.commit()

        async with db() as uow:
            await uow.members.grant(zelinda.village.branch.id, zelinda.village.gustav.id, Role.COMMUNITY_MANAGER)
            event, attendees = await events.attendees(uow, zelinda.village.gustav, zelinda.event)
        csv = attendee_file(event, zelinda.village.branch, attendees, "nb", ["name", "answer", "waiting", "at"])

        assert "et tidligere medlem" in csv.data.decode()

    async def test_an_erased_padriver_is_taken_out_of_the_closed_group_by_the_accounts_they_had(self, db, people):
        village, p = people
        await become_padriver(p, "frida")

        async with db() as uow:
            await privacy.erase_member(uow, village.clock, village.frida.id)
            await uow.commit()

        removals = [n for n in db.store.notices.values() if n.kind is NoticeKind.CIRCLE_REMOVAL]
        assert [(n.params["member_id"], n.params["accounts"]) for n in removals] == [(village.frida.id,
                                                                                     [["test", "frida"]])]
        assert NoticeKind.CIRCLE_REMOVAL in SECRET_KINDS  # the accounts are blanked once it is sent
