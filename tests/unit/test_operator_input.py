"""What an operator types for a branch, a role, a chat or an audience is checked in core, kindly."""

import pytest

from core.errors import Refused
from core.i18n import LANGUAGES, translate
from core.model.branches import (ChatPurpose, check_chat_address, check_chat_role, check_language, check_slug,
                                 check_timezone, parse_quorum)
from core.model.members import Role, parse_role
from core.model.notices import Recipients
from core.usecases.audiences import audience_in
from tests.factories import make_village


def refusal(check, *args) -> str:
    with pytest.raises(Refused) as refused:
        check(*args)
    return translate(refused.value.reason, "en")


class TestBranchSettings:
    @pytest.mark.parametrize("slug", ["bad slug!", "Fjordby", "-fjordby", "fjord--by", "", "æsel", "a" * 41])
    def test_a_slug_is_lower_case_letters_digits_and_hyphens(self, slug):
        assert "cannot be a branch's short name" in refusal(check_slug, slug)

    @pytest.mark.parametrize("slug", ["signin", "static", "healthz", "unsubscribe"])
    def test_a_slug_the_portal_uses_for_itself_is_refused(self, slug):
        assert "the web portal uses for itself" in refusal(check_slug, slug)

    @pytest.mark.parametrize("slug", ["fjordby", "nordre-aker", "oslo2"])
    def test_good_slugs_pass(self, slug):
        assert check_slug(slug) == slug

    @pytest.mark.parametrize("zone", ["Mars/Base", "", "../etc/passwd"])
    def test_an_unknown_time_zone_is_named_plainly(self, zone):
        assert refusal(check_timezone, zone) == (f"“{zone}” is not a time zone I know; use a name like Europe/Oslo "
                                                 "or America/New_York.")

    def test_a_language_without_a_catalog_is_refused(self):
        offered = refusal(check_language, "de")

        assert offered == f"“de” is not a language I speak yet; choose one of {', '.join(LANGUAGES)}."
        assert {"en", "nb", "da", "nl"} <= set(LANGUAGES)

    @pytest.mark.parametrize("rule", ["loudest", "approvals:0", "approvals:", "approvals:-2"])
    def test_a_quorum_rule_is_majority_or_a_positive_number_of_approvals(self, rule):
        assert "is not a quorum rule" in refusal(parse_quorum, rule)


class TestChatAddress:
    @pytest.mark.parametrize("chat_id", ["abc", "12345", "-", "-0", "-12a", " -100"])
    def test_a_telegram_group_is_a_negative_number(self, chat_id):
        assert "is not a Telegram group or channel" in refusal(check_chat_address, "telegram", chat_id)

    def test_an_unknown_platform_is_refused(self):
        assert "is not a platform with group chats" in refusal(check_chat_address, "myspace", "-100")

    def test_a_supergroup_id_passes(self):
        assert check_chat_address("telegram", "-1001234567890") == ("telegram", "-1001234567890")


    @pytest.mark.parametrize("chat_id", ["abc", "-1001234", "0123", "12 34", "1" * 21])
    def test_a_discord_channel_is_a_positive_number(self, chat_id):
        assert "is not a Discord channel or category" in refusal(check_chat_address, "discord", chat_id)

    def test_a_discord_snowflake_passes(self):
        assert check_chat_address("discord", "1234567890123456789") == ("discord", "1234567890123456789")


class TestChatRole:
    def test_the_discord_circle_needs_the_role_that_opens_its_category(self):
        assert "Name the role that opens" in refusal(check_chat_role, "discord", ChatPurpose.CIRCLE, "")
        assert check_chat_role("discord", ChatPurpose.CIRCLE, "987654321098765432") == "987654321098765432"

    def test_a_discord_board_may_go_without_a_role_but_not_with_a_wrong_one(self):
        assert check_chat_role("discord", ChatPurpose.BOARD, "") == ""
        assert "“<@&12>” is not a role's id" in refusal(check_chat_role, "discord", ChatPurpose.BOARD, "<@&12>")

    def test_telegram_takes_no_role(self):
        assert check_chat_role("telegram", ChatPurpose.CIRCLE, "") == ""
        assert "not opened by a role" in refusal(check_chat_role, "telegram", ChatPurpose.CIRCLE, "42")


class TestRoles:
    def test_a_role_is_read_whatever_its_case(self):
        assert parse_role("Padriver") is Role.PADRIVER

    def test_an_unknown_role_names_the_roles_there_are(self):
        assert refusal(parse_role, "wizard") == ("“wizard” is not a role; choose one of board, bank_manager, "
                                                 "community_manager, consultant, padriver, admin.")


class TestAudiences:
    @pytest.mark.parametrize("text", ["role:wizard", "followers:abc", "followers:0", "call:-1", "followers:", "all:x"])
    def test_an_audience_that_names_no_one_is_not_parsed(self, text):
        with pytest.raises(ValueError):
            Recipients.parse(text)

    async def test_followers_of_a_dream_that_is_not_in_the_branch_are_refused(self, db):
        village = await make_village(db)

        async with db() as uow:
            with pytest.raises(Refused) as refused:
                await audience_in(uow, village.branch.id, "followers:999")

        assert translate(refused.value.reason, "nb") == ("Det finnes ingen drøm nummer 999 i denne filialen, så den "
                                                         "har ingen følgere.")

    async def test_a_role_audience_is_checked_and_read(self, db):
        village = await make_village(db)

        async with db() as uow:
            with pytest.raises(Refused) as refused:
                await audience_in(uow, village.branch.id, "role:wizard")
            padrivere = await audience_in(uow, village.branch.id, "role:padriver")

        assert "“wizard” is not a role" in translate(refused.value.reason, "en")
        assert padrivere == Recipients("role", "padriver")
