"""How the bank looks: the dreams in it, one page at a time, for anyone (a visitor too).

A chat lists the page's titles; the web shows each with its opening, needs, likes and offers of help, under the
reader's search, order and need.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Text, _, ngettext
from ..model.bank import COUNT_MAX, SORT_LABELS, BankEntry, BankPage, BankQuery, BankSort
from ..model.branches import Branch
from ..model.dreams import NEED_LABELS, Need
from .actions import Action
from .dreams import needs_text
from .model import PAGE_SIZE, Act, Entry, Fact, Listing, turns
from .text import excerpt

#: how much of a story an entry of the bank shows
OPENING = 240


def bank_list(branch: Branch, found: BankPage, page: int = 1, size: int = PAGE_SIZE) -> Listing:
    """The page of the bank `found` holds, as a chat lists it: each title opens its dream."""
    page, pages = _pages(found, page, size)
    previous, following = turns(Action.BANK, page, pages)
    return Listing(_("Dreams in the bank of {branch}:", branch=branch.name),
                   tuple(_entry(e) for e in found.entries),
                   _("The bank is empty so far. Yours could be the first: /deposit"), page, pages, found.total,
                   previous, following)


def _entry(found: BankEntry) -> Entry:
    return Entry(excerpt(found.dream.title, 50), None, Act.to(Action.OPEN_DREAM, found.dream.title, found.dream.id))


@dataclass(frozen=True)
class Shelved:
    """One dream on a page of the bank as the web shows it: its title, picture and opening, then its needs and
    support; `picture` is the digest that names the picture's version, None when the dream has none."""

    entry: Entry
    facts: tuple[Fact, ...]
    picture: str | None = None


@dataclass(frozen=True)
class Shelf:
    """A page of the bank under a reader's query: what was found, how many in all, and the choices to ask again."""

    title: Text
    items: tuple[Shelved, ...]
    found: Text
    empty: Text
    query: BankQuery
    page: int
    pages: int
    sorts: tuple[tuple[str, Text], ...]
    needs: tuple[tuple[str, Text], ...]

    @property
    def searched(self) -> bool:
        """Whether the reader narrowed the bank (a text or a need), so that an empty page offers to clear it."""
        return bool(self.query.text) or self.query.need is not None


def bank_shelf(branch: Branch, found: BankPage, query: BankQuery, size: int = PAGE_SIZE) -> Shelf:
    page, pages = _pages(found, query.page, size)
    searched = bool(query.text) or query.need is not None
    empty = _("No dream in the bank matches your search. Try other words, or any need.") if searched else \
        _("The bank is empty so far. Yours could be the first.")
    return Shelf(_("Dreams in the bank of {branch}", branch=branch.name), tuple(_shelved(e) for e in found.entries),
                 _found(found.total), empty, query, page, pages,
                 tuple((s.value, SORT_LABELS[s]) for s in BankSort),
                 (("", _("any need")), *((n.value, NEED_LABELS[n]) for n in Need)))


def _shelved(found: BankEntry) -> Shelved:
    d = found.dream
    return Shelved(Entry(d.title, excerpt(d.story, OPENING), Act.to(Action.OPEN_DREAM, d.title, d.id)),
                   (Fact(_("Needs"), needs_text(d)),
                    Fact(_("Support"), _("{likes} · {pledges}", likes=ngettext("{count} like", "{count} likes",
                                                                               found.likes),
                                         pledges=ngettext("{count} offer of help", "{count} offers of help",
                                                          found.pledges)))),
                   found.picture)


def _found(total: int) -> Text:
    if total > COUNT_MAX:
        return ngettext("More than {count} dream found: a search or a need narrows them.",
                        "More than {count} dreams found: a search or a need narrows them.", COUNT_MAX)
    return ngettext("{count} dream found", "{count} dreams found", total)


def _pages(found: BankPage, page: int, size: int) -> tuple[int, int]:
    pages = max(1, -(-min(found.total, COUNT_MAX) // size))
    return min(max(1, page), pages), pages
