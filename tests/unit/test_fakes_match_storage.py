"""The fakes offer every port method storage offers, and every storage round trip runs on them to keep them alike."""

from __future__ import annotations

import ast
import inspect
import typing
from pathlib import Path

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


def test_every_storage_round_trip_runs_on_the_fakes_too():
    """A round trip left off the fakes would let them drift from storage unseen."""
    found = sorted(Path(__file__).parents[1].glob("integration/test_round_trip_*.py"))

    unmarked = [path.name for path in found if "in_memory_too" not in _module_marks(path)]

    assert found and unmarked == []


def test_every_repository_and_its_fake_have_a_round_trip_named_alike():
    """storage/repositories/dreams.py, tests/fakes/dreams.py and tests/integration/test_round_trip_dreams.py."""
    root = Path(__file__).parents[2]
    repositories = {p.stem for p in (root / "storage" / "repositories").glob("*.py")} - {"__init__", "base"}
    fakes = {p.stem for p in (root / "tests" / "fakes").glob("*.py")} - {"__init__", "database", "store"}
    round_trips = {p.stem.removeprefix("test_round_trip_") for p in (root / "tests" / "integration").glob(
        "test_round_trip_*.py")}

    assert repositories == fakes == round_trips


def _module_marks(path: Path) -> set[str]:
    """The names of the marks set on a whole test module (its `pytestmark`), read without importing it."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "pytestmark" for t in node.targets):
            return {n.attr for n in ast.walk(node.value) if isinstance(n, ast.Attribute)
                    and isinstance(n.value, ast.Attribute) and n.value.attr == "mark"}
    return set()
