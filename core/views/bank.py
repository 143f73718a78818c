"""How the bank looks: the dreams in it, one page at a time, for anyone (a visitor too)."""

from __future__ import annotations

from ..i18n import _
from ..model.branches import Branch
from ..model.dreams import Dream
from .actions import Action
from .model import Act, Entry, Listing
from .paging import page_of
from .text import excerpt


def bank_list(branch: Branch, dreams: list[Dream], page: int = 1) -> Listing:
    return page_of(_("Dreams in the bank of {branch}:", branch=branch.name), dreams, page, _entry,
                   _("The bank is empty so far. Yours could be the first: /deposit"), Action.BANK)


def _entry(dream: Dream) -> Entry:
    return Entry(excerpt(dream.title, 50), None, Act.to(Action.OPEN_DREAM, dream.title, dream.id))
