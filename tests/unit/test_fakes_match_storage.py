"""The in-memory ports keep the promises storage keeps: the storage round trips, run against the fakes.

Only the classes that talk to repositories are taken; those reading tables or needing row locks stay
with storage.
"""

from __future__ import annotations

import pytest

from tests.fakes import FakeDatabase
from tests.integration.test_round_trip_calls import TestCallAudience, TestCalls, TestSignups
from tests.integration.test_round_trip_events import TestEvents, TestRsvps
from tests.integration.test_round_trip_newsletters import TestNewsletters
from tests.integration.test_round_trip_padrivere import TestApplications, TestContributions

__all__ = ["TestApplications", "TestCallAudience", "TestCalls", "TestContributions", "TestEvents",
           "TestNewsletters", "TestRsvps", "TestSignups"]


@pytest.fixture
def uow_factory() -> FakeDatabase:
    return FakeDatabase()
