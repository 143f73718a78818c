"""The Discord stand-in's rate limits and faults come as Discord sends them, and discord.py copes as with Discord."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import aiohttp
import discord
import pytest

from tests.standins.discord import DiscordLimits, DiscordStandIn, connected, quick_client

FAST = DiscordLimits(global_per_second=50.0, per_route=(5, 5.0), scale=1.0)


@pytest.fixture
async def raw() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def post(
    raw: aiohttp.ClientSession, standin: DiscordStandIn, channel: int, content: str = "hi"
) -> aiohttp.ClientResponse:
    response = await raw.post(
        f"{standin.api_url}/channels/{channel}/messages",
        json={"content": content},
        headers={"Authorization": f"Bot {standin.token}"},
    )
    await response.read()
    return response


class TestHeaders:
    async def test_every_answer_carries_the_buckets_headers(self, raw: aiohttp.ClientSession) -> None:
        async with DiscordStandIn(limits=FAST) as standin:
            channel = standin.text_channel(standin.guild("G"), "c")

            first = await post(raw, standin, channel)
            second = await post(raw, standin, channel)

        assert first.headers["X-RateLimit-Limit"] == "5"
        assert first.headers["X-RateLimit-Remaining"] == "4" and second.headers["X-RateLimit-Remaining"] == "3"
        assert 4.9 <= float(first.headers["X-RateLimit-Reset-After"]) <= 5.0
        assert abs(float(first.headers["X-RateLimit-Reset"]) - (time.time() + 5)) < 1
        assert first.headers["X-RateLimit-Bucket"] == second.headers["X-RateLimit-Bucket"]
        assert first.headers["Content-Type"] == "application/json"

    async def test_the_route_limit_answers_429_exactly_as_discord(self, raw: aiohttp.ClientSession) -> None:
        async with DiscordStandIn(limits=DiscordLimits(per_route=(2, 5.0))) as standin:
            guild = standin.guild("G")
            channel, other = standin.text_channel(guild, "c"), standin.text_channel(guild, "d")

            answers = [await post(raw, standin, channel) for _ in range(3)]
            elsewhere = await post(raw, standin, other)  # another channel is another bucket
            body = await answers[2].json()

        assert [a.status for a in answers] == [200, 200, 429] and elsewhere.status == 200
        refused = answers[2]
        assert body["message"] == "You are being rate limited." and body["global"] is False and body["code"] == 0
        assert 4.5 < body["retry_after"] <= 5.0
        assert refused.headers["Retry-After"] == "5" and refused.headers["Via"] == "1.1 google"
        assert refused.headers["X-RateLimit-Scope"] == "user" and refused.headers["X-RateLimit-Remaining"] == "0"
        assert "X-RateLimit-Global" not in refused.headers
        assert standin.too_many == 1 and standin.invalid_requests == 1
        assert len(standin.messages(channel)) == 2

    async def test_the_global_limit_answers_429_with_the_global_flag(self, raw: aiohttp.ClientSession) -> None:
        async with DiscordStandIn(limits=DiscordLimits(global_per_second=3.0)) as standin:
            guild = standin.guild("G")
            channels = [standin.text_channel(guild, f"c{n}") for n in range(4)]

            answers = [await post(raw, standin, channel) for channel in channels]
            body = await answers[3].json()

        assert [a.status for a in answers] == [200, 200, 200, 429]
        assert body["global"] is True and body["message"] == "You are being rate limited."
        assert (
            answers[3].headers["X-RateLimit-Global"] == "true" and answers[3].headers["X-RateLimit-Scope"] == "global"
        )
        assert answers[3].headers["Via"] == "1.1 google"
        assert [event.is_global for event in standin.rate_limited] == [True]


class TestDiscordPyReaction:
    async def test_discord_py_paces_itself_by_the_headers_and_meets_no_429(self) -> None:
        async with DiscordStandIn(limits=DiscordLimits(per_route=(2, 0.2))) as standin:
            channel = standin.text_channel(standin.guild("G"), "c")
            async with connected(quick_client(), standin) as client:
                started = time.monotonic()
                await asyncio.gather(*(client.get_channel(channel).send(f"m{n}") for n in range(5)))
                took = time.monotonic() - started

        assert standin.too_many == 0
        assert len(standin.messages(channel)) == 5
        assert took >= 0.35  # five in buckets of two per 0.2 s take two resets

    async def test_discord_py_waits_out_a_global_429_and_retries(self) -> None:
        async with DiscordStandIn(limits=DiscordLimits(global_per_second=2.0, scale=10.0)) as standin:
            guild = standin.guild("G")
            channels = [standin.text_channel(guild, f"c{n}") for n in range(3)]
            async with connected(quick_client(), standin) as client:
                await asyncio.sleep(0.11)  # a fresh global window after the client's own start
                for channel in channels:
                    await client.get_channel(channel).send("hello")

        assert standin.too_many >= 1 and all(e.is_global for e in standin.rate_limited)
        assert all(len(standin.messages(channel)) == 1 for channel in channels)

    async def test_discord_py_retries_an_injected_route_429(self) -> None:
        async with DiscordStandIn() as standin:
            channel = standin.text_channel(standin.guild("G"), "c")
            standin.fail("POST", rf"^/channels/{channel}/messages$", 429, retry_after=0.05)
            async with connected(quick_client(), standin) as client:
                await client.get_channel(channel).send("hello")

        statuses = [call.status for call in standin.calls_to("POST", "/channels/{channel_id}/messages")]
        assert statuses == [429, 200]
        assert standin.calls_to("POST", "/channels/{channel_id}/messages")[0].response["retry_after"] == 0.05

    async def test_interaction_callbacks_are_exempt_from_the_global_limit(self) -> None:
        async with DiscordStandIn(limits=DiscordLimits(global_per_second=2.0, scale=0.1)) as standin:
            guild = standin.guild("G")
            channel = standin.text_channel(guild, "c")
            anna = standin.user("anna")
            standin.join(guild, anna)
            client = quick_client()

            async def on_interaction(interaction: discord.Interaction) -> None:
                await interaction.response.send_message("ok")

            client.on_interaction = on_interaction  # type: ignore[attr-defined]
            async with connected(client, standin):
                standin.global_commands.append({"id": "1", "name": "help", "type": 1, "description": "h"})
                handles = [await standin.slash(anna, "help", channel=channel) for _ in range(3)]
                await asyncio.gather(*(handle.answered() for handle in handles))

        assert standin.too_many == 0 and len(standin.messages(channel)) == 3


class TestFaults:
    async def test_an_injected_403_50007_and_a_5xx_come_with_discords_body(self, raw: aiohttp.ClientSession) -> None:
        async with DiscordStandIn() as standin:
            channel = standin.text_channel(standin.guild("G"), "c")
            standin.fail("POST", "/messages$", 403, code=50007, message="Cannot send messages to this user")
            standin.fail("POST", "/messages$", 502)

            forbidden = await post(raw, standin, channel)
            bad_gateway = await post(raw, standin, channel)
            fine = await post(raw, standin, channel)

            assert forbidden.status == 403
            assert await forbidden.json() == {"message": "Cannot send messages to this user", "code": 50007}
            assert bad_gateway.status == 502 and (await bad_gateway.json())["code"] == 0
            assert fine.status == 200 and len(standin.messages(channel)) == 1

    async def test_a_dropped_connection_is_a_network_error_for_discord_py(self) -> None:
        async with DiscordStandIn() as standin:
            channel = standin.text_channel(standin.guild("G"), "c")
            async with connected(quick_client(), standin) as client:
                standin.drop_connections("POST", "/messages$")
                with pytest.raises(aiohttp.ClientError):
                    await client.get_channel(channel).send("lost")
                await client.get_channel(channel).send("kept")

        assert [m["content"] for m in standin.messages(channel)] == ["kept"]
        assert [c.status for c in standin.calls_to("POST", "/channels/{channel_id}/messages")] == [0, 200]

    async def test_a_missing_access_channel_is_refused_with_50001(self) -> None:
        async with DiscordStandIn() as standin:
            channel = standin.text_channel(standin.guild("G"), "c")
            standin.hide_from_bot(channel)
            async with connected(quick_client(), standin) as client:
                with pytest.raises(discord.Forbidden) as refused:
                    await client.http.send_message(channel, params=discord.http.handle_message_parameters(content="x"))

        assert refused.value.code == 50001 and refused.value.text == "Missing Access"

    async def test_too_many_invalid_requests_get_the_bot_banned(self, raw: aiohttp.ClientSession) -> None:
        async with DiscordStandIn(limits=DiscordLimits(invalid_requests_ban=3)) as standin:
            for _ in range(3):
                response = await raw.get(f"{standin.api_url}/users/@me", headers={"Authorization": "Bot wrong"})
                assert response.status == 401
            banned = await raw.get(f"{standin.api_url}/users/@me", headers={"Authorization": f"Bot {standin.token}"})
            text = await banned.text()

            assert standin.invalid_requests >= 3
            assert banned.status == 429 and "Via" not in banned.headers and "Error 1015" in text

            with standin.pointing(), pytest.raises(discord.HTTPException) as refused:
                client = quick_client()
                try:
                    await client.login(standin.token)
                finally:
                    await client.close()

        assert refused.value.status == 429  # discord.py does not retry a 429 without Via

    async def test_unknown_routes_and_methods_are_404_and_405(self, raw: aiohttp.ClientSession) -> None:
        async with DiscordStandIn() as standin:
            headers = {"Authorization": f"Bot {standin.token}"}
            missing = await raw.get(f"{standin.api_url}/nothing/here", headers=headers)
            wrong = await raw.delete(f"{standin.api_url}/users/@me", headers=headers)

            assert missing.status == 404 and await missing.json() == {"message": "404: Not Found", "code": 0}
            assert wrong.status == 405 and await wrong.json() == {"message": "405: Method Not Allowed", "code": 0}


class TestCounting:
    async def test_max_rate_and_duplicates_tell_what_a_broadcast_did(self, raw: aiohttp.ClientSession) -> None:
        async with DiscordStandIn(limits=DiscordLimits(global_per_second=4.0, scale=10.0)) as standin:
            guild = standin.guild("G")
            channels = [standin.text_channel(guild, f"c{n}") for n in range(6)]

            statuses = [(await post(raw, standin, channel, "news")).status for channel in channels]
            await asyncio.sleep(0.1)
            again = await post(raw, standin, channels[0], "news")

            assert statuses.count(200) == 4 and statuses.count(429) == 2
            assert again.status == 200
            assert standin.max_rate(window=0.1) == 4
            assert standin.duplicates() == {(channels[0], ("news", "[]")): 2}
            assert standin.sent_count == 5
