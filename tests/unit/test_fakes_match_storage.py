"""The in-memory ports offer what storage offers: every port method, with the same parameters, on both sides.

That they behave alike is checked by the storage round trips, which run on the fakes as well
(tests/integration/conftest.py).
"""

from __future__ import annotations

import inspect
import typing

import pytest

from core.ports import UnitOfWork
from storage.unit_of_work import SqlUnitOfWork
from tests.fakes import FakeDatabase


def _parameters(cls: type, method: str) -> list[str] | None:
    found = getattr(cls, method, None)
    return list(inspect.signature(found).parameters) if callable(found) else None


@pytest.mark.parametrize("name", sorted(typing.get_type_hints(UnitOfWork)))
async def test_every_repository_of_both_units_of_work_has_each_method_of_its_port(name):
    """A port method missing from the fakes would only show when a use case calls it in a unit test."""
    port = typing.get_type_hints(UnitOfWork)[name]
    methods = [m for m, member in vars(port).items() if not m.startswith("_") and callable(member)]
    async with FakeDatabase()() as fake:
        faked = type(getattr(fake, name))
    stored = typing.get_type_hints(SqlUnitOfWork)[name]
    for implementation in (faked, stored):
        assert {m: _parameters(implementation, m) for m in methods} == {m: _parameters(port, m) for m in methods}, \
            implementation.__name__
