"""A view model laid out for a chat: lines of text and rows of buttons carrying signed tokens.

Chats answered step by step (Telegram, the console) share this layout; each draws the resulting
message its own way. The view travels with the message, so a surface that can do more (an embed,
a web page) draws the view itself. Refused actions are not offered as buttons in a chat.
"""

from __future__ import annotations

from ..i18n import Text, _
from ..views.model import Act, Card, Choice, Listing, Note, Question, Sheet, View
from .buttons import ButtonCodec
from .replies import Button, Message


def as_message(view: View, codec: ButtonCodec, *, replaces: bool = False, wants_number: bool = False) -> Message:
    if isinstance(view, Card):
        lines: list[Text | str] = [view.title]
        lines += [_("{label}: {value}", label=f.label, value=f.value) for f in view.fields]
        if view.state is not None:
            lines.append(_("State: {state}", state=view.state))
        lines += list(view.body)
        rows = _rows(view.actions, codec)
        topic = view.topic
    elif isinstance(view, Listing):
        lines = [view.title, *view.intro]
        if not view.entries:
            lines.append(view.empty)
        rows = [[_button(e.open, codec, e.title if e.detail is None else
                         _("{title} — {detail}", title=e.title, detail=e.detail))]
                for e in view.entries if e.open is not None and e.open.allowed]
        lines += [e.title if e.detail is None else _("{title} — {detail}", title=e.title, detail=e.detail)
                  for e in view.entries if e.open is None]
        if view.pages > 1:
            lines.append(_("Page {page} of {pages}", page=view.page, pages=view.pages))
        rows.append([_button(a, codec) for a in (view.previous, view.next) if a is not None and a.allowed])
        rows += _rows(view.actions, codec)
        topic = ""
    elif isinstance(view, Choice):
        lines = [view.prompt]
        rows = [[_button(o, codec)] for o in view.options if o.allowed]
        topic = ""
    elif isinstance(view, Note):
        lines, rows, topic = list(view.lines), _rows(view.actions, codec), view.topic
    elif isinstance(view, Question):
        lines, topic = list(view.lines), ""
        options = [_button(o, codec, _("✓ {label}", label=o.label) if o.pressed else None)
                   for o in view.options if o.allowed]
        rows = [options] if view.kind == "yes_no" else [[o] for o in options]
        rows += _rows(view.actions, codec)
        wants_number = wants_number or view.wants_number
    elif isinstance(view, Sheet):
        lines, rows, topic = _sheet_lines(view), [], ""
    else:  # pragma: no cover - a new kind of view needs a layout
        raise TypeError(f"no chat layout for {type(view).__name__}")
    message = Message.of(*lines, buttons=rows, topic=topic, replaces=replaces, wants_number=wants_number)
    return message.with_view(view)


def _sheet_lines(sheet: Sheet) -> list[Text | str]:
    """A whole form in a chat: what was refused, field by field, or which page comes next."""
    lines: list[Text | str] = [sheet.title]
    refused = [i for i in sheet.inputs if i.refused is not None]
    if refused:
        lines.append(_("Nothing was saved yet. Please look at these answers again:"))
        for i in refused:  # the question, and under it why its answer was not taken
            lines += [i.label, i.refused]
    elif len(sheet.pages) > 1:
        lines.append(_("Page {page} of {pages}", page=sheet.page, pages=len(sheet.pages)))
    return lines


def _rows(actions: tuple[tuple[Act, ...], ...], codec: ButtonCodec) -> list[list[Button]]:
    return [[_button(a, codec) for a in row if a.allowed] for row in actions]


def _button(act: Act, codec: ButtonCodec, label: Text | str | None = None) -> Button:
    shown = act.label if label is None else label
    if act.action is None:
        return Button(shown, link=act.link, share=act.share, invite=act.invite)
    return Button(shown, codec.encode(act.action, *act.args))


def as_buttons(actions: tuple[tuple[Act, ...], ...] | list[list[Act]], codec: ButtonCodec) -> list[list[Button]]:
    """Rows of actions as rows of buttons, the refused ones left out (for notices, which carry no view)."""
    return _rows(tuple(tuple(row) for row in actions), codec)
