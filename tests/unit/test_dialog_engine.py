"""Forms are asked one field at a time, with limits, skips, criteria and a last confirmation."""

from datetime import datetime, timezone

from core.dialogs import engine
from core.dialogs.catalogue import DEPOSIT, PLEDGE

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def feed(form, state, *inputs):
    step = None
    for value in inputs:
        step = engine.on_code(form, state, value[1:], NOW) if value.startswith("@") else \
            engine.on_text(form, state, value, NOW)
        state = step.state
    return step


class TestDepositDialog:
    def test_a_complete_deposit_collects_every_answer(self):
        state = engine.start(DEPOSIT, 1, NOW)

        step = feed(DEPOSIT, state, "Bench", "By the fjord", "time, 3", "-", "yes", "y", "ja", "@ok")

        assert step.done
        assert step.state.answers == {"title": "Bench", "story": "By the fjord", "needs": ["time", "materials"],
                                      "needs_detail": None, "non_profit": True, "social_value": True,
                                      "realisable": True}

    def test_an_over_long_title_is_explained_and_asked_again(self):
        state = engine.start(DEPOSIT, 1, NOW)

        step = engine.on_text(DEPOSIT, state, "x" * 121, NOW)

        assert step.note is not None and "121" in str(step.note.params)
        assert step.state.step == 0

    def test_needs_are_toggled_with_buttons_and_done_requires_one(self):
        state = feed(DEPOSIT, engine.start(DEPOSIT, 1, NOW), "Bench", "Story").state

        empty = engine.on_code(DEPOSIT, state, engine.DONE, NOW)
        toggled = feed(DEPOSIT, state, "@0", "@3", "@0", "@dn")

        assert empty.note is not None and empty.state.step == 2
        assert toggled.state.answers["needs"] == ["money"]

    def test_no_to_a_criterion_explains_and_offers_to_revise(self):
        state = feed(DEPOSIT, engine.start(DEPOSIT, 1, NOW), "Bench", "Story", "time", "-").state

        refused = engine.on_text(DEPOSIT, state, "no", NOW)
        revised = engine.on_code(DEPOSIT, refused.state, engine.REVISE, NOW)

        assert refused.state.pending_refusal == "non_profit" and refused.state.step == 4
        assert revised.state.step == 0 and revised.state.previous["title"] == "Bench"

    def test_a_revised_dream_keeps_earlier_answers_on_request(self):
        state = feed(DEPOSIT, engine.start(DEPOSIT, 1, NOW), "Bench", "Story", "time", "-", "no", "@rv").state

        step = feed(DEPOSIT, state, "@kp", "A better story")

        assert step.state.answers == {"title": "Bench", "story": "A better story"}

    def test_cancel_ends_the_dialog(self):
        assert engine.on_code(DEPOSIT, engine.start(DEPOSIT, 1, NOW), engine.CANCEL, NOW).cancelled

    def test_the_prompt_has_a_button_per_need_and_done(self):
        state = feed(DEPOSIT, engine.start(DEPOSIT, 1, NOW), "Bench", "Story").state

        message = engine.prompt(DEPOSIT, state, lambda code: code)

        assert [b.token for row in message.buttons for b in row] == ["0", "1", "2", "3", "4", "5", "dn", "cx"]


class TestPledgeDialog:
    def test_an_amount_must_be_a_number(self):
        state = feed(PLEDGE, engine.start(PLEDGE, 1, NOW), "@3", "Cash for paint").state

        bad = engine.on_text(PLEDGE, state, "lots", NOW)
        good = engine.on_text(PLEDGE, state, "1 500,50", NOW)

        assert bad.note is not None and not bad.done
        assert good.done and good.state.answers == {"kind": "money", "description": "Cash for paint",
                                                     "amount": "1500.50"}

    def test_the_amount_prompt_asks_for_a_number(self):
        state = feed(PLEDGE, engine.start(PLEDGE, 1, NOW), "@3", "Cash").state

        assert engine.prompt(PLEDGE, state, lambda c: c).wants_number

    def test_control_characters_are_dropped_from_what_is_typed(self):
        state = feed(PLEDGE, engine.start(PLEDGE, 1, NOW), "@0").state

        step = engine.on_text(PLEDGE, state, "Two\x1b[31m Saturdays\u202e", NOW)

        assert step.state.answers["description"] == "Two[31m Saturdays"
