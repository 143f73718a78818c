"""Fresh starts of `dreambank run` on SQLite, in webhook and long-polling mode, with the schedule syncing every
second while people write: no crash, no traceback, no "database is locked", the schedule on time.

Before the schedule's jobs left the database, its blocking writes collided with the bot's own transactions
and a fresh start often died at once. The full 20 x 2 starts of 20 s: `python3 dev.py starts`.
"""

from __future__ import annotations

import pytest

from tests.e2e.run_starts import one_start

STARTS, SECONDS = 2, 8.0


@pytest.mark.timeout(180)
@pytest.mark.parametrize("mode", ["webhook", "polling"])
async def test_fresh_starts_on_sqlite_serve_and_schedule_until_told_to_stop(tmp_path, mode):
    results = []
    for n in range(STARTS):
        data_dir = tmp_path / f"start-{n}"
        data_dir.mkdir()
        results.append(await one_start(data_dir, mode, SECONDS))

    for start in results:
        assert not start.died_early and start.exit_code == 0, start.log[-3000:]
        assert start.trouble == [], start.log[-3000:]
        assert start.missed_came and start.on_time, f"the newsletter came {start.newsletter_late} s after its time\n{start.log[-3000:]}"
        assert start.asked > 10 and start.answered == start.asked
