"""The audit trail keeps its details, times and order."""

from __future__ import annotations

import pytest

from core.model.audit import AuditEntry

from tests.factories import AT, later, seed
from tests.integration.round_trips import is_utc

pytestmark = pytest.mark.in_memory_too


class TestAudit:
    async def test_entries_about_a_subject_come_in_time_order_with_their_details(self, uow_factory):
        s = await seed(uow_factory)
        later_entry = AuditEntry(s.branch.id, s.bjorn.id, "vote", "dream:1", later(5),
                                 {"choice": "approve", "comment": "Ja!", "review_id": 4})
        first_entry = AuditEntry(s.branch.id, None, "decide", "dream:1", later(1),
                                 {"outcome": "approve", "settled": False, "nested": {"k": [1, 2]}})
        async with uow_factory() as uow:
            await uow.audit.record(later_entry)
            await uow.audit.record(first_entry)
            await uow.audit.record(AuditEntry(s.branch.id, s.anna.id, "deposit", "dream:2", AT))
            await uow.commit()
        async with uow_factory() as uow:
            entries = list(await uow.audit.about("dream:1"))
        assert [(e.actor_id, e.action, e.subject, e.at, e.detail) for e in entries] == [
            (None, "decide", "dream:1", later(1), first_entry.detail),
            (s.bjorn.id, "vote", "dream:1", later(5), later_entry.detail)]
        assert all(e.id is not None and is_utc(e.at) for e in entries)
