"""A whole form as Discord modals, a page of at most five inputs each, and a modal's answers read back.

Each input sits in a `discord.ui.Label` (its question, cut to Discord's 45 code points; the full
question, or why the last answer was refused, in the label's description, and a refused choice's reason
also in its select, where more of it fits): typed answers in a text input, a choice or yes/no in a
select, several choices in a multi select. A modal's custom_id names the dialog it answers (or the form
a command of that name starts) and the page: `dreambank:form:<instance or form>:<page>`; the
"continue" button that opens the next page carries the same id. `submission_of` turns what was sent
into core's Submission. A modal is drawn, never listened to: discord.py keeps a modal it shows in its
view store until it is sent, so `Form` says it is finished and the adapter reads the submission in
`on_interaction`.

Labels, options and placeholders are plain text in Discord (no markdown), so nothing is escaped there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import discord

from core.chat.conversation import Submission
from core.dialogs.catalogue import FORMS
from core.i18n import Text, _, translate
from core.views.model import Input, Sheet

from .render import FORM_PREFIX, cut, form_id, sheet_of

#: Discord's limits for modals, in code points
MODAL_LIMITS = {"title": 45, "inputs": 5, "label": 45, "label_description": 100, "placeholder": 100,
                "select_placeholder": 150, "text_value": 4000, "text_length": 4000, "options": 25, "option_label": 100}
TEXT_KINDS = {"text", "long_text", "date", "datetime", "number", "image"}


def parse_form_id(custom_id: str) -> tuple[str, int] | None:
    """(instance or form, page) from a modal's or a continue button's custom_id; None when it is not one."""
    if not custom_id.startswith(FORM_PREFIX):
        return None
    name, _sep, page = custom_id[len(FORM_PREFIX):].rpartition(":")
    if not name or not page.isdigit():
        return None
    return name, int(page)


__all__ = ["FORM_PREFIX", "Form", "answers_of", "form_id", "modal_payload", "parse_form_id", "sheet_of",
           "submission_of"]


class Form(discord.ui.Modal):
    """A page of a form as a modal that discord.py shows but never keeps (the adapter reads what is sent)."""

    def is_finished(self) -> bool:
        return True

    def is_dispatchable(self) -> bool:
        return False


def modal_payload(sheet: Sheet, page: int, language: str) -> discord.ui.Modal:
    """The modal for a page (1-based, clamped) of the form: its inputs filled with the answers so far."""
    page = min(max(1, page), len(sheet.pages))
    title = translate(sheet.title, language)
    if len(sheet.pages) > 1:
        suffix = f" ({page}/{len(sheet.pages)})"
        title = cut(title, MODAL_LIMITS["title"] - len(suffix)) + suffix
    modal = Form(title=cut(title, MODAL_LIMITS["title"]) or "…", custom_id=form_id(sheet, page), timeout=None)
    for item in sheet.pages[page - 1][:MODAL_LIMITS["inputs"]]:
        modal.add_item(_label(item, language))
    return modal


def _label(item: Input, language: str) -> discord.ui.Label[Any]:
    question = " ".join(translate(item.label, language).split())
    text = cut(question, MODAL_LIMITS["label"])
    if item.refused is not None:
        description: str | None = translate(item.refused, language)
    elif text != question:
        description = question
    else:
        description = None
    component = _select(item, language) if item.kind not in TEXT_KINDS else _text_input(item, language)
    return discord.ui.Label(text=text, component=component,
                            description=cut(description, MODAL_LIMITS["label_description"]) if description else None)


def _text_input(item: Input, language: str) -> discord.ui.TextInput[Any]:
    most = MODAL_LIMITS["text_length"]
    maximum = min(item.max_length, most) if item.max_length > 0 and item.kind in ("text", "long_text") else None
    minimum = min(item.min_length, maximum or most) if item.required and item.min_length > 0 and \
        item.kind in ("text", "long_text") else None
    value = _shown(item)
    if maximum is not None and value is not None:
        value = value[:maximum]
    return discord.ui.TextInput(
        custom_id=item.name, style=discord.TextStyle.paragraph if item.kind == "long_text" else discord.TextStyle.short,
        placeholder=_placeholder(item, language), default=value or None, required=item.required,
        min_length=minimum, max_length=maximum)


def _shown(item: Input) -> str | None:
    """The answer so far as it is typed again: a date and time with a space, a picture by its address."""
    value = item.value
    if value is None or value == "":
        return None
    if isinstance(value, Mapping):
        value = value.get("url") or ""
    elif item.kind == "datetime":
        value = str(value).replace("T", " ")
    return str(value)[:MODAL_LIMITS["text_value"]] or None


def _placeholder(item: Input, language: str) -> str | None:
    hint: Text | None = None
    if item.kind == "date":
        hint = _("YYYY-MM-DD, like 2027-05-17")
    elif item.kind == "datetime":
        hint = _("YYYY-MM-DD HH:MM, like 2027-05-17 18:00")
    elif item.kind == "number" and item.minimum is not None and item.maximum is not None:
        hint = _("A number from {min} to {max}", min=item.minimum, max=item.maximum)
    elif item.kind == "image":
        hint = _("A link to a picture, starting with https://")
    return cut(translate(hint, language), MODAL_LIMITS["placeholder"]) if hint is not None else None


def _select(item: Input, language: str) -> discord.ui.Select[Any]:
    if item.kind == "yes_no":
        options: Sequence[tuple[str, Text | str]] = (("yes", _("Yes")), ("no", _("No")))
        picked = set() if item.value is None else {"yes" if item.value else "no"}
    else:
        options = item.options[:MODAL_LIMITS["options"]]
        value = item.value
        picked = {str(v) for v in value} if isinstance(value, (list, tuple, set, frozenset)) else \
            ({str(value)} if value not in (None, "") else set())
    many = item.kind == "choices"
    limit = MODAL_LIMITS["select_placeholder"]
    refused = None if item.refused is None else cut(translate(item.refused, language), limit)
    return discord.ui.Select(
        custom_id=item.name, placeholder=refused, required=item.required, min_values=1 if item.required else 0,
        max_values=len(options) if many else 1,
        options=[discord.SelectOption(label=cut(translate(label, language), MODAL_LIMITS["option_label"]) or value,
                                      value=value, default=value in picked)
                 for value, label in options])


def answers_of(data: Mapping[str, Any]) -> tuple[str, int, dict[str, Any]]:
    """A MODAL_SUBMIT interaction's data as (instance or form, page, answers by field name).

    Reads text inputs in action rows and inputs inside labels. A select's answer is its one value, or
    the list when several were picked, or "" when none was (which core reads as left empty).
    """
    parsed = parse_form_id(str(data.get("custom_id", "")))
    if parsed is None:
        raise ValueError("not a form's modal")
    name, page = parsed
    answers: dict[str, Any] = {}
    for component in _inputs(data.get("components") or []):
        custom_id = component.get("custom_id")
        if not custom_id:
            continue
        if "values" in component:
            values = [str(v) for v in component.get("values") or []]
            answers[custom_id] = values[0] if len(values) == 1 else (values or "")
        else:
            answers[custom_id] = str(component.get("value") or "")
    return name, page, answers


def _inputs(components: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The input components, wherever they sit: in an action row, in a label, or alone."""
    out: list[Mapping[str, Any]] = []
    for component in components:
        if "component" in component:  # a label
            out += _inputs([component["component"]])
        elif "components" in component:  # an action row
            out += _inputs(component["components"])
        else:
            out.append(component)
    return out


def submission_of(data: Mapping[str, Any]) -> Submission:
    """The form sent from a modal, as core reads it: answers to a dialog (by instance) or a form started by name."""
    name, page, answers = answers_of(data)
    if name in FORMS:
        return Submission(answers, form=name, page=page)
    return Submission(answers, instance=name, page=page)
