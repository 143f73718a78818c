"""Newsletters: sent now or at a chosen time, to everyone, the pådrivere or a project's followers."""

from __future__ import annotations

from datetime import timedelta


from core.model.newsletters import NewsletterStatus
from core.model.notices import NoticeKind, Recipients
from core.model.projects import Project
from core.usecases import newsletters
from tests.unit.circle import make_padriver, notices_of, refused


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
