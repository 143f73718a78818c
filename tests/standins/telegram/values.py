"""Reading the bot's parameters as Telegram does, and comparing them loosely in a test's expectations."""

from __future__ import annotations

import time
from typing import Any

from tests.standins.telegram.records import JsonDict, bad


def same_id(a: Any, b: Any) -> bool:
    return str(a) == str(b)


def loose_equal(actual: Any, expected: Any) -> bool:
    if (
        isinstance(actual, (int, str))
        and isinstance(expected, (int, str))
        and not isinstance(actual, bool)
        and not isinstance(expected, bool)
    ):
        return str(actual) == str(expected)
    return actual == expected


def matches(params: JsonDict, match: JsonDict) -> bool:
    """Whether the params meet every expectation: a value compared loosely (123 == "123"), or a predicate."""
    for key, expected in match.items():
        actual = params.get(key)
        if callable(expected):
            if not expected(actual):
                return False
        elif not loose_equal(actual, expected):
            return False
    return True


def as_int(value: Any, name: str) -> int:
    if isinstance(value, bool):
        raise bad(f'field "{name}" must be of type Integer')
    try:
        return int(value)
    except (TypeError, ValueError):
        raise bad(f'field "{name}" must be of type Integer') from None


def as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.lower() in ("true", "1")
    return bool(value)


def plain(value: Any) -> Any:
    """A Bot API object as its JSON dict: dicts pass through, PTB objects via ``to_dict()``."""
    if value is None or isinstance(value, (dict, int, str)):
        return value
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    raise TypeError(f"expected a Bot API dict or object, got {value!r}")


def unix_now() -> int:
    """The wall-clock time in whole seconds, as in a message's ``date``."""
    return int(time.time())
