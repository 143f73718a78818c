"""Forms are asked one field at a time, with limits, skips, criteria and a last confirmation."""

from datetime import datetime, timezone

from core.chat.buttons import ButtonCodec
from core.chat.layout import as_message
from core.dialogs import engine
from core.dialogs.catalogue import AMEND, CLOSE, DEPOSIT, PLEDGE
from core.dialogs.events import EVENT
from core.i18n import translate

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
codec = ButtonCodec(b"dialog-engine-test-secret")


def laid_out(form, state):
    """The current question as a chat shows it."""
    return as_message(engine.prompt(form, state), codec)


def codes(message) -> list[str]:
    return [codec.decode(b.token).args[-1] for row in message.buttons for b in row]


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

        message = laid_out(DEPOSIT, state)

        assert codes(message) == ["0", "1", "2", "3", "4", "5", "dn", "cx"]


#: a dream's needs as the pledge dialog offers them: money counted (what is missing), a venue not
NEEDS = {"needs": [[5, "money: Paint — NOK 1,000.00 still missing"], [6, "a venue — still open"]], "counted": [5],
         "kinds": {"5": "money", "6": "venue"}}


def pledging():
    return engine.start(PLEDGE, 1, NOW, NEEDS)


class TestPledgeDialog:
    def test_an_amount_must_be_a_number(self):
        state = feed(PLEDGE, pledging(), "@0", "Cash for paint").state

        bad = engine.on_text(PLEDGE, state, "lots", NOW)
        good = engine.on_text(PLEDGE, state, "1 500,50", NOW)

        assert bad.note is not None and not bad.done
        assert good.done and good.state.answers == {"need": "5", "description": "Cash for paint",
                                                     "amount": "1500.50"}

    def test_a_need_without_an_amount_is_not_asked_how_much(self):
        step = feed(PLEDGE, pledging(), "@1", "My barn on Sundays")

        assert step.done and step.state.answers == {"need": "6", "description": "My barn on Sundays", "amount": None}

    def test_an_amount_its_kind_does_not_take_is_asked_again(self):
        state = feed(PLEDGE, pledging(), "@0", "Cash").state

        step = engine.on_text(PLEDGE, state, "12,345", NOW)

        assert not step.done and translate(step.note, "en") == "Please give the amount with at most two decimals."

    def test_the_amount_prompt_asks_for_a_number_and_cannot_be_skipped(self):
        state = feed(PLEDGE, pledging(), "@0", "Cash").state

        assert laid_out(PLEDGE, state).wants_number
        assert engine.SKIP not in codes(laid_out(PLEDGE, state))

    def test_control_characters_are_dropped_from_what_is_typed(self):
        state = feed(PLEDGE, pledging(), "@1").state

        step = engine.on_text(PLEDGE, state, "Two\x1b[31m Saturdays\u202e", NOW)

        assert step.state.answers["description"] == "Two[31m Saturdays"


def shown(message) -> str:
    return "\n".join(translate(line, "en") for line in message.lines) + "\n" + " | ".join(
        translate(b.label, "en") for row in message.buttons for b in row)


class TestOptionsTypedAsShown:
    def test_an_option_is_taken_as_its_button_says_it_in_any_case(self):
        state = pledging()

        step = engine.on_text(PLEDGE, state, "A Venue — Still Open", NOW)

        assert step.note is None and step.state.answers == {"need": "6"}

    def test_an_option_is_taken_in_the_members_language(self):
        state = feed(DEPOSIT, engine.start(DEPOSIT, 1, NOW), "Bench", "Story").state

        step = engine.on_text(DEPOSIT, state, "Ferdigheter, et lokale", NOW, "nb")

        assert step.note is None and step.state.answers["needs"] == ["skills", "venue"]

    def test_the_internal_word_and_the_number_still_work(self):
        state = feed(DEPOSIT, engine.start(DEPOSIT, 1, NOW), "Bench", "Story").state

        assert engine.on_text(DEPOSIT, state, "money, 1", NOW).state.answers["needs"] == ["time", "money"]


class TestAmending:
    def test_the_current_choices_are_ticked_and_kept_with_done(self):
        state = engine.start(AMEND, 1, NOW, {"dream_id": 4}, {"title": "Bench", "story": "Story",
                                                               "needs": ["skills", "materials"]})
        state = feed(AMEND, state, "@kp", "@kp").state

        prompt = shown(laid_out(AMEND, state))
        done = engine.on_code(AMEND, state, engine.DONE, NOW)

        assert "✓ skills" in prompt and "✓ materials" in prompt and "✓ time" not in prompt
        assert done.state.answers["needs"] == ["skills", "materials"]

    def test_a_ticked_choice_can_be_taken_away(self):
        state = engine.start(AMEND, 1, NOW, {"dream_id": 4}, {"needs": ["skills", "materials"]})
        state = feed(AMEND, state, "Bench", "Story", "@1", "@dn").state

        assert state.answers["needs"] == ["materials"]


class TestClosingAProject:
    def test_the_summary_shows_the_outcome_and_the_evaluation(self):
        state = feed(CLOSE, engine.start(CLOSE, 1, NOW), "@1", "We started too late", "A bench stands there.").state

        summary = shown(laid_out(CLOSE, state))

        assert "Outcome: discontinued" in summary
        assert "Evaluation: We started too late" in summary
        assert "Report: A bench stands there." in summary


class TestEventTimes:
    """Times are in Oslo; NOW is 2026-01-01 01:00 there."""

    def ask(self, *inputs):
        state = engine.start(EVENT, 1, NOW)
        step = None
        for value in ("Breakfast", "Coffee", "For everyone", *inputs):
            step = engine.on_text(EVENT, state, value, NOW, "en", "Europe/Oslo")
            state = step.state
        return step

    def test_a_start_in_the_past_is_refused_at_its_step(self):
        step = self.ask("2025-12-31 18:00")

        assert step.note is not None and translate(step.note, "en") == "The start has to be in the future."
        assert EVENT.fields[step.state.step].name == "starts"

    def test_an_end_before_the_start_is_refused_as_soon_as_it_is_known(self):
        step = self.ask("2026-02-01 18:00", "2026-02-01 17:00")

        assert translate(step.note, "en") == "The end has to be after the start."
        assert EVENT.fields[step.state.step].name == "ends"
        assert step.state.answers["starts"] == "2026-02-01T18:00"

    def test_a_deadline_after_the_start_is_refused_at_its_step(self):
        step = self.ask("2026-02-01 18:00", "2026-02-01 20:00", "The library", "everyone", "20", "2026-02-02 12:00")

        assert translate(step.note, "en") == "Registration has to close before the event starts."
        assert EVENT.fields[step.state.step].name == "deadline"

    def test_a_start_that_passed_before_sending_takes_the_manager_back_with_every_answer_kept(self):
        filled = self.ask("2026-01-01 18:00", "2026-01-01 20:00", "The library", "everyone", "-", "-").state
        later = datetime(2026, 1, 1, 18, 30, tzinfo=timezone.utc)

        step = engine.on_code(EVENT, filled, engine.CONFIRM, later, "Europe/Oslo")

        assert not step.done and translate(step.note, "en") == "The start has to be in the future."
        assert EVENT.fields[step.state.step].name == "starts"
        assert step.state.answers["place"] == "The library" and step.state.answers["ends"] == "2026-01-01T20:00"

    def test_answering_the_refused_field_again_returns_to_the_confirmation(self):
        filled = self.ask("2026-01-01 18:00", "2026-01-01 20:00", "The library", "everyone", "-", "-").state
        later = datetime(2026, 1, 1, 18, 30, tzinfo=timezone.utc)
        back = engine.on_code(EVENT, filled, engine.CONFIRM, later, "Europe/Oslo").state

        step = engine.on_text(EVENT, back, "2026-01-02 18:00", later, "en", "Europe/Oslo")

        assert translate(step.note, "en") == "The end has to be after the start."
        fixed = engine.on_text(EVENT, step.state, "2026-01-02 20:00", later, "en", "Europe/Oslo")
        assert fixed.note is None and engine.current_field(EVENT, fixed.state) is None


def test_the_dialogs_know_nothing_of_chats():
    """Forms, their validation and the step-by-step engine serve every surface: none of them imports a chat."""
    import ast
    from pathlib import Path

    import core.dialogs

    for path in Path(core.dialogs.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [m for m in imported if m.startswith(("chat", "core.chat", "bots", "storage"))], path.name
