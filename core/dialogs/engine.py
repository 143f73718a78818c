"""Asking a form one field at a time: pure steps from a stored state and an answer to the next."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Callable

from ..chat.replies import Button, Message
from ..i18n import DEFAULT_LANGUAGE, Text, _, join, ngettext
from .forms import YES_WORDS, Field, FieldKind, Form, Invalid, Option, Situation, clean
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
    """A new dialog, with an instance id of its own that its buttons carry (so no other dialog obeys them)."""
    return DialogState(member_id, form.name, 0, {}, dict(context or {}), now, previous=dict(previous or {}),
                       instance=secrets.token_hex(4))


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


def on_image(form: Form, state: DialogState, image: dict[str, str], now: datetime, timezone: str = "UTC"
             ) -> Step | None:
    """A picture was sent; a step when the dialog asks for one, else None (it is not for the dialog)."""
    field = current_field(form, state)
    if field is None or field.kind is not FieldKind.IMAGE or state.pending_refusal:
        return None
    return _advance(form, state, field, dict(image), Situation(now, timezone))


def on_text(form: Form, state: DialogState, raw: str, now: datetime, language: str = DEFAULT_LANGUAGE,
            timezone: str = "UTC") -> Step:
    """Typed text: the answer to the current field (parsed in the person's language), or yes at the end."""
    at = Situation(now, timezone)
    field = current_field(form, state)
    word = clean(raw).lower()
    if state.pending_refusal:
        return _advance(form, state, field, True, at) if word in YES_WORDS else Step(state)
    if field is None:
        if word in YES_WORDS:
            return _finish(form, state, at)
        return Step(state, note=_("Please confirm with yes, or use /cancel."))
    if word in SKIP_WORDS and not field.required:
        return _advance(form, state, field, None, at)
    if word in KEEP_WORDS and field.name in state.previous:
        return _advance(form, state, field, state.previous[field.name], at)
    try:
        value = field.parse(raw, language)
    except Invalid as bad:
        return Step(state, note=bad.reason)
    return _advance(form, state, field, value, at)


def on_code(form: Form, state: DialogState, code: str, now: datetime, timezone: str = "UTC") -> Step:
    """A button of the current step was pressed (the caller has checked it is not stale)."""
    at = Situation(now, timezone)
    field = current_field(form, state)
    if code == CANCEL:
        return Step(state, cancelled=True)
    if state.pending_refusal:
        if code == YES:
            return _advance(form, state, field, True, at)
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
        return _advance(form, state, field, None, at)
    if code == KEEP and field.name in state.previous:
        return _advance(form, state, field, state.previous[field.name], at)
    if field.kind is FieldKind.YES_NO and code in (YES, NO):
        return _advance(form, state, field, code == YES, at)
    if field.kind is FieldKind.CHOICES:
        chosen = _chosen(field, state)
        if code == DONE:
            if not chosen:
                return Step(state, note=_("Please choose at least one of the options."))
            return _advance(form, state, field, chosen, at)
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
            return _advance(form, state, field, value, at)
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
        chosen = _chosen(field, state)
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


def _chosen(field: Field, state: DialogState) -> list[str]:
    """The options ticked so far; until the person touches one, those chosen before (when amending)."""
    if field.name in state.answers:
        return list(state.answers[field.name] or [])
    return [v for v in state.previous.get(field.name) or [] if v in field.values()]


def _option(field: Field, code: str) -> str | None:
    if code.isdigit() and int(code) < len(field.options):
        return field.options[int(code)].value
    return None


def _advance(form: Form, state: DialogState, field: Field | None, value: Any, at: Situation) -> Step:
    """Take an answer; the form's checks about it run now, and the dialog goes to the next field unanswered."""
    assert field is not None
    if field.kind is FieldKind.YES_NO and field.must_be_yes is not None and value is False:
        return Step(replace(state, pending_refusal=field.name, nonce=state.nonce + 1, updated_at=at.now))
    answers = {**state.answers, field.name: value}
    problem = form.problem(answers, at, answered=field.name)
    if problem is not None:
        return _back_to(form, replace(state, answers=answers, pending_refusal=None), *problem, at)
    following = (i for i in range(state.step + 1, len(form.fields)) if form.fields[i].name not in answers)
    moved = replace(state, step=next(following, len(form.fields)), answers=answers, pending_refusal=None,
                    nonce=state.nonce + 1, updated_at=at.now)
    if moved.step >= len(form.fields) and form.summary is None:
        return _finish(form, moved, at)
    return Step(moved)


def _finish(form: Form, state: DialogState, at: Situation) -> Step:
    """Done, once every check still holds (time has passed since the answers were given)."""
    problem = form.problem(state.answers, at)
    if problem is not None:
        return _back_to(form, state, *problem, at)
    return Step(_moved(state, at.now), done=True)


def _back_to(form: Form, state: DialogState, name: str, reason: Text, at: Situation) -> Step:
    """Ask again for the field a check refused, keeping every other answer."""
    answers = {k: v for k, v in state.answers.items() if k != name}
    return Step(replace(state, step=form.index(name), answers=answers, nonce=state.nonce + 1, updated_at=at.now),
                note=reason)


def _moved(state: DialogState, now: datetime) -> DialogState:
    return replace(state, nonce=state.nonce + 1, updated_at=now)
