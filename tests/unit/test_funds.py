"""Funds and deadlines: who may register one, what is checked, which dreams and projects a fund's themes match,
who is told, and the reminders before the deadline, each sent once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from core.errors import Refused
from core.model.branches import check_reminder_days
from core.model.dreams import Dream, DreamState, Need
from core.model.funds import check_link, matches, theme_list
from core.model.members import Role
from core.model.notices import Audience, NoticeKind
from core.model.projects import Project, TeamMember
from core.usecases import funds
from tests.unit.circle import notices_of

DEADLINE = date(2026, 6, 1)  # the village's clock says 4 May 2026


def a_draft(**changes) -> funds.FundDraft:
    values = dict(name="Nordea-fonden", giver="Nordea", themes=["natur", "Fællesskab"], deadline=DEADLINE,
                  link="https://nordeafonden.dk/ansoeg", amount_min=5000, amount_max=250000)
    values.update(changes)
    return funds.FundDraft(**values)


async def a_dream(v, owner: str, title: str, story: str = "", needs=frozenset({Need.TIME}),
                  state: DreamState = DreamState.APPROVED) -> Dream:
    async with v.db() as uow:
        dream = await uow.dreams.add(Dream(v.branch.id, v.people[owner].id, title, story, needs, "", state,
                                           v.clock.now()))
        await uow.commit()
    return dream


async def register(v, who: str = "gustav", **changes):
    async with v.db() as uow:
        fund, told = await funds.register_fund(uow, v.clock, v.people[who], v.branch, a_draft(**changes))
        await uow.commit()
    return fund, told


class TestMatching:
    @pytest.mark.parametrize("title, story, needs, expected", [
        ("Naturstien ved fjorden", "", set(), False),         # part of a word is not the word
        ("En sti i naturen", "Vi elsker natur.", set(), True),  # a whole word of the story
        ("NATUR for alle", "", set(), True),                  # whatever the letters' case
        ("Fællesskab i byen", "", set(), True),               # æøå
        ("A bench", "", {Need.MONEY}, False),
        ("A bench", "", {Need.VENUE}, False),
    ])
    def test_a_theme_matches_a_whole_word_of_the_title_or_story(self, title, story, needs, expected):
        assert matches(["natur", "fællesskab"], title, story, frozenset(needs)) is expected

    @pytest.mark.parametrize("theme", ["money", "penger", "penge", "geld", "MONEY"])
    def test_a_theme_naming_a_need_matches_whoever_needs_it(self, theme):
        assert matches([theme], "A bench", "Somewhere to sit.", frozenset({Need.MONEY}))
        assert not matches([theme], "A bench", "Somewhere to sit.", frozenset({Need.TIME}))

    def test_themes_are_read_from_commas_trimmed_lower_cased_and_once(self):
        assert theme_list(" Natur, kultur ,,natur, Ældre ") == ["natur", "kultur", "ældre"]

    @pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://x.dk/f", "nordea.dk", "https://", "https://a b.dk"])
    def test_a_link_must_be_a_web_address(self, link):
        with pytest.raises(Refused):
            check_link(link)

    def test_a_web_address_is_kept_trimmed(self):
        assert check_link("  http://example.org/fund?x=1 ") == "http://example.org/fund?x=1"


class TestRegistering:
    @pytest.mark.parametrize("role", [Role.CONSULTANT, Role.ADMIN, Role.COMMUNITY_MANAGER])
    async def test_the_branchs_staff_may_register_a_fund(self, village, role):
        async with village.db() as uow:
            await uow.members.grant(village.branch.id, village.people["frida"].id, role)
            await uow.commit()
        fund, _told = await register(village, "frida")
        async with village.db() as uow:
            assert await uow.funds.get(fund.id) == fund
            [entry] = [e for e in await uow.audit.about(f"fund:{fund.id}")]
        assert entry.action == "fund_register" and fund.themes == ["natur", "fællesskab"]

    @pytest.mark.parametrize("who", ["anna", "bjorn", "eva"])
    async def test_members_the_board_and_the_bank_manager_may_not_and_nothing_is_kept(self, village, who):
        with pytest.raises(Refused):
            await register(village, who)
        async with village.db() as uow:
            assert await uow.funds.open_in(village.branch.id, date(2026, 5, 4)) == []

    @pytest.mark.parametrize("changes", [
        dict(link="javascript:alert(1)"), dict(deadline=date(2026, 5, 3)), dict(themes=[" ", ""]),
        dict(amount_min=9000, amount_max=100), dict(amount_min=-1), dict(name="  "), dict(name="x" * 121),
        dict(themes=[f"t{i}" for i in range(9)]),
    ])
    async def test_a_fund_that_makes_no_sense_is_refused_kindly(self, village, changes):
        with pytest.raises(Refused):
            await register(village, **changes)

    async def test_a_fund_with_a_deadline_today_and_no_amounts_is_fine(self, village):
        fund, _told = await register(village, deadline=date(2026, 5, 4), amount_min=None, amount_max=None)
        assert fund.amount_min is None and fund.deadline == date(2026, 5, 4)


class TestTelling:
    async def test_the_owners_of_matching_approved_dreams_and_the_team_of_a_matching_project_are_told(self, village):
        told_dream = await a_dream(village, "anna", "Naturlegeplads", "En plads i natur for børn.")
        await a_dream(village, "frida", "Natur walk", state=DreamState.DEPOSITED)  # not approved yet
        await a_dream(village, "bjorn", "A choir", "Songs.")                      # no theme
        project_dream = await a_dream(village, "cecilie", "Fællesskab i hallen", state=DreamState.PROJECT)
        async with village.db() as uow:
            project = await uow.projects.add(Project(project_dream.id, village.branch.id, project_dream.title,
                                                     village.people["cecilie"].id, village.clock.now()))
            await uow.projects.add_team_member(TeamMember(project.id, village.people["dag"].id, "treasurer"))
            await uow.commit()

        fund, told = await register(village)

        assert told == 3
        [to_anna] = await notices_of(village.db, village.people["anna"].id, NoticeKind.FUND_MATCH)
        assert to_anna.params["target"] == "dream" and to_anna.params["target_id"] == told_dream.id
        assert to_anna.params["link"] == fund.link and to_anna.params["deadline"] == "2026-06-01"
        for name in ("cecilie", "dag"):
            [notice] = await notices_of(village.db, village.people[name].id, NoticeKind.FUND_MATCH)
            assert notice.params["target"] == "project" and notice.params["target_id"] == project.id
        for name in ("frida", "bjorn"):
            assert await notices_of(village.db, village.people[name].id, NoticeKind.FUND_MATCH) == []

    async def test_a_new_fund_is_posted_in_the_banks_channel_when_it_has_one(self, village):
        from core.model.branches import ChatLink, ChatPurpose

        async with village.db() as uow:
            await uow.branches.link(ChatLink(village.branch.id, ChatPurpose.BANK, "telegram", "-100"))
            await uow.commit()
        fund, _told = await register(village)
        posts = [n for n in village.db.posts_to(Audience.BANK_CHAT) if n.kind is NoticeKind.FUND_POST]
        assert [p.params["name"] for p in posts] == ["Nordea-fonden"] and posts[0].topic == f"fund:{fund.id}"


class TestSeeingAndChanging:
    async def test_members_see_the_open_funds_soonest_deadline_first(self, village):
        late, _ = await register(village, name="Late", deadline=date(2026, 9, 1))
        soon, _ = await register(village, name="Soon", deadline=date(2026, 5, 10))
        village.clock.advance(days=7)  # 11 May: "Soon" has passed
        async with village.db() as uow:
            assert [f.name for f in await funds.open_funds(uow, village.clock, village.people["anna"],
                                                           village.branch)] == ["Late"]

    async def test_staff_change_and_remove_a_fund_and_a_member_may_not(self, village):
        fund, _ = await register(village)
        async with village.db() as uow:
            with pytest.raises(Refused):
                await funds.remove_fund(uow, village.clock, village.people["anna"], fund.id)
            changed = await funds.edit_fund(uow, village.clock, village.people["gustav"], village.branch, fund.id,
                                            a_draft(name="Nordea-fonden 2027", themes=["kultur"]))
            await uow.commit()
        assert changed.name == "Nordea-fonden 2027" and changed.themes == ["kultur"]
        async with village.db() as uow:
            await funds.remove_fund(uow, village.clock, village.people["gustav"], fund.id)
            await uow.commit()
        async with village.db() as uow:
            assert await uow.funds.get(fund.id) is None
            assert [e.action for e in await uow.audit.about(f"fund:{fund.id}")] == [
                "fund_register", "fund_edit", "fund_remove"]


class TestReminders:
    async def remind(self, v) -> int:
        async with v.db() as uow:
            told = await funds.remind_funds(uow, v.clock, v.branch.id)
            await uow.commit()
        return told

    async def test_owners_are_reminded_14_and_3_days_before_the_deadline_each_once(self, village):
        await a_dream(village, "anna", "Natur for alle")
        await register(village)  # deadline 1 June; registered 4 May
        assert await self.remind(village) == 0
        village.clock.advance(days=14)  # 18 May: 14 days left
        assert await self.remind(village) == 1
        assert await self.remind(village) == 0  # once
        village.clock.advance(days=10)  # 28 May: 4 days left
        assert await self.remind(village) == 0
        village.clock.advance(days=1)  # 29 May: 3 days left
        assert await self.remind(village) == 1
        assert await self.remind(village) == 0
        reminders = await notices_of(village.db, village.people["anna"].id, NoticeKind.FUND_REMINDER)
        assert [r.params["days"] for r in reminders] == [14, 3]
        village.clock.advance(days=4)  # 2 June: passed
        assert await self.remind(village) == 0

    async def test_a_fund_registered_close_to_its_deadline_gets_only_the_closer_reminder(self, village):
        await a_dream(village, "anna", "Natur for alle")
        await register(village, deadline=date(2026, 5, 14))  # 10 days left: the 14-day reminder came before it
        assert await self.remind(village) == 0
        village.clock.advance(days=8)  # 12 May
        assert await self.remind(village) == 1
        [reminder] = await notices_of(village.db, village.people["anna"].id, NoticeKind.FUND_REMINDER)
        assert reminder.params["days"] == 2

    async def test_a_branch_that_chose_7_days_is_reminded_7_days_before_and_not_14(self, village):
        async with village.db() as uow:
            await uow.branches.save(replace(village.branch, fund_reminder_days=(7,)))
            await uow.commit()
        await a_dream(village, "anna", "Natur for alle")
        await register(village)  # deadline 1 June
        village.clock.advance(days=14)  # 18 May: 14 days left
        assert await self.remind(village) == 0
        village.clock.advance(days=6)  # 24 May: 8 days left
        assert await self.remind(village) == 0
        village.clock.advance(days=1)  # 25 May: 7 days left
        assert await self.remind(village) == 1
        village.clock.advance(days=4)  # 29 May: 3 days left
        assert await self.remind(village) == 0
        reminders = await notices_of(village.db, village.people["anna"].id, NoticeKind.FUND_REMINDER)
        assert [r.params["days"] for r in reminders] == [7]


class TestReminderDays:
    @pytest.mark.parametrize("typed, days", [("14, 3", (14, 3)), ("3 14", (14, 3)), ("7", (7,)),
                                             ("1,90,30", (90, 30, 1)), ("5, 5", (5,))])
    def test_an_admin_types_up_to_three_days_and_they_are_kept_earliest_reminder_first(self, typed, days):
        assert check_reminder_days(typed) == days

    @pytest.mark.parametrize("typed, reason", [
        ("", "Please type one to {most} numbers of days, with commas between them, like 14, 3."),
        ("21, 14, 7, 1", "Please type one to {most} numbers of days, with commas between them, like 14, 3."),
        ("0", "Please type a whole number from {low} to {high}."),
        ("91", "Please type a whole number from {low} to {high}."),
        ("two weeks", "Please type a whole number from {low} to {high}.")])
    def test_anything_else_is_refused(self, typed, reason):
        with pytest.raises(Refused) as refused:
            check_reminder_days(typed)

        assert refused.value.reason.msgid == reason


async def test_the_schedules_hourly_nudges_send_the_fund_reminders(village):
    """The reminder rule runs from the schedule's nudge job, beside the other nudges."""
    from types import SimpleNamespace

    from core.usecases.reminders import ReminderRules
    from digests.schedule.jobs import nudges

    await a_dream(village, "anna", "Natur for alle")
    await register(village)
    village.clock.advance(days=14)
    schedule = SimpleNamespace(uow=village.db, clock=village.clock, settings=SimpleNamespace(rules=ReminderRules()))
    assert await nudges(schedule) >= 1
    assert len(await notices_of(village.db, village.people["anna"].id, NoticeKind.FUND_REMINDER)) == 1
    await nudges(schedule)
    assert len(await notices_of(village.db, village.people["anna"].id, NoticeKind.FUND_REMINDER)) == 1


class TestFundCard:
    async def test_staff_see_change_and_remove_and_a_member_only_the_way_back_to_the_list(self, village):
        from core.i18n import translate
        from core.views.actions import Action
        from core.views.funds import fund_card

        fund, _ = await register(village)
        params = funds.fund_params(fund, village.branch)
        staff, member = fund_card(fund, params, True), fund_card(fund, params, False)

        assert {a.action for row in staff.actions for a in row} == {Action.FUNDS, Action.EDIT_FUND, Action.REMOVE_FUND}
        assert {a.action for row in member.actions for a in row} == {Action.FUNDS}
        body = [translate(line, "nb") for line in member.body]
        assert body[1] == "Søknadsfrist: 1. juni 2026"
        assert body[-1] == "Les mer og søk: https://nordeafonden.dk/ansoeg"
