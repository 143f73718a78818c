"""A webhook's answer: Telegram carries out the one Bot API method named in the body of the webhook's HTTP response
(its result is not told), so a button press is answered there instead of by a request of its own."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

#: the response body being made for the update handled now, when it came by webhook
_ANSWER: ContextVar[dict[str, Any] | None] = ContextVar("telegram_webhook_answer", default=None)


@contextlib.contextmanager
def answer_in_response() -> Iterator[dict[str, Any]]:
    """While an update that came by webhook is handled: the method call its response will carry, empty unless
    one was left for it (see `left_for_response`)."""
    answer: dict[str, Any] = {}
    token = _ANSWER.set(answer)
    try:
        yield answer
    finally:
        _ANSWER.reset(token)


def left_for_response(method: str, **params: Any) -> bool:
    """Leave the call for the webhook's response: True when the update came by webhook and its response carries
    no call yet (one method a response); False otherwise, and the call is then to be made as a request."""
    answer = _ANSWER.get()
    if answer is None or answer:
        return False
    answer.update(method=method, **{name: value for name, value in params.items() if value is not None})
    return True
