"""Asking a form one field at a time: pure steps from a stored state and an answer to the next."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Callable

from ..chat.replies import Button, Message
from ..i18n import Text, _, join, ngettext
from .forms import YES_WORDS, Field, FieldKind, Form, Invalid, Option, clean
from .state import DialogState

SKIP, KEEP, DONE, YES, NO, REVISE, CANCEL, CONFIRM, EDIT = "sk", "kp", "dn", "y", "n", "rv", "cx", "ok", "ed"
SKIP_WORDS = {"-", "/skip"}
KEEP_WORDS = {"/keep", "="}

Tokens = Callable[[str], str]


@dataclass(frozen=True)
class Step:
    """Where an answer leaves the dialog: its new state, finished, or cancelled; and a note."""

    state: DialogState
    done: bool = False
    cancelled: bool = False
    note: Text | None = None


def start(form: Form, member_id: int, now: datetime, context: dict[str, Any] | None = None,
          previous: dict[str, Any] | None = None) -> DialogState:
    return DialogState(member_id, form.name, 0, {}, dict(context or {}), now, previous=dict(previous or {}))


def current_field(form: Form, state: DialogState) -> Field | None:
    if state.step >= len(form.fields):
        return None
    return resolved(form.fields[state.step], state)


def resolved(field: Field, state: DialogState) -> Field:
    """The field with its options filled in, when they come from the dialog's context."""
    if not field.options_from:
        return field
    pairs = state.context.get(field.options_from) or []
    return replace(field, options=tuple(Option(str(value), str(label)) for value, label in pairs))


def on_image(form: Form, state: DialogState, image: dict[str, str], now: datetime) -> Step | None:
    """A picture was sent; a step when the dialog asks for one, else None (it is not for the dialog)."""
    field = current_field(form, state)
    if field is None or field.kind is not FieldKind.IMAGE or state.pending_refusal:
        return None
    return _advance(form, state, field, dict(image), now)


def on_text(form: Form, state: DialogState, raw: str, now: datetime) -> Step:
    field = current_field(form, state)
    word = clean(raw).lower()
    if state.pending_refusal:
        return _advance(form, state, field, True, now) if word in YES_WORDS else Step(state)
    if field is None:
        if word in YES_WORDS:
            return Step(_moved(state, now), done=True)
        return Step(state, note=_("Please confirm with yes, or use /cancel."))
    if word in SKIP_WORDS and not field.required:
        return _advance(form, state, field, None, now)
    if word in KEEP_WORDS and field.name in state.previous:
        return _advance(form, state, field, state.previous[field.name], now)
    try:
        value = field.parse(raw)
    except Invalid as bad:
        return Step(state, note=bad.reason)
    return _advance(form, state, field, value, now)


def on_code(form: Form, state: DialogState, code: str, now: datetime) -> Step:
    """A button of the current step was pressed (the caller has checked it is not stale)."""
    field = current_field(form, state)
    if code == CANCEL:
        return Step(state, cancelled=True)
    if state.pending_refusal:
        if code == YES:
            return _advance(form, state, field, True, now)
        if code == REVISE:
            previous = {**state.previous, **state.answers}
            return Step(replace(state, step=0, answers={}, previous=previous, pending_refusal=None,
                                nonce=state.nonce + 1, updated_at=now))
        return Step(state)
    if field is None:
        if code == CONFIRM:
            return Step(_moved(state, now), done=True)
        if code == EDIT:
            return Step(replace(state, step=0, answers={}, previous={**state.previous, **state.answers},
                                nonce=state.nonce + 1, updated_at=now))
        return Step(state)
    if code == SKIP and not field.required:
        return _advance(form, state, field, None, now)
    if code == KEEP and field.name in state.previous:
        return _advance(form, state, field, state.previous[field.name], now)
    if field.kind is FieldKind.YES_NO and code in (YES, NO):
        return _advance(form, state, field, code == YES, now)
    if field.kind is FieldKind.CHOICES:
        chosen = list(state.answers.get(field.name) or [])
        if code == DONE:
            if not chosen:
                return Step(state, note=_("Please choose at least one of the options."))
            return _advance(form, state, field, chosen, now)
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
            return _advance(form, state, field, value, now)
    return Step(state)


def prompt(form: Form, state: DialogState, token: Tokens) -> Message:
    field = current_field(form, state)
    cancel = [Button(_("Cancel"), token(CANCEL))]
    if state.pending_refusal:
        refused = form.field(state.pending_refusal)
        return Message.of(refused.must_be_yes or refused.prompt, buttons=[
            [Button(_("Yes, it does"), token(YES))], [Button(_("Revise my dream"), token(REVISE))], cancel])
    if field is None:
        lines = form.summary(_with_labels(form, state)) if form.summary else []
        return Message.of(*lines, _("Is this right?"), buttons=[
            [Button(form.confirm_label, token(CONFIRM))], [Button(_("Change something"), token(EDIT))], cancel])
    lines: list[Text] = [_("{form} — step {n} of {total}", form=form.title, n=state.step + 1,
                           total=len(form.fields)), field.prompt]
    rows: list[list[Button]] = []
    if field.kind is FieldKind.CHOICE:
        rows += [[Button(o.label, token(str(i)))] for i, o in enumerate(field.options)]
    elif field.kind is FieldKind.CHOICES:
        chosen = state.answers.get(field.name) or []
        rows += [[Button(_("✓ {label}", label=o.label) if o.value in chosen else o.label, token(str(i)))]
                 for i, o in enumerate(field.options)]
        rows.append([Button(_("Done"), token(DONE))])
        lines.append(_("Tap to choose one or more, then Done. You can also type them, separated by commas."))
    elif field.kind is FieldKind.YES_NO:
        rows.append([Button(_("Yes"), token(YES)), Button(_("No"), token(NO))])
    elif field.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
        lines.append(ngettext("(up to {count} character)", "(up to {count} characters)", field.max_length))
    elif field.kind is FieldKind.DATETIME:
        lines.append(_("(as YYYY-MM-DD HH:MM, like 2027-05-17 18:00)"))
    if field.name in state.previous and state.previous[field.name] not in (None, ""):
        lines.append(_("Now: {value}", value=_shown(field, state.previous[field.name])))
        rows.append([Button(_("Keep this"), token(KEEP))])
    if not field.required:
        rows.append([Button(_("Skip"), token(SKIP))])
    rows.append(cancel)
    return Message.of(*lines, buttons=rows, wants_number=field.kind is FieldKind.NUMBER)


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


def _option(field: Field, code: str) -> str | None:
    if code.isdigit() and int(code) < len(field.options):
        return field.options[int(code)].value
    return None


def _advance(form: Form, state: DialogState, field: Field | None, value: Any, now: datetime) -> Step:
    assert field is not None
    if field.kind is FieldKind.YES_NO and field.must_be_yes is not None and value is False:
        return Step(replace(state, pending_refusal=field.name, nonce=state.nonce + 1, updated_at=now))
    answers = {**state.answers, field.name: value}
    moved = replace(state, step=state.step + 1, answers=answers, pending_refusal=None, nonce=state.nonce + 1,
                    updated_at=now)
    if moved.step >= len(form.fields) and form.summary is None:
        return Step(moved, done=True)
    return Step(moved)


def _moved(state: DialogState, now: datetime) -> DialogState:
    return replace(state, nonce=state.nonce + 1, updated_at=now)
