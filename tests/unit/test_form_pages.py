"""A form shown whole comes in pages of at most five inputs (a Discord modal's limit), in a stated order."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.chat.buttons import ButtonCodec
from core.chat.layout import as_message
from core.dialogs import engine
from core.dialogs.catalogue import FORMS
from core.dialogs.forms import Field, FieldKind, Form
from core.dialogs.pages import PAGE_MAX, BadPages, page_of, pages, sheet
from core.i18n import _, translate
from tests.unit.test_form_validation import NOW, SAMPLES


@pytest.mark.parametrize("name", sorted(FORMS))
def test_every_form_comes_in_pages_of_at_most_five_holding_each_field_once(name):
    form = FORMS[name]

    groups = pages(form)

    assert all(len(group) <= PAGE_MAX for group in groups)
    assert [f.name for group in groups for f in group] == [f.name for f in form.fields]
    assert len(groups) == max(1, -(-len(form.fields) // PAGE_MAX))


def test_the_long_forms_are_split_into_near_equal_pages():
    assert [[f.name for f in g] for g in pages(FORMS["deposit"])] == [
        ["title", "story", "needs", "needs_detail"], ["non_profit", "social_value", "realisable"]]
    assert [len(g) for g in pages(FORMS["event"])] == [5, 4]
    assert page_of(FORMS["event"], "deadline") == 2


def _form(*page_names: tuple[str, ...]) -> Form:
    fields = tuple(Field(n, FieldKind.TEXT, _("Anything more?")) for n in "abcdef")
    return Form("test", _("Your dream"), fields, pages=page_names)


def test_a_form_may_name_its_pages_and_their_order():
    form = _form(("f", "a"), ("b", "c", "d", "e"))

    assert [[f.name for f in g] for g in pages(form)] == [["f", "a"], ["b", "c", "d", "e"]]


@pytest.mark.parametrize("named", [
    (("a", "b", "c", "d", "e", "f"),),          # six on one page
    (("a", "b"), ("c", "d", "e")),              # f is missing
    (("a", "b", "c"), ("c", "d", "e", "f")),    # c twice
    (("a", "b", "c", "d", "e", "f"), ()),       # an empty page
])
def test_pages_that_miss_a_field_repeat_one_or_hold_too_many_are_refused(named):
    with pytest.raises(BadPages, match="test"):
        pages(_form(*named))


def test_the_sheet_has_each_inputs_kind_limits_options_and_value():
    form = FORMS["need_add"]

    drawn = sheet(form, {}, {"kind": "money"}, {"description": "Paint"}, instance="ab12")

    kind, description, amount = drawn.inputs
    assert (drawn.form, drawn.instance, drawn.page, len(drawn.pages)) == ("need_add", "ab12", 1, 1)
    assert kind.kind == "choice" and kind.value == "money" and ("money", form.field("kind").options[3].label) in \
        kind.options
    assert description.kind == "long_text" and description.value == "Paint" and description.max_length > 0
    assert (amount.required, amount.minimum, amount.value) == (False, str(Decimal("0.01")), None)


def test_a_field_asked_only_after_some_answers_is_not_required_of_the_whole_form():
    drawn = sheet(FORMS["pledge"], SAMPLES["pledge"].context)

    need, _description, amount = drawn.inputs
    assert [value for value, _label in need.options] == ["5", "6"]
    assert (amount.required, amount.kind) == (False, "number")


def test_options_from_the_context_are_on_the_sheet():
    drawn = sheet(FORMS["newsletter"], SAMPLES["newsletter"].context)

    assert [value for value, _label in drawn.inputs[2].options] == ["all", "padrivere", "p7"]


def test_every_question_asked_step_by_step_carries_the_whole_form():
    state = engine.start(FORMS["deposit"], 1, NOW)

    question = engine.prompt(FORMS["deposit"], state)

    assert question.field == "title" and question.sheet is not None
    assert question.sheet.instance == state.instance and len(question.sheet.pages) == 2


def test_a_refused_sheet_in_a_chat_says_why_field_by_field():
    form = FORMS["need_add"]
    refused = {"amount": _("Please write a number, like 500.")}

    message = as_message(sheet(form, {}, {"amount": "lots"}, refusals=refused), ButtonCodec(b"pages-test-secret"))

    lines = [translate(line, "en") for line in message.lines]
    assert lines == ["A need of the dream", "Nothing was saved yet. Please look at these answers again:",
                     "How much is needed? Hours for time, a sum for money, a count for anything else. Skip it if it "
                     "cannot be counted.", "Please write a number, like 500."]
    assert message.view.refusals == refused
