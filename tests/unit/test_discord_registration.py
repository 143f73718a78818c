"""The Discord bot's slash commands are registered only when Discord's differ, and its lease names the bot,
never its token."""

from __future__ import annotations

import copy

import pytest

from bots.discord.app import same_commands
from bots.discord.commands import app_commands_for
from dreambank.bootstrap import discord_delivery_lease


def as_discord_keeps(commands: list[dict]) -> list[dict]:
    """What Discord answers to GET /applications/{id}/commands: ids, versions and defaults added, empty
    lists left out."""
    kept = []
    for number, command in enumerate(copy.deepcopy(commands), 1):
        command.update(id=str(1000 + number), application_id="999", version="1", default_member_permissions=None,
                       nsfw=False)
        if not command.get("options"):
            command.pop("options", None)
        kept.append(command)
    return kept


class TestSameCommands:
    def test_the_commands_as_discord_keeps_them_are_the_same(self):
        wanted = app_commands_for(["en", "nb"])

        assert same_commands(wanted, as_discord_keeps(wanted))

    def test_a_changed_description_is_a_change(self):
        wanted = app_commands_for(["en", "nb"])
        stored = as_discord_keeps(wanted)
        stored[0]["description"] += "!"

        assert not same_commands(wanted, stored)

    def test_a_missing_localization_is_a_change(self):
        wanted = app_commands_for(["en", "nb"])

        assert not same_commands(wanted, as_discord_keeps(app_commands_for(["en"])))

    def test_a_command_discord_has_beyond_ours_is_a_change(self):
        wanted = app_commands_for(["en"])
        stored = as_discord_keeps(wanted) + [{"id": "1", "name": "old", "description": "gone", "type": 1}]

        assert not same_commands(wanted, stored)

    def test_nothing_registered_yet_is_a_change(self):
        assert not same_commands(app_commands_for(["en"]), [])


class TestDeliveryLease:
    def test_the_lease_is_named_by_the_bots_id_that_the_token_begins_with(self):
        lease = discord_delivery_lease("MTE4NDc1NjI5MzQ1NzIzNjAwMA.GhT3xq.uNiTtEsTdIsCoRdToKeNpArT3_abcdefgh")

        assert lease == "discord-delivery:1184756293457236000"

    @pytest.mark.parametrize("token", ["standin-token-123", "not.base64!.x", ""])
    def test_a_token_of_another_shape_is_named_by_a_hash_and_never_shown(self, token):
        lease = discord_delivery_lease(token)

        assert lease.startswith("discord-delivery:") and len(lease) == len("discord-delivery:") + 16
        assert token not in lease.removeprefix("discord-delivery:") or not token
        assert lease == discord_delivery_lease(token) != discord_delivery_lease(token + "x")
