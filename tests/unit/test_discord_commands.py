"""Slash commands on Discord: every core command reachable, typed as core reads it, and registered with
names and descriptions Discord accepts in every catalog language."""

from collections import Counter
import pytest

from bots.discord.commands import (COMMAND_GROUPS, NOT_ON_DISCORD, SUB_COMMAND, app_commands_for, command_of,
                                   command_text, discord_locale, localized_name, valid_name)
from core.chat.commands import COMMANDS
from core.i18n import LANGUAGES, Text, _, translate

ALL = list(LANGUAGES)


def walk(commands):
    """Every command, sub-command and option, with the list it sits in."""
    for command in commands:
        yield command, commands
        for option in command.get("options", []):
            yield from walk([option]) if option.get("type") == SUB_COMMAND else [(option, command["options"])]


class TestReach:
    def test_every_core_command_but_start_has_a_slash_command(self):
        reached = {slash.command for slash in COMMAND_GROUPS.values()}

        assert set(COMMANDS) - NOT_ON_DISCORD <= reached
        assert "connect" in reached  # linking a Telegram account

    def test_each_slash_command_types_its_core_command(self):
        for path, slash in COMMAND_GROUPS.items():
            needed = {o.name: 7 for o in slash.options if o.required}
            assert command_text(path, needed).split()[0] == "/" + slash.command


class TestCommandText:
    @pytest.mark.parametrize("path, options, text", [
        ("dream deposit", {}, "/deposit"),
        ("dream mine", {}, "/mydreams"),
        ("dream show", {"number": 12}, "/dream 12"),
        ("dream audit", {"number": 3}, "/audit 3"),
        ("link", {"purpose": "circle"}, "/link circle"),
        ("competences", {"change": "add", "name": "Baking\n  bread"}, "/competences add Baking bread"),
        ("competences", {}, "/competences"),
        ("email", {"address": " anna@example.org "}, "/email anna@example.org"),
        ("connect", {"code": "K7QX2M9P"}, "/connect K7QX2M9P"),
        ("/bank", None, "/bank"),
        ("bank", {"page": 2}, "/bank 2"),
        ("projects", {"page": 3}, "/projects 3"),
        ("archive", {"page": 2}, "/archive 2"),
        ("events", {"page": 2}, "/events 2"),
        ("nonsense", {"x": 1}, "/nonsense"),
    ])
    def test_options_become_the_arguments_core_reads(self, path, options, text):
        assert command_text(path, options) == text

    def test_an_interactions_data_names_the_path_and_its_options(self):
        data = {"id": "1", "name": "dream", "type": 1,
                "options": [{"type": SUB_COMMAND, "name": "show",
                             "options": [{"type": 4, "name": "number", "value": 12}]}]}

        assert command_of(data) == ("dream show", {"number": 12})
        assert command_of({"name": "bank"}) == ("bank", {})
        assert command_text(*command_of(data)) == "/dream 12"


class TestRegistration:
    def test_every_name_and_description_is_valid_in_every_language(self):
        commands = app_commands_for(ALL)

        assert 0 < len(commands) <= 100
        for item, _siblings in walk(commands):
            names = [item["name"], *item.get("name_localizations", {}).values()]
            assert all(valid_name(n) for n in names), names
            descriptions = [item["description"], *item.get("description_localizations", {}).values()]
            assert all(0 < len(d) <= 100 for d in descriptions), descriptions
            assert len(item.get("options", [])) <= 25
            for choice in item.get("choices", []):
                assert all(0 < len(n) <= 100 for n in [choice["name"], *choice.get("name_localizations", {}).values()])

    def test_names_are_unique_among_their_siblings_in_every_locale(self):
        commands = app_commands_for(ALL)
        locales = {discord_locale(lang) for lang in ALL} - {None}

        for _item, siblings in walk(commands):
            assert len({s["name"] for s in siblings}) == len(siblings)
            for locale in locales:
                shown = Counter(s.get("name_localizations", {}).get(locale, s["name"]) for s in siblings)
                assert max(shown.values()) == 1, (locale, shown)

    def test_localizations_come_from_the_catalogs_under_discords_locale_codes(self):
        [dream] = [c for c in app_commands_for(ALL) if c["name"] == "dream"]
        deposit = next(o for o in dream["options"] if o["name"] == "deposit")

        locales = {discord_locale(language): language for language in ALL if language != "en"}
        assert dream["name_localizations"] == {
            locale: translate(_("/dream"), language).lstrip("/") for locale, language in locales.items()}
        assert deposit["description"] == "deposit a dream"
        assert deposit["description_localizations"] == {
            locale: translate(_("deposit a dream"), language) for locale, language in locales.items()}
        assert discord_locale("nb") == "no" and discord_locale("da") == "da" and discord_locale("en") is None
        assert discord_locale("nl") == "nl"

    def test_commands_work_in_servers_and_in_dms(self):
        for command in app_commands_for(ALL):
            assert command["type"] == 1 and command["contexts"] == [0, 1] and command["dm_permission"] is True

    def test_only_the_default_language_leaves_commands_unlocalized(self):
        commands = app_commands_for(["en"])

        assert not any("name_localizations" in item or "description_localizations" in item
                       for item, _s in walk(commands))

    def test_a_name_the_catalog_gives_invalid_is_left_in_english(self):
        assert localized_name(Text("/dream deposit"), "deposit", "en") is None  # the same as the default
        assert localized_name(Text("/Drøm Innskudd"), "deposit", "en") == "innskudd"  # lower-cased
        assert localized_name(Text("/drøm legg inn?"), "deposit", "en") is None
        assert localized_name(Text(""), "deposit", "en") is None

    @pytest.mark.parametrize("name, ok", [("drøm", True), ("nytt-arrangement", True), ("Drøm", False),
                                          ("two words", False), ("", False), ("x" * 33, False), ("hvem?", False)])
    def test_what_discord_takes_as_a_name(self, name, ok):
        assert valid_name(name) is ok

