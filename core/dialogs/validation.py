"""Reading answers and checking them against a form's rules: the one path for a single step and a whole form.

An answer may come as typed in a chat or a modal ("yes", "2027-05-17 18:00", "time, money"), or
as a form's value (True, ["time", "money"], an option's value or its label). Each is read by its
field, a criterion answered no is refused with the form's kind explanation, and the checks across
fields run once all of their fields are known.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from ..i18n import Text, _
from .forms import Field, FieldKind, Form, Invalid, Option, Situation, clean


class NotYes(Invalid):
    """A criterion was answered no; the reason is the form's explanation of why it matters."""


@dataclass(frozen=True)
class Checked:
    """What a form's answers came to: those read and fitting, and why each other one was refused.

    Refusals come in the form's field order, then in the order of the checks that made them.
    """

    answers: dict[str, Any]
    refusals: dict[str, Text]

    @property
    def ok(self) -> bool:
        return not self.refusals


#: where a dialog's context keeps a branch's own wording of some of its questions, by field name
WORDING = "wording"


def resolved(field: Field, context: Mapping[str, Any]) -> Field:
    """The field as this dialog asks it: its options filled in when they come from the dialog's context, and its
    question in the branch's own wording when the branch has one (a deposit's criteria)."""
    own = (context.get(WORDING) or {}).get(field.name)
    if own:
        field = replace(field, prompt=own)
    if not field.options_from:
        return field
    pairs = context.get(field.options_from) or []
    return replace(field, options=tuple(Option(str(value), str(label)) for value, label in pairs))


def empty(raw: Any) -> bool:
    """Nothing was answered: no value, blank text, or no choice."""
    if raw is None:
        return True
    if isinstance(raw, str):
        return not clean(raw).strip()
    return isinstance(raw, (list, tuple, set, frozenset)) and not raw


def read(field: Field, raw: Any, at: Situation) -> Any:
    """The field's value from an answer, or Invalid with a kind reason; None for an optional one left empty.

    A criterion (`must_be_yes`) answered no raises NotYes with the form's explanation.
    """
    field = resolved(field, at.context)
    if empty(raw) and not field.required:
        return None
    value = _value(field, raw, at.language)
    if value is False and field.must_be_yes is not None:
        raise NotYes(field.must_be_yes)
    return value


def _value(field: Field, raw: Any, language: str) -> Any:
    kind = field.kind
    if raw is None:
        raw = ""
    if kind is FieldKind.YES_NO and isinstance(raw, bool):
        return raw
    if kind is FieldKind.CHOICES and isinstance(raw, (list, tuple, set, frozenset)):
        chosen = [_one(field, str(item), language) for item in raw if str(item).strip()]
        if not chosen:
            raise Invalid(_("Please choose at least one of the options."))
        return sorted(set(chosen), key=field.values().index)
    if kind is FieldKind.CHOICE and isinstance(raw, (list, tuple)) and len(raw) == 1:
        raw = str(raw[0])
    if kind is FieldKind.CHOICE and isinstance(raw, str) and raw.strip():
        try:  # an option's value or label whole, even one with a comma in it
            return _one(field, raw, language)
        except Invalid:
            pass
    if kind is FieldKind.IMAGE and isinstance(raw, Mapping):
        return _image(field, raw, language)
    if kind is FieldKind.NUMBER and isinstance(raw, (int, Decimal)) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        raw = str(raw)
    return field.parse(raw, language)


def _one(field: Field, raw: str, language: str) -> str:
    text = clean(raw).strip()
    if text in field.values():
        return text
    return field.option_for(text, language)


def _image(field: Field, raw: Mapping[str, Any], language: str) -> dict[str, str]:
    """A picture sent on a platform ({"platform", "file_id"}) or a link to one ({"url"})."""
    if raw.get("platform") and raw.get("file_id"):
        return {str(k): str(v) for k, v in raw.items()}
    return field.parse(str(raw.get("url") or ""), language)


def problems(form: Form, answers: Mapping[str, Any], at: Situation, answered: str | None = None) -> dict[str, Text]:
    """The checks that refuse the answers: for each field to ask again, the first reason.

    A check runs once all of its fields are answered; with `answered`, only the checks about that field.
    """
    out: dict[str, Text] = {}
    for check in form.checks:
        if answered is not None and answered not in check.fields:
            continue
        if not all(name in answers for name in check.fields):
            continue
        reason = check.rule(dict(answers), at)
        if reason is not None:
            out.setdefault(check.field, reason)
    return out


def validate(form: Form, answers: Mapping[str, Any], at: Situation, fields: Collection[str] | None = None
             ) -> Checked:
    """Read and check a whole submission: every field's answer, the criteria, and the checks across fields.

    Optional fields may be left empty (their value is None), and so is a field asked only after certain answers
    (`Field.when`) when they were not given. With `fields` (a page of the form), only those are read; the other
    answers are taken as they are, read before, for the checks across fields.
    """
    names = {f.name for f in form.fields}
    asked = names if fields is None else names & set(fields)
    parsed = {k: v for k, v in answers.items() if k in names and k not in asked}
    refusals: dict[str, Text] = {}
    for field in form.fields:
        if field.name not in asked:
            continue
        if field.when and field.when[0] in parsed and not field.asked(parsed, at.context):
            parsed[field.name] = None  # not asked, given the answer it depends on: left empty
            continue
        try:
            parsed[field.name] = read(field, answers.get(field.name), at)
        except Invalid as bad:
            refusals[field.name] = bad.reason
    for name, reason in problems(form, parsed, at).items():
        refusals.setdefault(name, reason)
    order = [f.name for f in form.fields]
    return Checked({k: parsed[k] for k in order if k in parsed and k not in refusals}, refusals)
