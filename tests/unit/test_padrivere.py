"""Becoming a pådriver: applying, the community manager's decision, the closed group and the page."""

from __future__ import annotations

import pytest

from core.errors import Refused
from core.model.bank import Pledge
from core.model.dreams import Need
from core.model.events import Answer
from core.model.branches import ChatLink, ChatPurpose
from core.model.members import Identity, Role
from core.model.notices import Audience, NoticeKind
from core.model.padrivere import ApplicationStatus
from core.model.projects import Project, TeamMember
from core.usecases import padrivere
from core.usecases.accounts import finish_link, start_link
from core.usecases.members import grant_role, revoke_role
from core.views import padrivere as circle_views
from tests.unit.circle import (answer, apply, finish, join, make_padriver, new_event, notices_of, post_call,
                               refusal, refused, said)


async def test_an_application_goes_to_the_community_manager_with_buttons(circle):
    application = await apply(circle, "anna", ["gardening", "cooking"])
    assert application.status is ApplicationStatus.PENDING
    [told] = await notices_of(circle.db, circle.hanne.id, NoticeKind.PADRIVER_APPLIED)
    assert told.params["name"] == "Anna" and told.params["competences"] == ["gardening", "cooking"]
    with refused("with the community manager"):
        await apply(circle, "anna")


async def test_approval_grants_the_role_and_tells_the_applicant_once(circle):
    application = await apply(circle, "anna")
    async with circle.db() as uow:
        decided = await padrivere.decide(uow, circle.clock, circle.hanne, application.id, True)
        await uow.commit()
    assert decided.application.status is ApplicationStatus.APPROVED
    async with circle.db() as uow:
        assert Role.PADRIVER in await uow.members.roles(circle.branch.id, circle.anna.id)
    [told] = await notices_of(circle.db, circle.anna.id, NoticeKind.PADRIVER_DECIDED)
    assert told.params["approved"] is True and told.params["circle"] is True
    async with circle.db() as uow:
        with refused("decided already, by Hanne"):
            await padrivere.decide(uow, circle.clock, circle.hanne, application.id, False)


async def test_only_the_community_manager_decides(circle):
    application = await apply(circle, "anna")
    async with circle.db() as uow:
        with refused("Only the community manager"):
            await padrivere.decide(uow, circle.clock, circle.gustav, application.id, True)


async def test_a_declined_applicant_hears_why_and_may_apply_again(circle):
    application = await apply(circle, "anna")
    async with circle.db() as uow:
        await padrivere.decide(uow, circle.clock, circle.hanne, application.id, False, "We are full this spring.")
        await uow.commit()
    [told] = await notices_of(circle.db, circle.anna.id, NoticeKind.PADRIVER_DECIDED)
    assert told.params == {**told.params, "approved": False, "reason": "We are full this spring."}
    again = await apply(circle, "anna")
    assert again.status is ApplicationStatus.PENDING and again.id == application.id


async def test_competences_must_come_from_the_branch_list(circle):
    with refused("not on the branch's list"):
        await apply(circle, "anna", ["juggling"])
    async with circle.db() as uow:
        listed = await padrivere.set_competences(uow, circle.clock, circle.hanne, circle.branch, ["Juggling"],
                                                 ["cooking"])
        await uow.commit()
    assert "Juggling" in listed and "cooking" not in listed and "gardening" in listed
    await apply(circle, "anna", ["Juggling"])


async def test_a_padriver_changes_the_profile_without_a_new_decision(circle):
    await make_padriver(circle, "anna")
    before = len(await notices_of(circle.db, circle.hanne.id))
    updated = await apply(circle, "anna", ["cooking"], public=False)
    assert updated.status is ApplicationStatus.APPROVED and updated.competences == ["cooking"]
    assert len(await notices_of(circle.db, circle.hanne.id)) == before


async def test_join_requests_let_in_padrivere_only(circle):
    await make_padriver(circle, "anna")
    async with circle.db() as uow:
        yes = await padrivere.join_request(uow, circle.clock, Identity("test", "anna"), "test", "-300")
        no = await padrivere.join_request(uow, circle.clock, Identity("test", "frida"), "test", "-300")
        stranger = await padrivere.join_request(uow, circle.clock, Identity("test", "nobody"), "test", "-300")
        elsewhere = await padrivere.join_request(uow, circle.clock, Identity("test", "anna"), "test", "-999")
    assert yes.approve and not no.approve and not stranger.approve and elsewhere is None
    assert "/padriver" in no.reason.msgid


async def test_losing_the_role_removes_the_padriver_from_the_group_and_the_page(circle):
    await make_padriver(circle, "anna")
    async with circle.db() as uow:
        assert [m.display_name for m, _p, _c in await padrivere.page(uow, circle.clock, circle.branch.id)] == ["Anna"]
        await revoke_role(uow, circle.clock, circle.gustav, circle.branch.id, circle.anna.id, Role.PADRIVER)
        await uow.commit()
    async with circle.db() as uow:
        removal = [d for d in await uow.outbox.pending_on("test", 500)
                   if d.notice.kind is NoticeKind.CIRCLE_REMOVAL]
        assert await padrivere.page(uow, circle.clock, circle.branch.id) == []
    assert [(d.chat_id, d.notice.params) for d in removal] == [("-300", {"member_id": circle.anna.id})]
    assert removal[0].notice.audience is Audience.CIRCLE_CHAT


async def test_approval_admits_the_padriver_to_the_circle_chat_on_every_platform(circle):
    async with circle.db() as uow:
        await uow.branches.link(ChatLink(circle.branch.id, ChatPurpose.CIRCLE, "discord", "900", role_id="901"))
        await uow.commit()
    application = await apply(circle, "anna")
    async with circle.db() as uow:
        await padrivere.decide(uow, circle.clock, circle.hanne, application.id, True)
        await uow.commit()
    admitted = await _circle_notices(circle, NoticeKind.CIRCLE_ADMISSION)
    assert sorted((d.chat_id, d.notice.params["member_id"]) for d in admitted) == [
        ("-300", circle.anna.id), ("900", circle.anna.id)]
    assert {d.notice.audience for d in admitted} == {Audience.CIRCLE_CHAT}


async def test_a_declined_applicant_is_not_admitted(circle):
    application = await apply(circle, "anna")
    async with circle.db() as uow:
        await padrivere.decide(uow, circle.clock, circle.hanne, application.id, False)
        await uow.commit()
    assert await _circle_notices(circle, NoticeKind.CIRCLE_ADMISSION) == []


async def test_the_padriver_role_given_by_an_admin_admits_to_the_circle_too(circle):
    async with circle.db() as uow:
        assert await grant_role(uow, circle.clock, circle.gustav, circle.branch.id, circle.anna.id, Role.PADRIVER)
        assert not await grant_role(uow, circle.clock, circle.gustav, circle.branch.id, circle.anna.id,
                                    Role.PADRIVER)
        await uow.commit()
    [admitted] = await _circle_notices(circle, NoticeKind.CIRCLE_ADMISSION)
    assert (admitted.chat_id, admitted.notice.params) == ("-300", {"member_id": circle.anna.id})


async def test_a_padriver_who_links_another_account_is_admitted_there_too(circle):
    async with circle.db() as uow:
        await uow.branches.link(ChatLink(circle.branch.id, ChatPurpose.CIRCLE, "discord", "900", role_id="901"))
        await grant_role(uow, circle.clock, circle.gustav, circle.branch.id, circle.anna.id, Role.PADRIVER)
        code = await start_link(uow, circle.clock, circle.anna)
        await uow.commit()
    before = len(await _circle_notices(circle, NoticeKind.CIRCLE_ADMISSION))
    async with circle.db() as uow:
        await finish_link(uow, circle.clock, Identity("discord", "4242"), code)
        await uow.commit()
    admitted = await _circle_notices(circle, NoticeKind.CIRCLE_ADMISSION)
    assert before == 2 and len(admitted) == 4
    assert {d.chat_id for d in admitted[before:]} | {d.chat_id for d in admitted[:before]} == {"-300", "900"}


async def _circle_notices(circle, kind: NoticeKind) -> list:
    deliveries = []
    async with circle.db() as uow:
        for platform in ("test", "discord"):
            deliveries += [d for d in await uow.outbox.pending_on(platform, 500) if d.notice.kind is kind]
    return deliveries


async def test_the_page_shows_those_who_consented_with_their_contributions(circle):
    await make_padriver(circle, "anna", ["gardening"])
    await make_padriver(circle, "frida", ["cooking"], public=False)
    dream_id = await circle.deposit(circle.bjorn)
    async with circle.db() as uow:
        await uow.bank.add_pledge(Pledge(dream_id, circle.anna.id, Need.TIME, "Saturdays", None, circle.clock.now()))
        project = await uow.projects.add(Project(dream_id, circle.branch.id, "The bench", circle.bjorn.id,
                                                 circle.clock.now()))
        await uow.projects.add_team_member(TeamMember(project.id, circle.anna.id, "carpenter"))
        await uow.commit()
    event_id = await new_event(circle, capacity=None)
    await answer(circle, "anna", event_id, Answer.GOING)
    call = await post_call(circle, needed=3)
    await join(circle, "anna", call.id)
    circle.clock.advance(days=30)
    async with circle.db() as uow:
        page = await padrivere.page(uow, circle.clock, circle.branch.id)
    [(member, profile, credit)] = page
    assert member.display_name == "Anna" and profile.competences == ["gardening"]
    assert (credit.pledges, credit.events, credit.calls, credit.roles) == (1, 1, 1, (("The bench", "carpenter"),))


# -- what applications and the page look like ------------------------------------------------------


class TestApplications:
    async def test_a_waiting_application_may_be_approved_or_declined_by_the_manager_only(self, everyone):
        async with everyone.db() as uow:
            application = await padrivere.apply(uow, everyone.clock, everyone.anna, everyone.branch, ["cooking"], "",
                                                "weekends", False)
            await uow.commit()
        async with everyone.db() as uow:
            facts = await padrivere.application_facts(uow, everyone.hanne, application.id)
            waiting = await padrivere.pending_applications(uow, everyone.hanne, everyone.branch.id)

        card = circle_views.application_card(facts)

        assert [a.label.msgid for a in card.allowed()] == ["Approve", "Decline"]
        assert [f.applicant.display_name for f in waiting] == ["Anna"]
        for name in ("anna", "karl", "frida"):
            with pytest.raises(Refused) as refused:
                async with everyone.db() as uow:
                    await padrivere.application_facts(uow, getattr(everyone, name), application.id)
            assert refused.value.reason.msgid == "Only the community manager can do that."

    async def test_a_decided_application_refuses_a_second_decision_with_the_use_cases_reason(self, everyone):
        async with everyone.db() as uow:
            application = await uow.padrivere.get(everyone.branch.id, everyone.frida.id)
            facts = await padrivere.application_facts(uow, everyone.hanne, application.id)

        card = circle_views.application_card(facts)
        reason = await refusal(everyone.db, lambda uow: padrivere.decide(uow, everyone.clock, everyone.hanne,
                                                                      application.id, False))

        assert card.allowed() == [] and {a.refused for a in card.actions[0]} == {reason}
        assert reason.params["name"] == "Hanne"

    async def test_the_waiting_list_says_so_when_empty(self):
        listing = circle_views.applications_listing([])

        assert listing.entries == () and listing.empty.msgid == "No applications are waiting."


class TestPadriverPage:
    async def test_a_visitor_reads_the_page_of_those_who_agreed_to_be_shown(self, everyone):
        async with everyone.db() as uow:
            hidden = await padrivere.apply(uow, everyone.clock, everyone.anna, everyone.branch, ["cooking"], "", "x",
                                           False)
            await padrivere.decide(uow, everyone.clock, everyone.hanne, hidden.id, True)
            await uow.commit()
        async with everyone.db() as uow:
            rows = await padrivere.page(uow, everyone.clock, everyone.branch.id)

        listing = circle_views.circle_listing(everyone.branch.name, rows)

        assert [e.title.params["name"] for e in listing.entries] == ["Frida"]
        assert all(e.open is None for e in listing.entries)

    async def test_a_padrivers_profile_offers_the_way_into_the_closed_group(self, everyone):
        async with everyone.db() as uow:
            profile, credit = await padrivere.profile(uow, everyone.clock, everyone.frida, everyone.branch)
            assert await padrivere.profile(uow, everyone.clock, everyone.anna, everyone.branch) is None

        card = circle_views.profile_card(everyone.frida, profile, credit, everyone.branch.id)

        [join] = card.allowed()
        assert join.invite == f"circle:{everyone.branch.id}" and card.topic == f"padriver:{everyone.frida.id}"


# -- the forms -------------------------------------------------------------------------------------


async def test_applying_saves_the_application_and_tells_the_manager(circle):
    [note] = await finish(circle, "padriver", circle.anna, dict(competences=["gardening"], other="", public=True,
                                                                  availability="Evenings"))

    async with circle.db() as uow:
        application = await uow.padrivere.get(circle.branch.id, circle.anna.id)
        told = await uow.outbox.pending_for(circle.hanne.id)
    assert application.status is ApplicationStatus.PENDING and application.availability == "Evenings"
    assert [n.kind for n in told] == [NoticeKind.PADRIVER_APPLIED] and "with the community manager" in said(note)


async def test_declining_decides_with_the_reason_given(circle):
    async with circle.db() as uow:
        application = await padrivere.apply(uow, circle.clock, circle.anna, circle.branch, ["gardening"], "", "x", True)
        await uow.commit()

    [note] = await finish(circle, "padriver_decline", circle.hanne, {"reason": "Next year!"},
                          {"application_id": application.id})

    async with circle.db() as uow:
        decided = await uow.padrivere.by_id(application.id)
    assert decided.status is ApplicationStatus.DECLINED and decided.reason == "Next year!"
    assert "declined Anna's application" in said(note)


async def test_the_list_of_competences_tells_only_the_community_manager_how_to_change_it(everyone):
    async with everyone.db() as uow:
        manager = await padrivere.is_manager(uow, everyone.hanne, everyone.branch.id)
        others = [await padrivere.is_manager(uow, getattr(everyone, n), everyone.branch.id)
                  for n in ("anna", "frida", "karl")]

    listed = padrivere.competence_list(everyone.branch)

    assert manager and not any(others)
    assert len(circle_views.competences_note(listed, True).lines) == len(listed) + 2
    assert len(circle_views.competences_note(listed, False).lines) == len(listed) + 1
