"""Lists one page at a time: the entries on a page, and the actions that turn it."""

from __future__ import annotations

from typing import Any, Callable, TypeVar

from ..i18n import Text
from .actions import Action
from .model import Act, Entry, Listing, paged, turns

T = TypeVar("T")


def page_of(title: Text | str, items: list[T], page: int, entry: Callable[[T], Entry], empty: Text | str,
            turn: Action, *args: Any, intro: tuple[Text | str, ...] = (),
            actions: tuple[tuple[Act, ...], ...] = ()) -> Listing:
    """A Listing of `items` on `page`; its previous and next acts are `turn` with `args` and the page number."""
    shown, page, pages = paged(items, page)
    previous, following = turns(turn, page, pages, *args)
    return Listing(title, tuple(entry(item) for item in shown), empty, page, pages, len(items), previous,
                   following, intro, actions)


def page_arg(args: tuple[str, ...] | list[str], index: int = 0) -> int:
    """The page number a press or command carries at `index`; the first page when it carries none."""
    return int(args[index]) if len(args) > index and args[index].isdigit() and len(args[index]) < 6 else 1
