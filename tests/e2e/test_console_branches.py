"""Branches in the `dreambank chat` program: one opened in chat by the demo's operator, chosen at the start, joined
by its link, changed with /branch, and a setting changed by the admin and refused to a resident."""

from __future__ import annotations

import pytest

from tests.e2e.test_console_chat import chat, told

BRANCHES = """\
/as gustav
/newbranch elvdal Elvdal en Europe/Oslo
/as kari
/start
1
/whoami
/as liv
/start b-elvdal
/whoami
/as anna
/start b-elvdal
6
/whoami
/as gustav
/admin
12
12
/as frida
/admin
/quit
"""


@pytest.fixture(scope="module")
def transcript(tmp_path_factory) -> str:
    return chat(tmp_path_factory.mktemp("branches"), BRANCHES)


class TestBranchesInTheConsole:
    def test_the_demo_s_operator_opens_a_branch(self, transcript):
        assert "The branch Elvdal is open (elvdal, English, Europe/Oslo)." in told(transcript, "gustav")

    def test_a_newcomer_chooses_a_branch_at_the_start(self, transcript):
        kari = told(transcript, "kari")

        assert "Is another branch where you live?" in kari
        assert "Welcome to Elvdal! It is your home branch now." in kari
        assert "You are Kari, in the branch Elvdal." in kari

    def test_a_newcomer_by_the_branch_s_link_is_in_that_branch_without_being_asked(self, transcript):
        liv = told(transcript, "liv")

        assert "Welcome to the dream bank of Elvdal, Liv!" in liv
        assert "Is another branch" not in liv
        assert "You are Liv, in the branch Elvdal." in liv

    def test_a_member_arriving_by_another_branch_s_link_moves_after_saying_so(self, transcript):
        anna = told(transcript, "anna")

        assert "Would you like Elvdal to be your home branch instead?" in anna
        assert "You are Anna, in the branch Elvdal." in anna

    def test_the_admin_changes_a_setting_and_a_resident_is_refused(self, transcript):
        assert "Stall period (days): 12" in told(transcript, "gustav")
        assert "Only the branch's admins can change its settings and roles." in told(transcript, "frida")
