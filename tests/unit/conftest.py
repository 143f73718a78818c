"""Unit tests run core against in-memory ports."""

import pytest

from tests.factories import make_village
from tests.fakes import FakeDatabase


@pytest.fixture
def db() -> FakeDatabase:
    return FakeDatabase()


@pytest.fixture
async def village(db):
    return await make_village(db)


@pytest.fixture
async def circle(db):
    """The village, with Hanne as community manager and the circle's closed group linked."""
    from tests.unit.circle import make_circle

    return await make_circle(db)


@pytest.fixture
async def everyone(circle):
    """The circle with every kind of viewer: Anna a resident, Frida a pådriver, Hanne the community manager,
    Karl a consultant (and None, a visitor)."""
    from tests.unit.circle import add_everyone

    return await add_everyone(circle)


@pytest.fixture
async def people(db):
    """The circle's village in chat: each person talks to one conversation; Hanne is the community manager."""
    from tests.unit.circle_chat import make_people

    return await make_people(db)
