"""Every form can be sent whole: each answer read as typed or as a value, each refusal said kindly, field by field."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import pytest

from core.dialogs import engine
from core.dialogs.catalogue import FORMS
from core.dialogs.forms import FieldKind, Situation
from core.dialogs.validation import read, validate
from core.i18n import translate
from core.model.events import CAPACITY_MAX

NOW = datetime(2026, 5, 4, 9, 0, tzinfo=timezone.utc)
ZONE = "Europe/Oslo"
COMPETENCES = {"competences": [["gardening", "gardening"], ["cooking", "cooking"], ["technology", "technology"]]}
AUDIENCES = {"audiences": [["all", "all members"], ["padrivere", "the pådrivere"], ["p7", "followers of “Bench”"]]}


@dataclass(frozen=True)
class Sample:
    """A complete answer to a form: as a person types it, and the values it is read as."""

    typed: dict[str, str]
    values: dict[str, Any]
    context: dict[str, Any] = field(default_factory=dict)


_DREAM = Sample(
    {"title": "A bench  by the fjord", "story": "Somewhere to sit\nand look at the water.", "needs": "materials, time",
     "needs_detail": "", "non_profit": "yes", "social_value": "y", "realisable": "ja"},
    {"title": "A bench by the fjord", "story": "Somewhere to sit\nand look at the water.",
     "needs": ["time", "materials"], "needs_detail": None, "non_profit": True, "social_value": True,
     "realisable": True})
_EVENT = Sample(
    {"kind": "Breakfast", "title": "Pådriver breakfast", "description": "Coffee and plans.",
     "starts": "2026-06-01 07:30", "ends": "01.06.2026 09:00", "place": "Café Fjord", "audience": "everyone",
     "capacity": "20", "deadline": "2026-05-31 12:00"},
    {"kind": "breakfast", "title": "Pådriver breakfast", "description": "Coffee and plans.",
     "starts": "2026-06-01T07:30", "ends": "2026-06-01T09:00", "place": "Café Fjord", "audience": "everyone",
     "capacity": "20", "deadline": "2026-05-31T12:00"})
_FUND = Sample(
    {"name": "Nature fund", "giver": "Sparebankstiftelsen", "themes": "nature, culture", "amount_min": "",
     "amount_max": "50 000", "deadline": "2026-09-01", "link": "https://example.org/fund"},
    {"name": "Nature fund", "giver": "Sparebankstiftelsen", "themes": "nature, culture", "amount_min": None,
     "amount_max": "50000", "deadline": "2026-09-01", "link": "https://example.org/fund"})

_NEED = Sample({"kind": "Money", "description": "Paint and screws", "amount": "1 200,50"},
               {"kind": "money", "description": "Paint and screws", "amount": "1200.50"})
#: a dream's needs, as the pledge dialog offers them (need id, what is still missing), and which are counted
NEEDS = {"needs": [[5, "money: Paint — NOK 1,000.00 still missing"], [6, "a venue — still open"]], "counted": [5],
         "kinds": {"5": "money", "6": "venue"}}

#: a project's team, as the plan's dialogs offer it (member id, name)
TEAM = {"team": [[3, "Anna"], [7, "Frida"]]}

#: a complete answer to every form in the registry (a new form needs one here)
SAMPLES: dict[str, Sample] = {
    "deposit": _DREAM,
    "amend": _DREAM,
    "pledge": Sample({"need": "money: Paint — NOK 1,000.00 still missing", "description": "Paint for the bench",
                      "amount": "1 500,50"}, {"need": "5", "description": "Paint for the bench", "amount": "1500.50"},
                     NEEDS),
    "pledge_change": Sample({"description": "Two Saturdays"}, {"description": "Two Saturdays"}, {"kind": "time"}),
    "pledge_change_amount": Sample({"description": "Two Saturdays", "amount": "12,5"},
                                   {"description": "Two Saturdays", "amount": "12.5"}, {"kind": "time"}),
    "need_add": _NEED,
    "need_change": _NEED,
    "comment": Sample({"comment": "Lovely idea."}, {"comment": "Lovely idea."}),
    "interest": Sample({"reason": "My sister owns the field."}, {"reason": "My sister owns the field."}),
    "withdrawal": Sample({"motivation": ""}, {"motivation": None}),
    "update": Sample({"text": "The bench is painted."}, {"text": "The bench is painted."}),
    "team_role": Sample({"role": "treasurer"}, {"role": "treasurer"}),
    "close": Sample({"outcome": "2", "evaluation": "We started late.", "report": "A bench stands there."},
                    {"outcome": "discontinued", "evaluation": "We started late.", "report": "A bench stands there."}),
    "retract": Sample({}, {}),
    "padriver": Sample({"competences": "cooking; gardening", "other": "", "availability": "Weekends",
                        "public": "no"},
                       {"competences": ["gardening", "cooking"], "other": None, "availability": "Weekends",
                        "public": False}, COMPETENCES),
    "padriver_decline": Sample({"reason": "Maybe next year!"}, {"reason": "Maybe next year!"}),
    "event": _EVENT,
    "event_edit": _EVENT,
    "event_cancel": Sample({"reason": ""}, {"reason": None}),
    "call": Sample({"title": "Carry benches", "description": "", "when": "Saturday 10–14", "needed": "4",
                    "competences": ""},
                   {"title": "Carry benches", "description": None, "when": "Saturday 10–14", "needed": "4",
                    "competences": None}, COMPETENCES),
    "newsletter": Sample({"text": "Summer news!", "image": "https://example.org/bench.png",
                          "audience": "followers of “Bench”", "send_at": "2026-05-10 08:00"},
                         {"text": "Summer news!", "image": {"url": "https://example.org/bench.png"},
                          "audience": "p7", "send_at": "2026-05-10T08:00"}, AUDIENCES),
    "talk_comment": Sample({"text": "Count me in!"}, {"text": "Count me in!"}),
    "moderate": Sample({"reason": "Please keep it kind."}, {"reason": "Please keep it kind."}),
    "topic": Sample({"title": "Dark paths by the school", "text": "Should we ask for lights?"},
                    {"title": "Dark paths by the school", "text": "Should we ask for lights?"}),
    "topic_dream": _DREAM,
    "fund": _FUND,
    "fund_edit": _FUND,
    "inquiry_ask": Sample({"question": "May we use the school hall on Saturdays?"},
                          {"question": "May we use the school hall on Saturdays?"}),
    "inquiry_answer": Sample({"text": "Yes, ask the caretaker."}, {"text": "Yes, ask the caretaker."}),
    "inquiry_reply": Sample({"text": "Thank you!"}, {"text": "Thank you!"}),
    "inquiry_topics": Sample({"topics": "halls, roads"}, {"topics": "halls, roads"}),
    "plan_role": Sample({"member": "Frida", "text": "Waters the beds"}, {"member": "7", "text": "Waters the beds"},
                        TEAM),
    "plan_resource": Sample({"text": "The school's workshop"}, {"text": "The school's workshop"}),
    "plan_pledge": Sample({"pledge": "Gustav: Oak planks", "text": "Oak planks"},
                          {"pledge": "12", "text": "Oak planks"}, {"pledges": [[12, "Gustav: Oak planks"]]}),
    "plan_situation": Sample({"text": "An empty lot."}, {"text": "An empty lot."}),
    "plan_goal": Sample({"text": "Raised beds for everyone."}, {"text": "Raised beds for everyone."}),
    "plan_cost": Sample({"text": "Soil", "amount": "1 200,50"}, {"text": "Soil", "amount": "1200.50"}),
    "plan_funding": Sample({"text": "Sparebank fund", "amount": "5000"}, {"text": "Sparebank fund", "amount": "5000"}),
    "plan_task": Sample({"text": "Build the shed", "member": "2", "due": "2026-06-01"},
                        {"text": "Build the shed", "member": "7", "due": "2026-06-01"}, TEAM),
    "plan_meeting": Sample({"title": "Open meeting about the garden", "description": "Meet the team.",
                            "starts": "2026-06-01 18:00", "ends": "2026-06-01 20:00", "place": "The lot"},
                           {"title": "Open meeting about the garden", "description": "Meet the team.",
                            "starts": "2026-06-01T18:00", "ends": "2026-06-01T20:00", "place": "The lot"}),
    **{f"branch_{name}": Sample({"value": typed}, {"value": typed}, {"setting": name}) for name, typed in (
        ("name", "Fjordby kommune"), ("timezone", "Europe/Oslo"), ("quorum", "approvals:2"), ("stall", "12"),
        ("hour", "17"), ("response", "5"), ("non_profit", "Nobody earns money from it?"),
        ("social_value", "Does it bring people together?"), ("realisable", "Can some of it happen?"),
        ("fund_reminders", "21, 7, 1"), ("contact", "post@fjordby.no, 12 34 56 78"))},
}

#: an answer no field of the kind takes, and what the person is told
BAD = {
    FieldKind.CHOICE: ("a bicycle", "“a bicycle” is not one of the options."),
    FieldKind.CHOICES: (["a bicycle"], "“a bicycle” is not one of the options."),
    FieldKind.YES_NO: ("perhaps", "Please answer yes or no."),
    FieldKind.DATE: ("tomorrow", "Please write a date as YYYY-MM-DD, like 2027-05-17."),
    FieldKind.DATETIME: ("next tuesday", "Please write a date and time as YYYY-MM-DD HH:MM, like 2027-05-17 18:00."),
    FieldKind.NUMBER: ("lots", "Please write a number, like 500."),
    FieldKind.IMAGE: ("a nice one", "Please send a picture (or a link to one starting with https://)."),
}

#: what a required field left empty is told
EMPTY = {
    FieldKind.TEXT: "Please write at least 1 character.",
    FieldKind.LONG_TEXT: "Please write at least 1 character.",
    FieldKind.CHOICE: "Please choose one of the options.",
    FieldKind.CHOICES: "Please choose at least one of the options.",
    FieldKind.YES_NO: "Please answer yes or no.",
    FieldKind.DATE: "Please write a date as YYYY-MM-DD, like 2027-05-17.",
    FieldKind.DATETIME: "Please write a date and time as YYYY-MM-DD HH:MM, like 2027-05-17 18:00.",
    FieldKind.NUMBER: "Please write a number, like 500.",
}


def at(name: str, language: str = "en") -> Situation:
    return Situation(NOW, ZONE, language, SAMPLES[name].context)


def said(refusals: dict) -> dict[str, str]:
    return {name: translate(reason, "en") for name, reason in refusals.items()}


def every_field():
    return [pytest.param(name, f.name, id=f"{name}.{f.name}") for name, form in FORMS.items() for f in form.fields]


def test_every_form_has_a_sample():
    assert sorted(SAMPLES) == sorted(FORMS)


@pytest.mark.parametrize("name", sorted(FORMS))
class TestAWholeSubmission:
    def test_answers_as_typed_are_read(self, name):
        checked = validate(FORMS[name], SAMPLES[name].typed, at(name))

        assert said(checked.refusals) == {}
        assert checked.answers == SAMPLES[name].values

    def test_answers_as_values_are_taken_as_they_are(self, name):
        checked = validate(FORMS[name], SAMPLES[name].values, at(name))

        assert checked.ok and checked.answers == SAMPLES[name].values

    def test_step_by_step_the_same_answers_are_read_the_same(self, name):
        form, sample = FORMS[name], SAMPLES[name]
        state, step = engine.start(form, 1, NOW, sample.context), None
        for f in form.fields:
            step = engine.on_text(form, state, sample.typed[f.name] or "-", NOW, "en", ZONE)
            assert step.note is None, translate(step.note, "en")
            state = step.state
        if step is None or not step.done:  # the form shows the answers first
            step = engine.on_text(form, state, "yes", NOW, "en", ZONE)

        assert step.done and step.state.answers == sample.values

    def test_a_field_left_out_counts_as_left_empty(self, name):
        form = FORMS[name]

        checked = validate(form, {}, at(name))

        assert set(checked.refusals) == {f.name for f in form.fields if f.required}
        assert checked.answers == {f.name: None for f in form.fields if not f.required}


@pytest.mark.parametrize("name, field_name", every_field())
class TestEachFieldsRefusal:
    def test_an_answer_the_field_does_not_take_is_refused_alone(self, name, field_name):
        form = FORMS[name]
        kind = form.field(field_name).kind
        if kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
            limit = form.field(field_name).max_length
            bad, reason = "x" * (limit + 1), f"That is {limit + 1} characters; please keep it to {limit}."
        else:
            bad, reason = BAD[kind]

        checked = validate(form, {**SAMPLES[name].typed, field_name: bad}, at(name))

        assert said(checked.refusals) == {field_name: reason}
        assert field_name not in checked.answers

    def test_empty_is_refused_when_required_and_nothing_when_optional(self, name, field_name):
        form = FORMS[name]
        f = form.field(field_name)

        checked = validate(form, {**SAMPLES[name].typed, field_name: "  "}, at(name))

        if f.required:
            assert said(checked.refusals) == {field_name: EMPTY[f.kind]}
        else:
            assert checked.ok and checked.answers[field_name] is None


class TestCriteria:
    @pytest.mark.parametrize("criterion", ["non_profit", "social_value", "realisable"])
    @pytest.mark.parametrize("no", ["no", "nei", False])
    def test_a_criterion_answered_no_is_refused_with_the_forms_explanation(self, criterion, no):
        checked = validate(FORMS["deposit"], {**_DREAM.typed, criterion: no}, at("deposit"))

        assert checked.refusals == {criterion: FORMS["deposit"].field(criterion).must_be_yes}

    def test_a_plain_yes_no_question_takes_no(self):
        checked = validate(FORMS["padriver"], {**SAMPLES["padriver"].typed, "public": False}, at("padriver"))

        assert checked.ok and checked.answers["public"] is False


class TestChoices:
    def test_options_are_taken_by_label_in_the_members_language_by_number_or_by_value(self):
        form = FORMS["deposit"]
        given = {**_DREAM.typed, "needs": "Ferdigheter, et lokale"}

        assert validate(form, given, at("deposit", "nb")).answers["needs"] == ["skills", "venue"]
        assert validate(form, {**given, "needs": ["money", "1"]}, at("deposit")).answers["needs"] == ["time", "money"]

    def test_options_from_the_context_are_the_only_ones_taken(self):
        form = FORMS["newsletter"]

        unknown = validate(form, {**SAMPLES["newsletter"].typed, "audience": "p8"}, at("newsletter"))
        without = validate(form, SAMPLES["newsletter"].typed, Situation(NOW, ZONE))

        assert said(unknown.refusals) == {"audience": "“p8” is not one of the options."}
        assert set(without.refusals) == {"audience"}

    def test_a_label_with_a_comma_is_one_option(self):
        context = {"competences": [["building, repairs", "building, repairs"], ["cooking", "cooking"]]}
        form = FORMS["call"]

        checked = validate(form, {**SAMPLES["call"].typed, "competences": ["building, repairs"]},
                           Situation(NOW, ZONE, "en", context))

        assert checked.answers["competences"] == ["building, repairs"]

    def test_a_picture_sent_on_a_platform_is_taken(self):
        picture = {"platform": "telegram", "file_id": "AgAD"}

        assert read(FORMS["newsletter"].field("image"), picture, at("newsletter")) == picture


class TestAcrossFields:
    """Times are in Oslo; it is 2026-05-04 11:00 there."""

    def check(self, **changed):
        return said(validate(FORMS["event"], {**_EVENT.typed, **changed}, at("event")).refusals)

    def test_a_start_in_the_past_is_refused(self):
        assert self.check(starts="2026-05-04 10:59", ends="2026-05-04 12:00", deadline="") == {
            "starts": "The start has to be in the future."}

    def test_an_end_before_the_start_is_refused_at_the_end(self):
        assert self.check(ends="2026-06-01 07:00") == {"ends": "The end has to be after the start."}

    def test_a_deadline_after_the_start_is_refused_at_the_deadline(self):
        assert self.check(deadline="2026-06-01 08:00") == {
            "deadline": "Registration has to close before the event starts."}

    def test_no_deadline_closes_registration_at_the_start(self):
        assert self.check(deadline="") == {}

    def test_every_rule_that_fails_is_said_at_once(self):
        assert self.check(starts="2026-05-01 07:30", ends="2026-04-30 07:00", capacity="0", deadline="") == {
            "starts": "The start has to be in the future.", "ends": "The end has to be after the start.",
            "capacity": f"Please write a number between 1 and {CAPACITY_MAX}."}

    def test_a_rule_about_a_refused_answer_waits_for_it(self):
        assert self.check(starts="soon", ends="2026-04-30 07:00") == {
            "starts": "Please write a date and time as YYYY-MM-DD HH:MM, like 2027-05-17 18:00."}

    def test_a_page_is_checked_with_the_answers_given_before(self):
        form = FORMS["event"]
        earlier = validate(form, _EVENT.typed, at("event")).answers

        checked = validate(form, {**earlier, "ends": "2026-06-01 07:00"}, at("event"), fields=["ends", "place"])

        assert said(checked.refusals) == {"ends": "The end has to be after the start."}
