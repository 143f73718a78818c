"""Funds in the console: the admin registers one (a wrong link asked again), the owners of a matching dream and a
matching project hear of it, a member sees it in /funds and may not register one, and the admin removes it."""

from __future__ import annotations

import pytest

from .test_console_chat import chat, told

FUNDS = """\
/as gustav
/newfund
Fjordby Sparebank Fund
Fjordby Sparebank
bench, garden
5000
50000
2099-06-30
javascript:alert(1)
https://example.org/apply
7
/as frida
/as anna
/funds
13
/newfund
/as gustav
/funds
15
19
20
/quit
"""


@pytest.fixture(scope="module")
def transcript(tmp_path_factory) -> str:
    return chat(tmp_path_factory.mktemp("funds"), FUNDS)


class TestFundsInTheConsole:
    def test_the_admin_registers_a_fund_and_a_link_that_is_no_web_address_is_asked_again(self, transcript):
        gustav = told(transcript, "gustav")

        assert "Please give a web address that starts with https:// (or http://)." in gustav
        assert "“Fjordby Sparebank Fund” is registered, and 2 people with a matching dream or project are told." \
            in gustav

    def test_the_owners_of_the_matching_dream_and_project_are_told(self, transcript):
        assert "📬 Your dream “A bench by the fjord” may fit this fund:" in told(transcript, "frida")
        anna = told(transcript, "anna")
        assert "📬 Your project “A garden for the whole street” may fit this fund:" in anna
        assert "Read more and apply: https://example.org/apply" in anna

    def test_a_member_sees_the_open_fund_but_may_not_register_one(self, transcript):
        anna = told(transcript, "anna")

        assert "[13] Fjordby Sparebank Fund — Apply by: 2099-06-30" in anna
        assert "Only the branch's consultants, admins and community manager can do that." in anna
        assert "Register a fund" not in anna

    def test_the_admin_removes_the_fund_after_saying_yes(self, transcript):
        gustav = told(transcript, "gustav")

        assert "Remove “Fjordby Sparebank Fund” from the funds?" in gustav
        assert "“Fjordby Sparebank Fund” is removed from the funds." in gustav
        assert "is removed from the funds.\n  Funds you can apply to:\n  No funds are open right now." in gustav
