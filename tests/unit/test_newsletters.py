"""Newsletters: sent now or at a chosen time, to everyone, the pådrivere or a project's followers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.errors import Refused
from core.model.newsletters import NewsletterStatus
from core.model.notices import NoticeKind, Recipients
from core.model.projects import Project
from core.usecases import newsletters
from core.views import newsletters as newsletter_views
from core.views.actions import Action
from tests.unit.circle import finish, local, make_padriver, notices_of, offered, refusal, refused, said


async def test_a_newsletter_sent_now_is_one_broadcast_with_its_picture(circle):
    await make_padriver(circle, "anna")
    async with circle.db() as uow:
        letter = await newsletters.compose(uow, circle.clock, circle.hanne, circle.branch, "Spring news!",
                                           {"url": "https://example.org/spring.jpg"}, Recipients("role", "padriver"),
                                           None)
        await uow.commit()
    assert letter.status is NewsletterStatus.SENT and letter.broadcast_id
    [told] = await notices_of(circle.db, circle.anna.id, NoticeKind.NEWSLETTER)
    assert told.params["text"] == "Spring news!" and told.params["image"] == {"url": "https://example.org/spring.jpg"}


async def test_a_scheduled_newsletter_goes_out_once_when_its_time_comes(circle):
    async with circle.db() as uow:
        letter = await newsletters.compose(uow, circle.clock, circle.hanne, circle.branch, "Later news",
                                           {}, Recipients("all"), circle.clock.now() + timedelta(hours=2))
        await uow.commit()
    assert letter.status is NewsletterStatus.SCHEDULED
    async with circle.db() as uow:
        assert await newsletters.release_due(uow, circle.clock) == []
    circle.clock.advance(hours=2)
    async with circle.db() as uow:
        assert [n.id for n in await newsletters.release_due(uow, circle.clock)] == [letter.id]
        await uow.commit()
    async with circle.db() as uow:
        assert await newsletters.release_due(uow, circle.clock) == []
    assert len(await notices_of(circle.db, circle.frida.id, NoticeKind.NEWSLETTER)) == 1


async def test_a_scheduled_newsletter_can_be_called_off(circle):
    async with circle.db() as uow:
        letter = await newsletters.compose(uow, circle.clock, circle.hanne, circle.branch, "Oops", {},
                                           Recipients("all"), circle.clock.now() + timedelta(hours=2))
        await newsletters.cancel(uow, circle.clock, circle.hanne, letter.id)
        await uow.commit()
    circle.clock.advance(hours=3)
    async with circle.db() as uow:
        assert await newsletters.release_due(uow, circle.clock) == []


async def test_a_newsletter_to_a_projects_followers(circle):
    dream_id = await circle.deposit()
    async with circle.db() as uow:
        project = await uow.projects.add(Project(dream_id, circle.branch.id, "The bench", circle.anna.id,
                                                 circle.clock.now()))
        await uow.projects.follow(dream_id, circle.frida.id)
        recipients = await newsletters.audience_of(uow, circle.branch, "followers", project.id)
        letter = await newsletters.compose(uow, circle.clock, circle.hanne, circle.branch, "Bench news", {},
                                           recipients, None)
        await uow.commit()
        assert recipients == Recipients("followers", str(dream_id))
    assert await notices_of(circle.db, circle.frida.id, NoticeKind.NEWSLETTER)
    assert not await notices_of(circle.db, circle.bjorn.id, NoticeKind.NEWSLETTER)
    assert letter.broadcast_id


async def test_only_the_community_manager_sends_newsletters(circle):
    async with circle.db() as uow:
        with refused("Only the community manager"):
            await newsletters.compose(uow, circle.clock, circle.anna, circle.branch, "Hi", {}, Recipients("all"), None)


# -- what a newsletter looks like -------------------------------------------------------------------


async def a_newsletter(v, send_in: timedelta | None = None):
    async with v.db() as uow:
        letter = await newsletters.compose(uow, v.clock, v.hanne, v.branch, "Spring!", {}, Recipients("all"),
                                           v.clock.now() + send_in if send_in else None)
        await uow.commit()
    return letter.id


async def newsletter_card(v, viewer, letter_id: int):
    async with v.db() as uow:
        letter, progress = await newsletters.progress(uow, viewer, letter_id)
    return newsletter_views.newsletter_card(letter, progress, v.branch.timezone)


class TestNewsletterCard:
    async def test_a_scheduled_newsletter_may_still_be_stopped(self, everyone):
        card = await newsletter_card(everyone, everyone.hanne, await a_newsletter(everyone, timedelta(days=1)))

        assert offered(card) == {Action.CANCEL_NEWSLETTER}

    async def test_a_sent_one_refuses_stopping_with_the_use_cases_reason_and_may_be_refreshed(self, everyone):
        letter_id = await a_newsletter(everyone)

        card = await newsletter_card(everyone, everyone.hanne, letter_id)

        assert offered(card) == {Action.NEWSLETTER_PROGRESS}
        assert card.act(Action.CANCEL_NEWSLETTER).refused == await refusal(
            everyone.db, lambda uow: newsletters.cancel(uow, everyone.clock, everyone.hanne, letter_id))

    @pytest.mark.parametrize("name", ["anna", "frida", "karl"])
    async def test_only_the_community_manager_reads_how_far_one_got(self, everyone, name):
        letter_id = await a_newsletter(everyone)

        with pytest.raises(Refused) as refused:
            await newsletter_card(everyone, getattr(everyone, name), letter_id)

        assert refused.value.reason.msgid == "Only the community manager can do that."

    async def test_newsletters_are_listed_newest_first_each_opening_its_card(self, everyone):
        first, second = await a_newsletter(everyone), await a_newsletter(everyone)

        async with everyone.db() as uow:
            listing = newsletter_views.newsletters_listing(await newsletters.recent(uow, everyone.hanne,
                                                                                   everyone.branch.id, 100))

        assert [e.open.args for e in listing.entries] == [(str(second),), (str(first),)]


# -- the form --------------------------------------------------------------------------------------


async def test_a_newsletter_for_later_is_scheduled_and_shown_with_a_way_to_stop_it(circle):
    note, card = await finish(circle, "newsletter", circle.hanne, dict(text="Spring!", image=None, audience="all",
                                                                         send_at=local(circle, 1)))

    async with circle.db() as uow:
        [letter] = await uow.newsletters.recent(circle.branch.id, 5)
    assert letter.status is NewsletterStatus.SCHEDULED and "will go out" in said(note)
    assert card.act(Action.CANCEL_NEWSLETTER).allowed
