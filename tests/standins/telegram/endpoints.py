"""The table of Bot API methods the stand-in serves, and the request each of them is handed.

Each ``endpoints_*.py`` module registers its methods with ``@method("sendMessage")``; a method is a
function ``(api, req) -> result`` (or a coroutine) that raises ApiError to refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request

from tests.standins.telegram.records import JsonDict, Upload

#: lower-case method name -> (its canonical spelling, the function serving it)
METHODS: dict[str, tuple[str, Callable[..., Any]]] = {}


def method(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as the Bot API method ``name``."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        METHODS[name.lower()] = (name, function)
        return function

    return register


@dataclass
class Req:
    """One call's decoded parameters, its HTTP request and its uploaded files."""

    params: JsonDict
    request: Request
    files: dict[str, Upload] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)
