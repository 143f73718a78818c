"""Recusal in the console: a board member declares an interest in a dream with a reason, the others see them
recused in the tally and decide without them; and the branch admin sets the days fund reminders go out."""

from __future__ import annotations

import pytest

from .test_console_chat import chat, told

RECUSAL = """\
/as anna
/deposit
A reading bench by the library
A bench with a little shelf of books for children and grown-ups to share.
5
11
25
Some planks and a weatherproof box
yes
yes
yes
38
/as bjorn
45
The bench would stand in front of my house
/review
49
/as cecilie
/review
56
57
/as dag
61
/as bjorn
/as anna
/quit
"""

FUND_REMINDERS = """\
/as gustav
/admin
14
7, 14, 30, 60
7
/quit
"""


@pytest.fixture(scope="module")
def transcript(tmp_path_factory) -> str:
    return chat(tmp_path_factory.mktemp("recusal"), RECUSAL)


class TestRecusalInTheConsole:
    def test_a_board_member_declares_an_interest_with_a_reason_and_is_recused(self, transcript):
        bjorn = told(transcript, "bjorn")

        assert "[45] I have an interest (recuse)" in bjorn
        assert "In a line, what is your interest in this dream? The board sees it." in bjorn
        assert "You declared an interest in “A reading bench by the library” and are recused from its vote." in bjorn
        assert "[49] A reading bench by the library — You are recused" in bjorn
        assert "Votes so far: 0 approve, 0 reject, 0 ask for more — 0 of 2 (recused: 1)\n" \
               "  Bjørn declared an interest: The bench would stand in front of my house\n" \
               "  [50] Take back my interest" in bjorn

    def test_the_others_see_the_board_without_them_and_decide_by_a_majority_of_two(self, transcript):
        cecilie, dag = told(transcript, "cecilie"), told(transcript, "dag")

        assert "[56] A reading bench by the library — 0 of 2 voted" in cecilie
        assert "— 0 of 2 (recused: 1)" in cecilie
        assert "That decided it" not in cecilie  # one of two is no majority
        assert "Your vote on “A reading bench by the library” is counted.\n  That decided it; the owner has been " \
               "told." in dag

    def test_the_owner_hears_the_approval_and_the_recused_member_the_decision(self, transcript):
        assert "🎉 Your dream “A reading bench by the library” is approved and now in the bank!" in \
            told(transcript, "anna")
        assert "The board's decision on “A reading bench by the library”: Approve." in told(transcript, "bjorn")


class TestFundRemindersInTheConsole:
    def test_the_admin_types_the_days_a_list_too_long_is_asked_again_and_the_days_are_kept(self, tmp_path):
        gustav = told(chat(tmp_path, FUND_REMINDERS), "gustav")

        assert "Fund reminders (days before the deadline): 14, 3" in gustav
        assert "(Type the number as your answer; a letter presses a button.)" in gustav  # 7 is typed, not pressed
        assert "Please type one to 3 numbers of days, with commas between them, like 14, 3." in gustav
        assert "Fund reminders (days before the deadline): 7\n" in gustav
