"""Discord's checks on message, component, modal and command bodies, answered as 50035 Invalid Form Body.

Lengths are counted in code points (Python's ``len``), as Discord counts them. Each problem lands at
its place in the body, as Discord nests them: ``{"embeds": {"0": {"fields": {"_errors": [...]}}}}``.
"""

from __future__ import annotations

import re
from typing import Any

from tests.standins.discord.records import JsonDict, empty_message, invalid_form

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
EMBED_FIELDS_MAX = 25
EMBED_FIELD_NAME_MAX = 256
EMBED_FIELD_VALUE_MAX = 1024
EMBED_FOOTER_MAX = 2048
EMBED_AUTHOR_MAX = 256
EMBED_TOTAL_MAX = 6000
ACTION_ROWS_MAX = 5
BUTTONS_PER_ROW_MAX = 5
CUSTOM_ID_MAX = 100
BUTTON_LABEL_MAX = 80
SELECT_OPTIONS_MAX = 25
SELECT_OPTION_TEXT_MAX = 100
SELECT_PLACEHOLDER_MAX = 150
MODAL_TITLE_MAX = 45
MODAL_COMPONENTS_MAX = 5
TEXT_INPUT_LABEL_MAX = 45
TEXT_INPUT_VALUE_MAX = 4000
TEXT_INPUT_PLACEHOLDER_MAX = 100
LABEL_DESCRIPTION_MAX = 100
THREAD_NAME_MAX = 100
APPLIED_TAGS_MAX = 5

LOCALES = frozenset(
    "id da de en-GB en-US es-ES es-419 fr hr it lt hu nl no pl pt-BR ro fi sv-SE vi tr cs el bg ru uk hi th "
    "zh-CN ja zh-TW ko".split()
)
COMMAND_NAME = re.compile(r"^[-_'\w\u0900-\u097F\u0E00-\u0E7F]{1,32}$")
COMMAND_TYPES = {1: "CHAT_INPUT", 2: "USER", 3: "MESSAGE"}
OPTION_TYPES = frozenset(range(1, 12))

ACTION_ROW, BUTTON, STRING_SELECT, TEXT_INPUT = 1, 2, 3, 4
SELECTS = frozenset({3, 5, 6, 7, 8})
LABEL = 18
TEXT_DISPLAY = 10


class FormErrors:
    """Collects problems by their place in the body and raises one 50035 with all of them."""

    def __init__(self) -> None:
        self.errors: JsonDict = {}

    def add(self, place: tuple[str | int, ...], code: str, message: str) -> None:
        node = self.errors
        for part in place:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def too_long(self, place: tuple[str | int, ...], limit: int) -> None:
        self.add(place, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def too_short(self, place: tuple[str | int, ...], limit: int) -> None:
        self.add(place, "BASE_TYPE_MIN_LENGTH", f"Must be {limit} or more in length.")

    def required(self, place: tuple[str | int, ...]) -> None:
        self.add(place, "BASE_TYPE_REQUIRED", "This field is required")

    def text(self, place: tuple[str | int, ...], value: Any, limit: int, *, required: bool = False) -> int:
        """Checks a text field and returns its length (0 when absent)."""
        if value is None:
            if required:
                self.required(place)
            return 0
        if not isinstance(value, str):
            self.add(place, "BASE_TYPE_STRING", "Must be a string.")
            return 0
        if required and not value.strip():
            self.required(place)
        if len(value) > limit:
            self.too_long(place, limit)
        return len(value)

    def raise_if_any(self) -> None:
        if self.errors:
            raise invalid_form(self.errors)


def check_message(body: JsonDict, *, files: int = 0, editing: bool = False) -> None:
    """What Discord checks in a message create/edit body (and in interaction responses 4 and 7)."""
    form = FormErrors()
    form.text(("content",), body.get("content"), CONTENT_MAX)
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS_MAX:
        form.too_long(("embeds",), EMBEDS_MAX)
    total = 0
    for index, embed in enumerate(embeds):
        total += check_embed(form, ("embeds", index), embed)
    if total > EMBED_TOTAL_MAX:
        form.add(("embeds",), "MAX_EMBED_SIZE_EXCEEDED", f"Embed size exceeds maximum size of {EMBED_TOTAL_MAX}")
    check_components(form, body.get("components") or [], v2=bool((body.get("flags") or 0) & (1 << 15)))
    form.raise_if_any()
    if editing:
        return
    has_something = (
        body.get("content") or embeds or body.get("components") or files or body.get("sticker_ids") or body.get("poll")
    )
    if not has_something:
        raise empty_message()


def check_embed(form: FormErrors, place: tuple[str | int, ...], embed: JsonDict) -> int:
    total = form.text((*place, "title"), embed.get("title"), EMBED_TITLE_MAX)
    total += form.text((*place, "description"), embed.get("description"), EMBED_DESCRIPTION_MAX)
    footer = embed.get("footer") or {}
    total += form.text((*place, "footer", "text"), footer.get("text"), EMBED_FOOTER_MAX, required=bool(footer))
    author = embed.get("author") or {}
    total += form.text((*place, "author", "name"), author.get("name"), EMBED_AUTHOR_MAX, required=bool(author))
    fields = embed.get("fields") or []
    if len(fields) > EMBED_FIELDS_MAX:
        form.too_long((*place, "fields"), EMBED_FIELDS_MAX)
    for index, item in enumerate(fields):
        total += form.text((*place, "fields", index, "name"), item.get("name"), EMBED_FIELD_NAME_MAX, required=True)
        total += form.text((*place, "fields", index, "value"), item.get("value"), EMBED_FIELD_VALUE_MAX, required=True)
    return total


def check_components(form: FormErrors, rows: list[JsonDict], *, v2: bool = False) -> None:
    """Action rows of buttons or one select each (components v2 messages are taken as they come)."""
    if v2:
        return
    if len(rows) > ACTION_ROWS_MAX:
        form.too_long(("components",), ACTION_ROWS_MAX)
    seen: set[str] = set()
    for row_index, row in enumerate(rows):
        place = ("components", row_index)
        if row.get("type") != ACTION_ROW:
            form.add((*place, "type"), "UNION_TYPE_CHOICES", 'Value of field "type" must be one of (1,).')
            continue
        children = row.get("components") or []
        if not children:
            form.too_short((*place, "components"), 1)
        selects = [child for child in children if child.get("type") in SELECTS]
        if selects and len(children) > 1:
            form.add(
                (*place, "components"),
                "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                "The specified component exceeds the maximum width",
            )
        if len(children) > BUTTONS_PER_ROW_MAX:
            form.too_long((*place, "components"), BUTTONS_PER_ROW_MAX)
        for index, child in enumerate(children):
            check_component(form, (*place, "components", index), child, seen)


def check_component(form: FormErrors, place: tuple[str | int, ...], component: JsonDict, seen: set[str]) -> None:
    kind = component.get("type")
    custom_id = component.get("custom_id")
    if custom_id is not None:
        form.text((*place, "custom_id"), custom_id, CUSTOM_ID_MAX, required=True)
        if custom_id in seen:
            form.add(
                (*place, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated"
            )
        seen.add(custom_id)
    if kind == BUTTON:
        form.text((*place, "label"), component.get("label"), BUTTON_LABEL_MAX)
        style = component.get("style")
        if style == 5:
            if not component.get("url"):
                form.required((*place, "url"))
        elif style == 6:
            if not component.get("sku_id"):
                form.required((*place, "sku_id"))
        elif custom_id is None:
            form.required((*place, "custom_id"))
        if not component.get("label") and not component.get("emoji") and style != 6:
            form.add((*place,), "BUTTON_COMPONENT_INVALID", "A button must have a label or an emoji")
    elif kind in SELECTS:
        if custom_id is None:
            form.required((*place, "custom_id"))
        form.text((*place, "placeholder"), component.get("placeholder"), SELECT_PLACEHOLDER_MAX)
        if kind == STRING_SELECT:
            options = component.get("options") or []
            if not options:
                form.too_short((*place, "options"), 1)
            if len(options) > SELECT_OPTIONS_MAX:
                form.too_long((*place, "options"), SELECT_OPTIONS_MAX)
            values: set[str] = set()
            for index, option in enumerate(options):
                form.text(
                    (*place, "options", index, "label"), option.get("label"), SELECT_OPTION_TEXT_MAX, required=True
                )
                form.text(
                    (*place, "options", index, "value"), option.get("value"), SELECT_OPTION_TEXT_MAX, required=True
                )
                form.text((*place, "options", index, "description"), option.get("description"), SELECT_OPTION_TEXT_MAX)
                if option.get("value") in values:
                    form.add(
                        (*place, "options", index, "value"),
                        "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED",
                        "Select menu option values must be unique",
                    )
                values.add(option.get("value"))
        maximum = component.get("max_values", 1)
        minimum = component.get("min_values", 1)
        if not 0 <= minimum <= 25:
            form.add((*place, "min_values"), "NUMBER_TYPE_MAX", "int value should be less than or equal to 25.")
        if not 1 <= maximum <= 25:
            form.add((*place, "max_values"), "NUMBER_TYPE_MAX", "int value should be less than or equal to 25.")
    elif kind == TEXT_INPUT:
        form.add((*place, "type"), "COMPONENT_TYPE_INVALID", "Text inputs are only allowed in modals")


def check_modal(body: JsonDict) -> None:
    """A modal (interaction response 9): title ≤ 45, 1–5 rows of a text input, or Label components."""
    form = FormErrors()
    form.text(("title",), body.get("title"), MODAL_TITLE_MAX, required=True)
    form.text(("custom_id",), body.get("custom_id"), CUSTOM_ID_MAX, required=True)
    rows = body.get("components") or []
    if not rows:
        form.too_short(("components",), 1)
    if len(rows) > MODAL_COMPONENTS_MAX:
        form.too_long(("components",), MODAL_COMPONENTS_MAX)
    seen: set[str] = set()
    for index, row in enumerate(rows):
        place: tuple[str | int, ...] = ("components", index)
        kind = row.get("type")
        if kind == ACTION_ROW:
            children = row.get("components") or []
            if len(children) != 1 or children[0].get("type") != TEXT_INPUT:
                form.add(
                    (*place, "components"),
                    "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                    "The specified component exceeds the maximum width",
                )
                continue
            check_text_input(form, (*place, "components", 0), children[0], seen, labelled=False)
        elif kind == LABEL:
            form.text((*place, "label"), row.get("label"), TEXT_INPUT_LABEL_MAX, required=True)
            form.text((*place, "description"), row.get("description"), LABEL_DESCRIPTION_MAX)
            inner = row.get("component") or {}
            if inner.get("type") == TEXT_INPUT:
                check_text_input(form, (*place, "component"), inner, seen, labelled=True)
            elif inner.get("type") in SELECTS:
                check_component(form, (*place, "component"), inner, seen)
            else:
                form.required((*place, "component"))
        elif kind == TEXT_DISPLAY:
            form.text((*place, "content"), row.get("content"), 4000, required=True)
        else:
            form.add((*place, "type"), "UNION_TYPE_CHOICES", 'Value of field "type" must be one of (1, 10, 18).')
    form.raise_if_any()


def check_text_input(
    form: FormErrors, place: tuple[str | int, ...], text_input: JsonDict, seen: set[str], *, labelled: bool
) -> None:
    custom_id = text_input.get("custom_id")
    form.text((*place, "custom_id"), custom_id, CUSTOM_ID_MAX, required=True)
    if custom_id in seen:
        form.add((*place, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated")
    seen.add(custom_id)
    if not labelled:
        form.text((*place, "label"), text_input.get("label"), TEXT_INPUT_LABEL_MAX, required=True)
    if text_input.get("style") not in (1, 2):
        form.add((*place, "style"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2}.")
    form.text((*place, "value"), text_input.get("value"), TEXT_INPUT_VALUE_MAX)
    form.text((*place, "placeholder"), text_input.get("placeholder"), TEXT_INPUT_PLACEHOLDER_MAX)
    for bound in ("min_length", "max_length"):
        value = text_input.get(bound)
        if value is not None and not 0 <= value <= TEXT_INPUT_VALUE_MAX:
            form.add(
                (*place, bound), "NUMBER_TYPE_MAX", f"int value should be less than or equal to {TEXT_INPUT_VALUE_MAX}."
            )


def check_commands(commands: list[JsonDict]) -> None:
    """A bulk overwrite of application commands: names, descriptions, options and their localizations."""
    form = FormErrors()
    if len(commands) > 100:
        form.too_long((), 100)
    names: set[tuple[int, str]] = set()
    for index, command in enumerate(commands):
        kind = command.get("type", 1)
        place: tuple[str | int, ...] = (index,)
        if kind not in COMMAND_TYPES:
            form.add((*place, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3}.")
            continue
        check_named(form, place, command, chat_input=kind == 1)
        key = (kind, command.get("name"))
        if key in names:
            form.add(
                (*place, "name"), "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique"
            )
        names.add(key)
        if kind == 1:
            check_options(form, (*place, "options"), command.get("options") or [], depth=0)
    form.raise_if_any()


def check_named(form: FormErrors, place: tuple[str | int, ...], item: JsonDict, *, chat_input: bool) -> None:
    name = item.get("name")
    if not isinstance(name, str) or not name:
        form.required((*place, "name"))
        return
    if chat_input:
        check_name(form, (*place, "name"), name)
        form.text((*place, "description"), item.get("description"), 100, required=True)
    else:
        form.text((*place, "name"), name, 32, required=True)
    for key in ("name_localizations", "description_localizations"):
        localized = item.get(key) or {}
        for locale, text in localized.items():
            if locale not in LOCALES:
                form.add((*place, key, locale), "ENUM_TYPE_COERCE", f'Value "{locale}" is not a valid enum value.')
            elif key == "name_localizations" and chat_input:
                check_name(form, (*place, key, locale), text)
            else:
                form.text((*place, key, locale), text, 100 if key.startswith("description") else 32, required=True)


def check_name(form: FormErrors, place: tuple[str | int, ...], name: Any) -> None:
    if not isinstance(name, str) or not COMMAND_NAME.match(name):
        form.add(place, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
    elif name != name.lower():
        form.add(place, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")


def check_options(form: FormErrors, place: tuple[str | int, ...], options: list[JsonDict], *, depth: int) -> None:
    if len(options) > 25:
        form.too_long(place, 25)
    seen_optional = False
    names: set[str] = set()
    for index, option in enumerate(options):
        here = (*place, index)
        kind = option.get("type")
        if kind not in OPTION_TYPES:
            form.add((*here, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.")
            continue
        check_named(form, here, option, chat_input=True)
        if option.get("name") in names:
            form.add((*here, "name"), "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option names must be unique")
        names.add(option.get("name"))
        if kind in (1, 2):
            allowed = 1 if depth == 1 and kind == 1 else 0
            if depth > allowed and not (depth == 1 and kind == 1):
                form.add(
                    (*here, "type"),
                    "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                    "Sub-command and sub-command group option types are mutually exclusive to all other types",
                )
            check_options(form, (*here, "options"), option.get("options") or [], depth=depth + 1)
        else:
            if option.get("required"):
                if seen_optional:
                    form.add(
                        (*here, "required"),
                        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                        "Required options must be placed before non-required options",
                    )
            else:
                seen_optional = True
            choices = option.get("choices") or []
            if len(choices) > 25:
                form.too_long((*here, "choices"), 25)
            for choice_index, choice in enumerate(choices):
                form.text((*here, "choices", choice_index, "name"), choice.get("name"), 100, required=True)
