"""Discord's limits for the engine, and the count of refused requests that stops a bot before Discord bans it."""

from __future__ import annotations

import asyncio

import pytest

from bots.discord.limits import STOP_AT, InvalidRequests, TooManyInvalidRequests, discord_limits
from digests.delivery.pacing import Pacer


class Clock:
    def __init__(self) -> None:
        self.at = 1000.0

    def __call__(self) -> float:
        return self.at


class TestDiscordLimits:
    def test_the_global_limit_is_the_setting_and_a_channel_gets_one_message_a_second(self):
        limits = discord_limits(40.0)

        assert limits.per_second == 40.0
        assert limits.per_chat_per_second == 1.0
        # a guild's channel: Discord's bucket for a channel's messages holds five in five seconds
        assert limits.per_group_per_minute / 60 <= 5 / 5

    def test_by_default_the_pace_is_discords_fifty_a_second(self):
        assert discord_limits().per_second == 50.0


class TestInvalidRequests:
    def test_only_401_403_and_429_count(self):
        invalid = InvalidRequests(stop_at=3, now=Clock())

        for status in (200, 204, 400, 404, 500, 401, 403, 429):
            invalid.add(status)

        assert invalid.recent() == 3 and invalid.total == 3

    def test_sending_stops_at_the_limit_and_resumes_when_the_oldest_leave_the_window(self):
        clock = Clock()
        invalid = InvalidRequests(stop_at=3, window=600.0, now=clock)
        for step in range(3):
            invalid.add(403)
            clock.at += 10.0 * (step + 1)  # refused at 1000, 1010 and 1030

        assert invalid.stopped()
        assert invalid.seconds_left() == pytest.approx(1000 + 600 - clock.at)
        clock.at = 1600.5

        assert not invalid.stopped() and invalid.seconds_left() == 0.0
        assert invalid.recent() == 2

    def test_below_the_limit_there_is_no_wait(self):
        invalid = InvalidRequests(stop_at=3, now=Clock())
        invalid.add(429)
        invalid.add(429)

        assert not invalid.stopped() and invalid.seconds_left() == 0.0

    def test_the_stop_is_a_tenth_of_discords_ban_threshold(self):
        assert STOP_AT * 10 <= 10_000
        assert InvalidRequests().window == 600.0

    def test_the_error_says_what_happened_and_how_long_it_waits(self):
        error = TooManyInvalidRequests(1000, 42.0)

        assert "1000 requests" in str(error) and "42 s" in str(error) and "10,000" in str(error)


class TestPacingAPrivateChatsOpening:
    async def test_opening_a_dm_channel_takes_a_slot_of_the_bots_limit_but_none_of_the_persons(self):
        pacer = Pacer(discord_limits(1000).scaled(10))  # one message to a person every 0.1 s
        loop = asyncio.get_running_loop()

        started = loop.time()
        await pacer.wait(None, False)  # opening the DM channel
        await pacer.wait("anna", False)  # the message
        opened_then_sent = loop.time() - started
        await pacer.wait("anna", False)  # a second message to her
        second = loop.time() - started

        assert opened_then_sent < 0.05
        assert second >= 0.1

    async def test_a_request_without_a_chat_still_waits_for_the_bots_limit(self):
        pacer = Pacer(discord_limits(20))
        loop = asyncio.get_running_loop()

        started = loop.time()
        for _ in range(5):
            await pacer.wait(None, False)

        assert loop.time() - started >= 4 / 20 - 0.02  # the first may go a moment early: the pacer catches up
