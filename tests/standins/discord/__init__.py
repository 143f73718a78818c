"""A local Discord for one bot, served over real HTTP and a real websocket on 127.0.0.1.

Point the real discord.py at it and test a bot end to end without Discord::

    async with DiscordStandIn() as standin:
        guild = standin.guild("Fjordby")
        board = standin.text_channel(guild, "board")
        anna = standin.user("anna", locale="no")
        standin.join(guild, anna)
        async with connected(quick_client(), standin) as client:
            ...
            handle = await standin.slash(anna, "dream deposit")
            await handle.answered()

It speaks Discord's REST API (under ``api_url``, discord.py's ``Route.BASE``) and its gateway (HELLO,
IDENTIFY, READY, GUILD_CREATE, heartbeats, RESUME, and the dispatch each REST write causes), answers
interactions (the callback within 3 s, once; followups with the token for 15 minutes), validates what
Discord validates (lengths in code points, embeds, components, modals, commands) with its codes, and
records every call. With ``limits=DiscordLimits(...)`` it enforces Discord's rate limits, with its
headers and 429s. Faults are injected with ``fail`` and ``drop_connections``.

Set-up: ``guild``, ``text_channel``, ``forum_channel`` (with tags), ``category`` (role-gated), ``role``,
``user`` (with a Discord locale), ``join``, ``close_dms``, ``hide_from_bot``. People write (``say``) and act
with ``slash``, ``press``, ``choose`` and ``submit`` (each returns an InteractionHandle to await
``answered()`` on). Read
back with ``messages``, ``dms``, ``threads``, ``member_roles``, ``can_see``, ``scheduled_events``,
``commands``, ``calls``/``calls_to``, ``too_many``, ``rate_limited``, ``invalid_requests``, ``max_rate``,
``duplicates``. The gateway can be dropped (``disconnect_gateway``), asked to reconnect
(``request_reconnect``) or invalidated (``invalidate_session``).

The modules, by concept: ``standin`` (life cycle, the HTTP front, faults, waiting) with ``world`` (what a
test sets up), ``acting`` and ``interaction`` (what people do and what the bot answered), ``reading``;
``messaging`` (messages and their dispatches); ``endpoints_*`` (the REST routes); ``gateway``;
``limits`` (rate limits); ``validation`` (Discord's checks); ``records`` (calls and refusals);
``clients`` (running discord.py against it).
"""

from tests.standins.discord import (  # noqa: F401 - each registers the routes it serves
    endpoints_channels,
    endpoints_commands,
    endpoints_guilds,
    endpoints_interactions,
    endpoints_messages,
    endpoints_users,
)
from tests.standins.discord.clients import connected, quick_client
from tests.standins.discord.interaction import InteractionHandle
from tests.standins.discord.limits import DiscordLimits, TooMany
from tests.standins.discord.records import Call, Crash, DiscordError, StandInCrashed, Upload
from tests.standins.discord.standin import DiscordStandIn

__all__ = [
    "Call",
    "Crash",
    "DiscordError",
    "DiscordLimits",
    "DiscordStandIn",
    "InteractionHandle",
    "StandInCrashed",
    "TooMany",
    "Upload",
    "connected",
    "quick_client",
]
