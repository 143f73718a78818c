"""Asking a form one field at a time: pure steps from a stored state and an answer to the next.

Every answer is read and checked by core.dialogs.validation, just as a form sent whole is, and the
question asked is a view model (a `Question`, carrying the whole form as a `Sheet`) that each chat
lays out its own way.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ..i18n import DEFAULT_LANGUAGE, Text, _, join, ngettext
from ..views.actions import Action
from ..views.model import Act, Question
from .forms import YES_WORDS, Field, FieldKind, Form, Invalid, Situation, clean
from .pages import sheet
from .state import DialogState
from .validation import NotYes, problems, read, resolved as resolved_in, validate

SKIP, KEEP, DONE, YES, NO, REVISE, CANCEL, CONFIRM, EDIT = "sk", "kp", "dn", "y", "n", "rv", "cx", "ok", "ed"
SKIP_WORDS = {"-", "/skip"}
KEEP_WORDS = {"/keep", "="}


@dataclass(frozen=True)
class Step:
    """Where an answer leaves the dialog: its new state, finished, or cancelled; and a note."""

    state: DialogState
    done: bool = False
    cancelled: bool = False
    note: Text | None = None


def start(form: Form, member_id: int, now: datetime, context: dict[str, Any] | None = None,
          previous: dict[str, Any] | None = None) -> DialogState:
    """A new dialog, with an instance id of its own that its buttons carry (so no other dialog obeys them)."""
    return DialogState(member_id, form.name, 0, {}, dict(context or {}), now, previous=dict(previous or {}),
                       instance=secrets.token_hex(4))


def current_field(form: Form, state: DialogState) -> Field | None:
    if state.step >= len(form.fields):
        return None
    return resolved(form.fields[state.step], state)


def resolved(field: Field, state: DialogState) -> Field:
    """The field with its options filled in, when they come from the dialog's context."""
    return resolved_in(field, state.context)


def situation(state: DialogState, now: datetime, language: str = DEFAULT_LANGUAGE, timezone: str = "UTC"
              ) -> Situation:
    """What the dialog's answers are read and checked with: the time, the zone, the language, its context."""
    return Situation(now, timezone, language, state.context)


def on_image(form: Form, state: DialogState, image: dict[str, str], now: datetime, timezone: str = "UTC"
             ) -> Step | None:
    """A picture was sent; a step when the dialog asks for one, else None (it is not for the dialog)."""
    field = current_field(form, state)
    if field is None or field.kind is not FieldKind.IMAGE or state.pending_refusal:
        return None
    return _answer(form, state, field, dict(image), situation(state, now, timezone=timezone))


def on_text(form: Form, state: DialogState, raw: str, now: datetime, language: str = DEFAULT_LANGUAGE,
            timezone: str = "UTC") -> Step:
    """Typed text: the answer to the current field (read in the person's language), or yes at the end."""
    at = situation(state, now, language, timezone)
    field = current_field(form, state)
    word = clean(raw).lower()
    if state.pending_refusal:
        return _answer(form, state, field, True, at) if word in YES_WORDS else Step(state)
    if field is None:
        if word in YES_WORDS:
            return _finish(form, state, at)
        return Step(state, note=_("Please confirm with yes, or use /cancel."))
    if word in SKIP_WORDS and not field.required:
        return _answer(form, state, field, None, at)
    if word in KEEP_WORDS and field.name in state.previous:
        return _answer(form, state, field, state.previous[field.name], at)
    return _answer(form, state, field, raw, at)


def on_code(form: Form, state: DialogState, code: str, now: datetime, timezone: str = "UTC",
            language: str = DEFAULT_LANGUAGE) -> Step:
    """A button of the current step was pressed (the caller has checked it is not stale)."""
    at = situation(state, now, language, timezone)
    field = current_field(form, state)
    if code == CANCEL:
        return Step(state, cancelled=True)
    if state.pending_refusal:
        if code == YES:
            return _answer(form, state, field, True, at)
        if code == REVISE:
            previous = {**state.previous, **state.answers}
            return Step(replace(state, step=0, answers={}, previous=previous, pending_refusal=None,
                                nonce=state.nonce + 1, updated_at=now))
        return Step(state)
    if field is None:
        if code == CONFIRM:
            return _finish(form, state, at)
        if code == EDIT:
            return Step(replace(state, step=0, answers={}, previous={**state.previous, **state.answers},
                                nonce=state.nonce + 1, updated_at=now))
        return Step(state)
    if code == SKIP and not field.required:
        return _answer(form, state, field, None, at)
    if code == KEEP and field.name in state.previous:
        return _answer(form, state, field, state.previous[field.name], at)
    if field.kind is FieldKind.YES_NO and code in (YES, NO):
        return _answer(form, state, field, code == YES, at)
    if field.kind is FieldKind.CHOICES:
        chosen = _chosen(field, state)
        if code == DONE:
            if not chosen:
                return Step(state, note=_("Please choose at least one of the options."))
            return _answer(form, state, field, chosen, at)
        value = _option(field, code)
        if value is None:
            return Step(state)
        chosen = [v for v in chosen if v != value] if value in chosen else [*chosen, value]
        ordered = [v for v in field.values() if v in chosen]
        return Step(replace(state, answers={**state.answers, field.name: ordered}, nonce=state.nonce + 1,
                            updated_at=now))
    if field.kind is FieldKind.CHOICE:
        value = _option(field, code)
        if value is not None:
            return _answer(form, state, field, value, at)
    return Step(state)


def prompt(form: Form, state: DialogState) -> Question:
    """The question the dialog asks now, with its answers and actions as the dialog's buttons carry them."""
    instance = state.instance or "-"  # a dialog stored before dialogs had instance ids

    def act(label: Text | str, code: str, pressed: bool = False) -> Act:
        return Act.to(Action.DIALOG, label, instance, state.nonce, code, pressed=pressed)

    whole = sheet(form, state.context, state.answers, state.previous, instance=instance)
    cancel = (act(_("Cancel"), CANCEL),)
    if state.pending_refusal:
        refused = form.field(state.pending_refusal)
        return Question((refused.must_be_yes or refused.prompt,), actions=(
            (act(_("Yes, it does"), YES),), (act(_("Revise my dream"), REVISE),), cancel),
            field=refused.name, kind=refused.kind.value, sheet=whole)
    field = current_field(form, state)
    if field is None:
        lines = form.summary(_with_labels(form, state)) if form.summary else []
        return Question((*lines, _("Is this right?")), actions=(
            (act(form.confirm_label, CONFIRM),), (act(_("Change something"), EDIT),), cancel), sheet=whole)
    lines: list[Text | str] = [_("{form} — step {n} of {total}", form=form.title, n=state.step + 1,
                                 total=len(form.fields)), field.prompt]
    options: list[Act] = []
    rows: list[tuple[Act, ...]] = []
    if field.kind is FieldKind.CHOICE:
        options = [act(o.label, str(i)) for i, o in enumerate(field.options)]
    elif field.kind is FieldKind.CHOICES:
        chosen = _chosen(field, state)
        options = [act(o.label, str(i), pressed=o.value in chosen) for i, o in enumerate(field.options)]
        rows.append((act(_("Done"), DONE),))
        lines.append(_("Tap to choose one or more, then Done. You can also type them, separated by commas."))
    elif field.kind is FieldKind.YES_NO:
        options = [act(_("Yes"), YES), act(_("No"), NO)]
    elif field.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
        lines.append(ngettext("(up to {count} character)", "(up to {count} characters)", field.max_length))
    elif field.kind is FieldKind.DATETIME:
        lines.append(_("(as YYYY-MM-DD HH:MM, like 2027-05-17 18:00)"))
    if field.name in state.previous and state.previous[field.name] not in (None, ""):
        lines.append(_("Now: {value}", value=_shown(field, state.previous[field.name])))
        rows.append((act(_("Keep this"), KEEP),))
    if not field.required:
        rows.append((act(_("Skip"), SKIP),))
    rows.append(cancel)
    return Question(tuple(lines), tuple(options), tuple(rows), field=field.name, kind=field.kind.value,
                    wants_number=field.kind is FieldKind.NUMBER or field.numbers, sheet=whole)


def _with_labels(form: Form, state: DialogState) -> dict[str, Any]:
    """The answers, and for each choice among options from the context its label as `<name>_label`."""
    out = dict(state.answers)
    for field in form.fields:
        if field.options_from and field.kind is FieldKind.CHOICE and field.name in out:
            labels = {o.value: o.label for o in resolved(field, state).options}
            out[f"{field.name}_label"] = labels.get(out[field.name], out[field.name])
    return out


def _shown(field: Field, value: Any) -> Any:
    if field.kind is FieldKind.CHOICES:
        labels = {o.value: o.label for o in field.options}
        return join([labels.get(v, str(v)) for v in value])
    if field.kind is FieldKind.IMAGE and isinstance(value, dict):
        return _("a picture")
    if isinstance(value, str) and len(value) > 300:
        return value[:300] + "…"
    return value


def _chosen(field: Field, state: DialogState) -> list[str]:
    """The options ticked so far; until the person touches one, those chosen before (when amending)."""
    if field.name in state.answers:
        return list(state.answers[field.name] or [])
    return [v for v in state.previous.get(field.name) or [] if v in field.values()]


def _option(field: Field, code: str) -> str | None:
    if code.isdigit() and int(code) < len(field.options):
        return field.options[int(code)].value
    return None


def _answer(form: Form, state: DialogState, field: Field | None, raw: Any, at: Situation) -> Step:
    """Read an answer to the current field, as every answer is read (typed, pressed, kept or sent whole);
    the form's checks about it run now, and the dialog goes to the next field unanswered."""
    assert field is not None
    try:
        value = read(field, raw, at)
    except NotYes:  # asked kindly once more, with the form's explanation (see `prompt`)
        return Step(replace(state, pending_refusal=field.name, nonce=state.nonce + 1, updated_at=at.now))
    except Invalid as bad:
        return Step(state, note=bad.reason)
    answers = {**state.answers, field.name: value}
    found = problems(form, answers, at, answered=field.name)
    if found:
        name, reason = next(iter(found.items()))
        return _back_to(form, replace(state, answers=answers, pending_refusal=None), name, reason, at)
    following = (i for i in range(state.step + 1, len(form.fields))
                 if form.fields[i].name not in answers and form.fields[i].asked(answers, state.context))
    moved = replace(state, step=next(following, len(form.fields)), answers=answers, pending_refusal=None,
                    nonce=state.nonce + 1, updated_at=at.now)
    if moved.step >= len(form.fields) and form.summary is None:
        return _finish(form, moved, at)
    return Step(moved)


def _finish(form: Form, state: DialogState, at: Situation) -> Step:
    """Done, once the whole form still holds as it would if sent at once (time has passed since the
    answers were given); the answers are kept as read."""
    checked = validate(form, state.answers, at)
    if not checked.ok:
        name, reason = next(iter(checked.refusals.items()))
        return _back_to(form, state, name, reason, at)
    return Step(_moved(replace(state, answers=checked.answers), at.now), done=True)


def _back_to(form: Form, state: DialogState, name: str, reason: Text, at: Situation) -> Step:
    """Ask again for the field a check refused, keeping every other answer."""
    answers = {k: v for k, v in state.answers.items() if k != name}
    return Step(replace(state, step=form.index(name), answers=answers, nonce=state.nonce + 1, updated_at=at.now),
                note=reason)


def _moved(state: DialogState, now: datetime) -> DialogState:
    return replace(state, nonce=state.nonce + 1, updated_at=now)
