"""The quorum rules decide a review from the board's votes."""

import pytest

from core.model.branches import QuorumKind, QuorumRule
from core.model.quorum import Tally, Verdict, decide
from core.model.reviews import Choice

A, R, I = Choice.APPROVE, Choice.REJECT, Choice.MORE_INFO
MAJORITY = QuorumRule()
TWO_APPROVALS = QuorumRule(QuorumKind.APPROVALS, 2)


class TestMajority:
    def test_two_of_three_approvals_approve(self):
        assert decide(MAJORITY, 3, Tally.of([A, A])) == Verdict(A)

    def test_one_vote_of_three_decides_nothing(self):
        assert decide(MAJORITY, 3, Tally.of([A])) == Verdict()

    def test_two_of_four_is_not_a_majority(self):
        assert decide(MAJORITY, 4, Tally.of([A, A])) == Verdict()

    def test_two_two_split_of_four_is_a_tie(self):
        assert decide(MAJORITY, 4, Tally.of([A, A, R, R])) == Verdict(tied=True)

    def test_three_way_split_is_a_tie_once_no_majority_is_possible(self):
        assert decide(MAJORITY, 3, Tally.of([A, R, I])) == Verdict(tied=True)

    def test_two_of_three_asking_for_more_information_asks(self):
        assert decide(MAJORITY, 3, Tally.of([I, A, I])) == Verdict(I)

    def test_rejections_by_a_majority_reject(self):
        assert decide(MAJORITY, 5, Tally.of([R, R, A, R])) == Verdict(R)

    def test_an_empty_board_is_left_to_the_bank_manager(self):
        assert decide(MAJORITY, 0, Tally()) == Verdict(tied=True, unseated=True)


class TestApprovals:
    def test_reaching_the_number_of_approvals_approves(self):
        assert decide(TWO_APPROVALS, 5, Tally.of([A, R, A])) == Verdict(A)

    def test_rejects_once_approval_can_no_longer_be_reached(self):
        assert decide(TWO_APPROVALS, 3, Tally.of([R, R])) == Verdict(R)

    def test_asks_for_more_when_that_outweighs_rejection(self):
        assert decide(TWO_APPROVALS, 3, Tally.of([I, I])) == Verdict(I)

    def test_waits_while_approval_is_still_possible(self):
        assert decide(TWO_APPROVALS, 4, Tally.of([R, R])) == Verdict()

    def test_an_even_split_of_reject_and_more_is_a_tie_when_all_voted(self):
        assert decide(TWO_APPROVALS, 3, Tally.of([R, I, A])) == Verdict(tied=True)

    def test_needs_no_more_approvals_than_there_are_board_members(self):
        assert decide(QuorumRule(QuorumKind.APPROVALS, 5), 2, Tally.of([A, A])) == Verdict(A)

    def test_a_rule_of_zero_approvals_is_refused(self):
        with pytest.raises(ValueError):
            QuorumRule(QuorumKind.APPROVALS, 0)


class TestRecused:
    """The rule is reckoned over the board less those recused; their votes are never in the tally."""

    def test_a_majority_of_those_left_decides_where_it_would_not_of_the_whole_board(self):
        assert decide(MAJORITY, 4, Tally.of([A, A])) == Verdict()
        assert decide(MAJORITY, 4, Tally.of([A, A]), recused=1) == Verdict(A)

    def test_a_split_of_those_left_is_a_tie_for_the_bank_manager(self):
        assert decide(MAJORITY, 3, Tally.of([A, R]), recused=1) == Verdict(tied=True)

    def test_approvals_needed_are_capped_by_those_left(self):
        assert decide(TWO_APPROVALS, 3, Tally.of([A]), recused=2) == Verdict(A)

    def test_approvals_that_can_no_longer_be_reached_by_those_left_reject(self):
        three = QuorumRule(QuorumKind.APPROVALS, 3)
        assert decide(three, 4, Tally.of([R])) == Verdict()
        assert decide(three, 4, Tally.of([R]), recused=1) == Verdict(R)

    @pytest.mark.parametrize("rule", [MAJORITY, TWO_APPROVALS], ids=["majority", "approvals"])
    def test_with_everyone_recused_nothing_is_decided_and_it_is_left_to_the_bank_manager(self, rule):
        assert decide(rule, 3, Tally(), recused=3) == Verdict(tied=True, unseated=True)

    @pytest.mark.parametrize("rule", [MAJORITY, TWO_APPROVALS], ids=["majority", "approvals"])
    def test_one_left_decides_alone(self, rule):
        assert decide(rule, 3, Tally.of([A]), recused=2) == Verdict(A)
        assert decide(rule, 3, Tally.of([R]), recused=2) == Verdict(R)


class TestParsing:
    @pytest.mark.parametrize("text", ["majority", "approvals:3"])
    def test_rules_read_back_what_they_describe(self, text):
        assert QuorumRule.parse(text).describe() == text

    def test_an_unknown_rule_is_refused(self):
        with pytest.raises(ValueError):
            QuorumRule.parse("loudest")
