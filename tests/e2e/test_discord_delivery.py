"""Notices to members on Discord: by direct message through the real discord.py, against the local Discord, with
its rate limits and its faults; nothing lost, nothing sent twice."""

from __future__ import annotations

import asyncio

import discord
import pytest
import sqlalchemy as sa

from bots.discord import limits
from bots.discord.limits import InvalidRequests, discord_limits, guard_of
from core.model.notices import Broadcast, Notice, NoticeKind, Recipients
from dreambank.bootstrap import build
from dreambank.settings import Settings
from storage.tables import IdentityRow, NoticeRow
from tests.conftest import empty_postgres
from tests.e2e.discord_delivery_setup import a_branch, a_member, delivering, settled, statuses
from tests.standins.discord import DiscordLimits, DiscordStandIn

MESSAGES = "/channels/{channel_id}/messages"
OPEN_DM = "/users/@me/channels"


async def people(standin: DiscordStandIn, app, branch, count: int, *, first: int = 0):
    """`count` people on Discord (in the branch's server) and their members; (user ids, members)."""
    guild = standin.guild("Fjordby")
    users = [standin.user(f"person{first + i}") for i in range(count)]
    for user in users:
        standin.join(guild, user)
    members = [await a_member(app, branch, f"Person {first + i}", user) for i, user in enumerate(users)]
    return users, members


async def broadcast(app, branch, text: str) -> None:
    async with app.uow() as uow:
        await uow.broadcasts.add(Broadcast(branch.id, NoticeKind.ANNOUNCEMENT, {"text": text},
                                           Recipients("all"), app.clock.now()))
        await uow.commit()


async def tell(app, branch, member, kind: NoticeKind = NoticeKind.ROLE_GRANTED, **params) -> None:
    async with app.uow() as uow:
        await uow.outbox.put(Notice(member.id, branch.id, kind, params or {"role": "board"}, app.clock.now()))
        await uow.commit()


def texts(standin: DiscordStandIn, user: int) -> list[str]:
    return [m.get("content") or "" for m in standin.dms(user)]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request) -> str | None:
    if request.param == "sqlite":
        return None
    url = request.getfixturevalue("postgres_url")
    await empty_postgres(url)
    return url


class TestDirectMessages:
    async def test_each_member_gets_the_notice_once_in_their_dms_and_each_dm_channel_is_opened_once(
            self, tmp_path, database_url):
        async with DiscordStandIn(limits=DiscordLimits()) as standin:
            async with delivering(standin, tmp_path, database_url=database_url) as running:
                branch = await a_branch(running.app)
                users, members = await people(standin, running.app, branch, 5)
                await broadcast(running.app, branch, "The bench is built! Come and sit.")
                for member in members:
                    await tell(running.app, branch, member)
                running.wake()

                states = await settled(running.app)

            assert states == {"sent": 10}
            for user in users:
                assert sum("The bench is built! Come and sit." in t for t in texts(standin, user)) == 1
                assert len(standin.dms(user)) == 2
            assert len(standin.calls_to("POST", OPEN_DM)) == 5
            assert standin.too_many == 0

    async def test_what_a_person_wrote_pings_nobody_and_shows_as_written(self, tmp_path):
        async with DiscordStandIn() as standin:
            async with delivering(standin, tmp_path) as running:
                branch = await a_branch(running.app)
                users, _members = await people(standin, running.app, branch, 1)
                await broadcast(running.app, branch, "@everyone **free** [cake](https://evil.example)")
                running.wake()

                await settled(running.app)

            sent = standin.calls_to("POST", MESSAGES)[-1].json
            assert sent["allowed_mentions"]["parse"] == []
            assert "**free**" not in sent["content"] and "\\*\\*free\\*\\*" in sent["content"]
            assert "\\[cake]" in sent["content"]  # no masked link: the brackets show


class TestRateLimits:
    async def test_a_429_on_a_route_is_waited_out_and_the_notice_sent_once_later(self, tmp_path):
        async with DiscordStandIn(limits=DiscordLimits()) as standin:
            async with delivering(standin, tmp_path) as running:
                branch = await a_branch(running.app)
                users, _members = await people(standin, running.app, branch, 3)
                standin.fail("POST", r"^/channels/\d+/messages$", 429, times=1, retry_after=0.4)
                await broadcast(running.app, branch, "Coffee on Saturday")
                running.wake()

                states = await settled(running.app)
                notes = await reasons(running.app)

            assert states == {"sent": 3}
            assert all(texts(standin, user).count(texts(standin, user)[0]) == 1 for user in users)
            assert [len(standin.dms(user)) for user in users] == [1, 1, 1]
            assert any("429" in (n or "") for n in notes)  # it was put back with the reason, then sent
            assert len([c for c in standin.calls_to("POST", MESSAGES) if c.status == 429]) == 1

    async def test_a_global_429_pauses_every_send_for_its_retry_after(self, tmp_path):
        async with DiscordStandIn(limits=DiscordLimits()) as standin:
            async with delivering(standin, tmp_path) as running:
                branch = await a_branch(running.app)
                users, _members = await people(standin, running.app, branch, 6)
                standin.fail("POST", r"^/channels/\d+/messages$", 429, times=1, retry_after=1.0, is_global=True)
                await broadcast(running.app, branch, "Coffee on Saturday")
                running.wake()

                states = await settled(running.app)

            assert states == {"sent": 6}
            assert [len(standin.dms(user)) for user in users] == [1] * 6
            refused = next(c for c in standin.calls if c.status == 429)
            after = [c.at - refused.at for c in standin.calls if c.at > refused.at and c.ok]
            # nothing went out before the pause was over, but what was on its way as the 429 came back
            assert after and all(t < 0.05 or t >= 0.95 for t in after) and max(after) >= 0.95

    async def test_a_pace_above_discords_limit_meets_429s_and_still_loses_and_repeats_nothing(self, tmp_path):
        async with DiscordStandIn(limits=DiscordLimits(global_per_second=10)) as standin:
            async with delivering(standin, tmp_path, limits=discord_limits(40)) as running:
                branch = await a_branch(running.app)
                users, _members = await people(standin, running.app, branch, 30)
                await broadcast(running.app, branch, "Coffee on Saturday")
                running.wake()

                states = await settled(running.app, 60)

            assert standin.too_many > 0
            assert states == {"sent": 30}
            assert [len(standin.dms(user)) for user in users] == [1] * 30

    async def test_in_steady_state_the_engines_pace_meets_no_429(self, tmp_path):
        async with DiscordStandIn(limits=DiscordLimits()) as standin:
            async with delivering(standin, tmp_path, limits=discord_limits()) as running:
                branch = await a_branch(running.app)
                users, members = await people(standin, running.app, branch, 60)
                await broadcast(running.app, branch, "Coffee on Saturday")
                for member in members[:10]:  # a second notice to some: their DM channel is known by then
                    await tell(running.app, branch, member)
                running.wake()

                states = await settled(running.app, 60)

            assert states == {"sent": 70}
            assert standin.too_many == 0
            assert sum(len(standin.dms(user)) for user in users) == 70


@pytest.mark.postgres
class TestTwoDeliverers:
    @pytest.mark.timeout(300)
    async def test_two_deliverers_on_one_database_send_once_each_and_never_above_the_bots_limit(
            self, tmp_path, postgres_url):
        await empty_postgres(postgres_url)
        async with DiscordStandIn(limits=DiscordLimits()) as standin:
            first_app, second_app = [await build(Settings(data_dir=tmp_path / name, database_url=postgres_url,
                                                          secret="discord-delivery-tests-0123456789"))
                                     for name in ("first", "second")]
            try:
                async with delivering(standin, tmp_path, app=first_app, limits=discord_limits()) as one, \
                        delivering(standin, tmp_path, app=second_app, limits=discord_limits()) as two:
                    one.client.http.user_agent, two.client.http.user_agent = "first", "second"
                    branch = await a_branch(first_app)
                    users, _members = await people(standin, first_app, branch, 120)
                    await broadcast(first_app, branch, "Coffee on Saturday")
                    one.wake()
                    two.wake()

                    states = await settled(first_app, 120)
            finally:
                await first_app.close()
                await second_app.close()

            assert states == {"sent": 120}
            assert [len(standin.dms(user)) for user in users] == [1] * 120
            assert standin.too_many == 0, standin.rate_limited
            senders = {c.headers.get("User-Agent") for c in standin.calls_to("POST", MESSAGES)}
            assert len(senders) == 1  # the lease: one of them sends, the other stands by


class TestTheGuard:
    async def test_only_the_deliverers_requests_give_a_429_back_at_once_the_adapters_are_retried_by_discord_py(self):
        async with DiscordStandIn() as standin:
            user = standin.user("anna")
            with standin.pointing():
                client = discord.Client(intents=discord.Intents(guilds=True))
                guard = guard_of(client)
                await client.login(standin.token)
                try:
                    standin.fail("GET", r"^/users/\d+$", 429, times=1, retry_after=0.05)
                    answered = await client.fetch_user(user)  # as an interaction's answer would: waited out
                    standin.fail("GET", r"^/users/\d+$", 429, times=1, retry_after=0.05)
                    with limits.delivering(), pytest.raises(discord.RateLimited) as raised:
                        await client.fetch_user(user)
                finally:
                    await client.close()

            assert answered.id == user
            assert raised.value.retry_after == pytest.approx(0.05)
            assert guard.too_many == 2 and guard.invalid.recent() == 2


class TestInvalidRequests:
    async def test_past_the_stop_no_request_goes_out_until_the_oldest_refusals_leave_the_window(self, tmp_path,
                                                                                                 caplog):
        async with DiscordStandIn() as standin:
            async with delivering(standin, tmp_path) as running:
                running.channel.guard.invalid = InvalidRequests(stop_at=3, window=2.0)
                branch = await a_branch(running.app)
                users, _members = await people(standin, running.app, branch, 6)
                for user in users:
                    standin.close_dms(user)
                await broadcast(running.app, branch, "Coffee on Saturday")
                running.wake()

                states = await settled(running.app, 30)

            refused = sorted(c.at for c in standin.calls if c.status == 403)
            assert states == {"failed": 6}
            assert len(refused) == 6
            assert all(later - earlier >= 2.0 for earlier, later in zip(refused, refused[3:]))  # never 4 in 2 s
            assert any("Discord does not ban the bot" in r.getMessage() for r in caplog.records)


class TestFaults:
    async def test_closed_dms_make_the_member_unreachable_on_discord(self, tmp_path):
        async with DiscordStandIn() as standin:
            async with delivering(standin, tmp_path) as running:
                branch = await a_branch(running.app)
                users, members = await people(standin, running.app, branch, 2)
                standin.close_dms(users[0])
                await broadcast(running.app, branch, "Coffee on Saturday")
                running.wake()

                states = await settled(running.app)
                async with running.app.uow() as uow:
                    reachable = dict((await uow.session.execute(
                        sa.select(IdentityRow.external_id, IdentityRow.reachable))).all())

            assert states == {"sent": 1, "failed": 1}
            assert reachable == {str(users[0]): False, str(users[1]): True}
            assert standin.dms(users[0]) == [] and len(standin.dms(users[1])) == 1
            assert [c.response["code"] for c in standin.calls if c.status == 403] == [50007]

    async def test_closed_dms_send_the_notice_to_the_members_telegram_instead_once(self, tmp_path):
        async with DiscordStandIn() as standin:
            async with delivering(standin, tmp_path) as running:
                app = running.app
                branch = await a_branch(app)
                anna_id = standin.user("anna")
                standin.close_dms(anna_id)
                anna = await a_member(app, branch, "Anna", anna_id, telegram_id=5_000_001)
                await tell(app, branch, anna)
                running.wake()

                await until_failed(app)
                await asyncio.sleep(0.3)  # the engine looks again: Discord takes nothing more for her
                async with app.uow() as uow:
                    for_telegram = list(await uow.outbox.claim("telegram", 10, app.clock.now()))
                    await uow.commit()

            assert [d.chat_id for d in for_telegram] == ["5000001"]
            assert for_telegram[0].notice.kind is NoticeKind.ROLE_GRANTED
            assert standin.dms(anna_id) == []
            assert len([c for c in standin.calls if c.status == 403]) == 1

    @pytest.mark.parametrize("status", [500, 502, 503])
    async def test_a_server_error_is_tried_again_and_sent_once(self, tmp_path, status):
        async with DiscordStandIn() as standin:
            async with delivering(standin, tmp_path) as running:
                branch = await a_branch(running.app)
                users, _members = await people(standin, running.app, branch, 2)
                standin.fail("POST", r"^/channels/\d+/messages$", status, times=2)
                await broadcast(running.app, branch, "Coffee on Saturday")
                running.wake()

                states = await settled(running.app)

            assert states == {"sent": 2}
            assert [len(standin.dms(user)) for user in users] == [1, 1]
            assert len([c for c in standin.calls if c.status == status]) == 2  # each answered at once, not slept on

    async def test_a_dropped_connection_is_tried_again_and_sent_once(self, tmp_path):
        async with DiscordStandIn() as standin:
            async with delivering(standin, tmp_path) as running:
                branch = await a_branch(running.app)
                users, _members = await people(standin, running.app, branch, 2)
                standin.drop_connections("POST", r"^/channels/\d+/messages$", times=1)
                standin.drop_connections("POST", r"^/users/@me/channels$", times=1)
                await broadcast(running.app, branch, "Coffee on Saturday")
                running.wake()

                states = await settled(running.app)

            assert states == {"sent": 2}
            assert [len(standin.dms(user)) for user in users] == [1, 1]

    async def test_a_message_discord_refuses_is_failed_with_the_reason_and_not_tried_again(self, tmp_path):
        async with DiscordStandIn() as standin:
            async with delivering(standin, tmp_path) as running:
                branch = await a_branch(running.app)
                users, _members = await people(standin, running.app, branch, 1)
                standin.fail("POST", r"^/channels/\d+/messages$", 400, code=50035, times=1,
                             message="Invalid Form Body")
                await broadcast(running.app, branch, "Coffee on Saturday")
                running.wake()

                states = await settled(running.app)
                notes = await reasons(running.app)

            assert states == {"failed": 1}
            assert any("refused" in (n or "") and "50035" in (n or "") for n in notes)
            assert len(standin.calls_to("POST", MESSAGES)) == 1


async def until_failed(app, seconds: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not (await statuses(app)).get("failed"):
        if loop.time() > deadline:
            raise TimeoutError("no notice failed")
        await asyncio.sleep(0.05)


async def reasons(app) -> list[str | None]:
    async with app.uow() as uow:
        return list((await uow.session.execute(sa.select(NoticeRow.last_error))).scalars())

