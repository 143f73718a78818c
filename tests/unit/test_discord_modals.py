"""A whole form as Discord modals: a page of at most five inputs, within Discord's limits, and what a
person sends read back into answers that core's own checks take."""

from datetime import datetime, timezone
from typing import Any

from bots.discord.modals import Form, answers_of, form_id, modal_payload, parse_form_id, sheet_of, submission_of
from core.chat.buttons import ButtonCodec
from core.chat.layout import as_message
from core.chat.replies import Message
from core.dialogs import engine
from core.dialogs.catalogue import FORMS
from core.dialogs.forms import Situation
from core.dialogs.pages import sheet
from core.dialogs.validation import validate
from core.i18n import _
from core.views.model import Input, Note, Sheet

CODEC = ButtonCodec(b"m" * 32)
NOW = datetime(2027, 5, 17, 12, 0, tzinfo=timezone.utc)
TEXT, SELECT, LABEL, ROW = 4, 3, 18, 1


def inputs(modal) -> list[dict[str, Any]]:
    """The modal's labels as discord.py sends them."""
    components = modal.to_dict()["components"]
    assert all(c["type"] == LABEL for c in components)
    return components


def submitted(modal, answers: dict[str, Any]) -> dict[str, Any]:
    """The MODAL_SUBMIT data Discord sends back for the modal discord.py sent, with these answers."""
    sent = modal.to_dict()
    components = []
    for number, label in enumerate(sent["components"]):
        inner = label["component"]
        if inner["type"] == TEXT:
            part = {"type": TEXT, "id": number * 2 + 2, "custom_id": inner["custom_id"],
                    "value": answers.get(inner["custom_id"], "")}
        else:
            chosen = answers.get(inner["custom_id"], [])
            part = {"type": SELECT, "id": number * 2 + 2, "custom_id": inner["custom_id"],
                    "values": chosen if isinstance(chosen, list) else [chosen]}
        components.append({"type": LABEL, "id": number * 2 + 1, "component": part})
    return {"custom_id": sent["custom_id"], "components": components}


def deposit(**kwargs) -> Sheet:
    return sheet(FORMS["deposit"], {}, instance="ab12cd34", **kwargs)


class TestModalPayload:
    def test_the_deposit_form_is_two_modals_of_four_and_three_inputs(self):
        whole = deposit()

        first, second = modal_payload(whole, 1, "en"), modal_payload(whole, 2, "en")

        assert first.custom_id == "dreambank:form:ab12cd34:1" and second.custom_id == "dreambank:form:ab12cd34:2"
        assert first.title == "Your dream (1/2)"
        assert [c["component"]["custom_id"] for c in inputs(first)] == ["title", "story", "needs", "needs_detail"]
        title, story, needs, detail = (c["component"] for c in inputs(first))
        title_max = FORMS["deposit"].field("title").max_length
        assert (title["type"], title["style"], title["max_length"]) == (TEXT, 1, title_max)
        assert (story["type"], story["style"]) == (TEXT, 2)
        assert needs["type"] == SELECT and needs["max_values"] == len(needs["options"]) == 6
        assert detail["required"] is False and title["required"] is True
        for criterion in inputs(second):
            assert [o["label"] for o in criterion["component"]["options"]] == ["Yes", "No"]
            assert criterion["component"]["max_values"] == 1

    def test_every_text_fits_discords_limits_and_a_cut_question_is_whole_in_the_description(self):
        for name in ("deposit", "event", "newsletter", "padriver", "call"):
            whole = sheet(FORMS[name], {"audiences": [["all", "Everyone"]], "competences": [["x", "X"]]})
            for page in range(1, len(whole.pages) + 1):
                modal = modal_payload(whole, page, "nb")
                assert 0 < len(modal.title) <= 45 and len(modal.custom_id) <= 100
                assert 0 < len(inputs(modal)) <= 5
                for label in inputs(modal):
                    assert 0 < len(label["label"]) <= 45 and len(label.get("description", "")) <= 100
                    assert len(label["component"].get("placeholder", "")) <= 100
                    assert len(label["component"].get("options", [])) <= 25
        [criterion, *_rest] = inputs(modal_payload(deposit(), 2, "en"))
        assert criterion["label"].endswith("…")
        assert criterion["description"] == "Is the dream non-profit — nobody earns money from it?"

    def test_dates_say_their_format_and_numbers_their_range(self):
        event = sheet(FORMS["event"], {"audiences": [["all", "Everyone"]]})
        shown = {c["component"]["custom_id"]: c["component"]
                 for p in (1, 2) for c in inputs(modal_payload(event, p, "en"))}

        assert shown["starts"]["placeholder"] == "YYYY-MM-DD HH:MM, like 2027-05-17 18:00"
        assert shown["capacity"]["placeholder"] == "A number from 1 to 10000"
        assert shown["audience"]["type"] == SELECT and shown["audience"]["max_values"] == 1

    def test_answers_so_far_fill_the_inputs_and_a_refusal_is_shown_at_its_input(self):
        whole = deposit(answers={"title": "Bench", "needs": ["time", "money"], "non_profit": True},
                        refusals={"story": _("Please write at least {count} characters.", count=20)})

        first, second = inputs(modal_payload(whole, 1, "en")), inputs(modal_payload(whole, 2, "en"))

        title, story, needs, _detail = first
        assert title["component"]["value"] == "Bench"
        assert story["description"] == "Please write at least 20 characters."
        assert [o["value"] for o in needs["component"]["options"] if o["default"]] == ["time", "money"]
        assert [o["value"] for o in second[0]["component"]["options"] if o["default"]] == ["yes"]

    def test_a_criterion_answered_no_says_why_in_the_select_as_far_as_it_fits(self):
        why = FORMS["deposit"].field("realisable").must_be_yes
        whole = deposit(answers={"realisable": False}, refusals={"realisable": why})

        realisable = inputs(modal_payload(whole, 2, "en"))[2]

        assert realisable["description"].endswith("…") and len(realisable["description"]) == 100
        placeholder = realisable["component"]["placeholder"]
        assert placeholder.startswith("A dream does not need to be finished at once") and len(placeholder) <= 150
        assert [o["value"] for o in realisable["component"]["options"] if o["default"]] == ["no"]

    def test_a_long_title_keeps_its_page_number(self):
        long = Sheet("x", "A title far longer than any modal could ever show", ((Input("a", "text", "A"),),) * 2,
                     "Send")

        modal = modal_payload(long, 2, "en")

        assert len(modal.title) <= 45 and modal.title.endswith("… (2/2)")

    def test_the_modal_is_not_kept_by_discord_py(self):
        modal = modal_payload(deposit(), 1, "en")

        assert isinstance(modal, Form) and modal.is_finished()


class TestAnswersOf:
    def test_a_round_trip_gives_answers_core_takes(self):
        whole = deposit()
        typed = [{"title": "Bench by the fjord", "story": "A bench where neighbours meet, by the water.",
                  "needs": ["time", "materials"], "needs_detail": ""},
                 {"non_profit": "yes", "social_value": "yes", "realisable": "no"}]
        at = Situation(NOW, "Europe/Oslo", "en")
        given: dict[str, Any] = {}
        for page, answers in enumerate(typed, 1):
            name, number, read = answers_of(submitted(modal_payload(whole, page, "en"), answers))
            assert (name, number) == ("ab12cd34", page)
            given.update(read)

        checked = validate(FORMS["deposit"], given, at)

        assert checked.answers["title"] == "Bench by the fjord" and checked.answers["needs"] == ["time", "materials"]
        assert checked.answers["non_profit"] is True and checked.answers["needs_detail"] is None
        assert list(checked.refusals) == ["realisable"]  # a criterion answered no gets its kind explanation
        assert checked.refusals["realisable"] == FORMS["deposit"].field("realisable").must_be_yes

    def test_one_picked_value_is_the_value_and_none_picked_is_empty(self):
        data = submitted(modal_payload(deposit(), 1, "en"), {"needs": ["money"]})

        _name, _page, answers = answers_of(data)

        assert answers["needs"] == "money" and answers["title"] == ""
        data["components"][2]["component"]["values"] = []
        assert answers_of(data)[2]["needs"] == ""

    def test_text_inputs_in_action_rows_are_read_too(self):
        data = {"custom_id": "dreambank:form:event:1",
                "components": [{"type": ROW, "components": [{"type": TEXT, "custom_id": "title", "value": "Meet"}]},
                               {"type": ROW, "components": [{"type": TEXT, "custom_id": "place", "value": None}]}]}

        assert answers_of(data) == ("event", 1, {"title": "Meet", "place": ""})

    def test_a_modal_of_another_kind_is_no_form(self):
        assert parse_form_id("dreambank:choose:0") is None and parse_form_id("dreambank:form:x:y") is None
        try:
            answers_of({"custom_id": "something:else", "components": []})
        except ValueError:
            pass
        else:  # pragma: no cover
            raise AssertionError("a modal that is not a form's was read")

    def test_a_submission_names_a_dialog_or_a_form_started_by_name(self):
        by_instance = submission_of({"custom_id": "dreambank:form:ab12cd34:2", "components": []})
        by_form = submission_of({"custom_id": "dreambank:form:event:1", "components": []})

        assert (by_instance.instance, by_instance.form, by_instance.page) == ("ab12cd34", "", 2)
        assert (by_form.instance, by_form.form, by_form.page) == ("", "event", 1)


class TestSheetOf:
    def test_the_form_behind_a_question_a_sheet_or_nothing(self):
        state = engine.start(FORMS["deposit"], 1, NOW)
        question = as_message(engine.prompt(FORMS["deposit"], state), CODEC)
        page_two = as_message(deposit(page=2), CODEC)

        assert sheet_of(question).instance == state.instance
        assert sheet_of(page_two).page == 2 and form_id(sheet_of(page_two), 2) == "dreambank:form:ab12cd34:2"
        assert sheet_of(as_message(Note.of("hi"), CODEC)) is None and sheet_of(Message.of("hi")) is None
