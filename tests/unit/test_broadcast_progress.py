"""How long a broadcast has left: measured from its own sends, never made up from a configured rate."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from core.model.notices import Progress

T0 = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)


class TestTimeLeft:
    def test_before_anything_is_sent_there_is_no_estimate(self):
        assert Progress(1000, 0, 0, 1000).time_left(T0) is None

    def test_the_rate_measured_so_far_gives_the_time_left(self):
        p = Progress(1000, 101, 0, 899, T0, T0 + timedelta(seconds=10))  # 100 sends in 10 s after the first

        assert p.time_left(T0 + timedelta(seconds=10)) == timedelta(seconds=89.9)

    def test_a_broadcast_nothing_has_sent_for_a_while_has_no_estimate(self):
        p = Progress(1000, 101, 0, 899, T0, T0 + timedelta(seconds=10))

        assert p.time_left(T0 + timedelta(minutes=5)) is None

    def test_a_finished_broadcast_has_nothing_left(self):
        assert Progress(3, 2, 1, 0, T0, T0).time_left(T0 + timedelta(hours=1)) == timedelta(0)
