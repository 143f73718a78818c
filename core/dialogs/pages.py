"""A form shown whole: its fields in pages of at most five inputs, as a surface draws them.

A Discord modal holds five inputs, so a longer form is split: by the form's own `pages` when it
names them, else into pages of near-equal size in field order (seven fields as four and three).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..i18n import Text
from ..views.model import Input, Sheet
from .forms import Field, Form
from .validation import resolved

#: inputs on one page of a form (a Discord modal's limit)
PAGE_MAX = 5


class BadPages(ValueError):
    """A form's pages do not name each of its fields once, in groups of at most five."""


def pages(form: Form) -> tuple[tuple[Field, ...], ...]:
    """The form's fields, page by page (a form without fields has one empty page)."""
    if form.pages:
        named = [name for page in form.pages for name in page]
        if sorted(named) != sorted(f.name for f in form.fields) or len(set(named)) != len(named):
            raise BadPages(f"the pages of {form.name!r} must name each of its fields once")
        if any(not page or len(page) > PAGE_MAX for page in form.pages):
            raise BadPages(f"each page of {form.name!r} must hold one to {PAGE_MAX} fields")
        return tuple(tuple(form.field(name) for name in page) for page in form.pages)
    count = max(1, -(-len(form.fields) // PAGE_MAX))
    size, extra = divmod(len(form.fields), count)
    out, start = [], 0
    for number in range(count):
        end = start + size + (1 if number < extra else 0)
        out.append(tuple(form.fields[start:end]))
        start = end
    return tuple(out)


def page_of(form: Form, name: str) -> int:
    """The page (1-based) that holds the field."""
    return next(n for n, page in enumerate(pages(form), 1) if any(f.name == name for f in page))


def sheet(form: Form, context: Mapping[str, Any], answers: Mapping[str, Any] | None = None,
          previous: Mapping[str, Any] | None = None, refusals: Mapping[str, Text] | None = None,
          instance: str = "", page: int = 1) -> Sheet:
    """The form as a surface draws it whole: each input with its kind, limits and options, filled in
    with the answer given so far (or the one given before, when amending), and why it was refused."""
    answers, previous, refusals = answers or {}, previous or {}, refusals or {}

    def value(name: str) -> Any:
        return answers[name] if name in answers else previous.get(name)

    drawn = tuple(tuple(_input(resolved(f, context), value(f.name), refusals.get(f.name)) for f in group)
                  for group in pages(form))
    return Sheet(form.name, form.title, drawn, form.confirm_label, instance, min(max(1, page), len(drawn)))


def _input(field: Field, value: Any, refused: Text | None) -> Input:
    # a field asked only after certain answers is not required of a form shown whole: it may not be asked at all
    return Input(field.name, field.kind.value, field.prompt, field.required and not field.when, field.min_length,
                 field.max_length, None if field.minimum is None else str(field.minimum),
                 None if field.maximum is None else str(field.maximum), field.whole,
                 tuple((o.value, o.label) for o in field.options), value, refused)
