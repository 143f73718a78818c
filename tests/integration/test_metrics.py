"""`/metrics` as the composition root builds it: the outbox's depth per platform read from the database when
scraped (through the indexes of pending notices, capped, and at most every few seconds), and behind a bearer
token when one is set; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timezone

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text

from core.clock import FixedClock
from core.model.branches import Branch
from core.model.members import Identity
from core.model.notices import Broadcast, Notice, NoticeKind, NoticeStatus, Recipients
from dreambank.bootstrap import build
from dreambank.metrics import Metrics
from dreambank.settings import Settings
from storage.outbox_depth import ANY, pending_notices
from tests.factories import add_member

SECRET = "metrics-tests-secret-0123456789"
NOW = datetime(2026, 5, 4, 10, 0, tzinfo=timezone.utc)


def samples(exposition: str, name: str) -> dict[tuple[tuple[str, str], ...], float]:
    """Each sample called `name` in a scrape, by its labels."""
    found = {}
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            if sample.name == name:
                found[tuple(sorted(sample.labels.items()))] = sample.value
    return found


def depth(exposition: str) -> dict[str, float]:
    pending = samples(exposition, "dreambank_outbox_pending")
    return {dict(labels)["platform"]: value for labels, value in pending.items()}


@pytest.fixture
async def app(tmp_path, database_url):
    built = await build(Settings(data_dir=tmp_path, database_url=database_url, secret=SECRET))
    try:
        if built.engine.dialect.name == "postgresql":
            from tests.conftest import empty_postgres

            await empty_postgres(database_url)
        yield built
    finally:
        await built.close()


async def scrape(app, headers: dict[str, str] | None = None) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app.web_app()), base_url="http://testserver") as h:
        return await h.get("/metrics", headers=headers or {})


async def waiting_notices(app, on_telegram: int, on_discord: int) -> None:
    """A broadcast to members on Telegram and Discord (their platform chosen as it fans out), a notice written
    on its own (no platform yet), a mail to an address, and a notice already sent."""
    async with app.uow() as uow:
        branch = await uow.branches.add(Branch("fjordby", "Fjordby"))
        members = []
        for n in range(on_telegram + on_discord):
            where = Identity("telegram", str(7000 + n)) if n < on_telegram else Identity("discord", str(9000 + n))
            members.append(await add_member(uow, branch.id, f"Member {n}", where, NOW))
        await uow.broadcasts.add(Broadcast(branch.id, NoticeKind.ANNOUNCEMENT, {"text": "Hello"},
                                           Recipients("all"), NOW))
        await uow.outbox.put(Notice(members[0].id, branch.id, NoticeKind.ANNOUNCEMENT, {"text": "Alone"}, NOW))
        await uow.outbox.put(Notice(members[0].id, branch.id, NoticeKind.ANNOUNCEMENT, {"text": "By mail"}, NOW,
                                    via="email", address="someone@example.org"))
        await uow.outbox.put(Notice(members[1].id, branch.id, NoticeKind.ANNOUNCEMENT, {"text": "Gone"}, NOW,
                                    status=NoticeStatus.SENT, platform="telegram"))
        await uow.commit()


class TestOutboxDepth:
    async def test_the_depth_per_platform_is_the_number_of_pending_notices(self, app):
        await waiting_notices(app, on_telegram=5, on_discord=2)

        answer = await scrape(app)

        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
        assert depth(answer.text) == {"telegram": 5, "discord": 2, "email": 1, ANY: 1}

    async def test_a_count_stops_at_its_cap(self, app):
        await waiting_notices(app, on_telegram=5, on_discord=0)

        counts = await pending_notices(app.engine, ("telegram",), at_most=3)

        assert counts == {"telegram": 3, ANY: 1}

    async def test_scrapes_close_together_read_the_database_once(self, app):
        metrics = Metrics(lambda: pending_notices(app.engine, ("telegram",)), depth_seconds=60)
        app.metrics = metrics
        first = depth((await scrape(app)).text)

        await waiting_notices(app, on_telegram=3, on_discord=0)
        second = depth((await scrape(app)).text)
        metrics._depth_read_at = None  # as if the minute had passed
        third = depth((await scrape(app)).text)

        assert first == second == {"telegram": 0, ANY: 0}
        assert third == {"telegram": 3, ANY: 1}

    async def test_on_postgresql_each_count_can_use_an_index_of_pending_notices(self, app):
        if app.engine.dialect.name != "postgresql":
            pytest.skip("the plan is PostgreSQL's")
        plans = []
        async with app.engine.connect() as connection:
            await connection.execute(text("SET enable_seqscan = off"))  # what the planner does on a big table
            for where in ("status = 'pending' AND platform = 'telegram'", "status = 'pending' AND via = 'email'",
                          "status = 'pending' AND platform IS NULL AND via IS NULL"):
                capped = f"SELECT id FROM notices WHERE {where} LIMIT 100000"
                plan = await connection.scalar(text(f"EXPLAIN (FORMAT JSON) SELECT count(*) FROM ({capped}) c"))
                plans.append(str(plan))

        assert all("Seq Scan" not in p and "Index" in p for p in plans), plans
        assert "ix_notices_pending_platform_id" in plans[0] and "ix_notices_pending_unresolved" in plans[2]


class TestToken:
    async def test_with_a_token_set_only_a_request_bearing_it_is_answered(self, tmp_path, database_url):
        app = await build(Settings(data_dir=tmp_path, database_url=database_url, secret=SECRET,
                                   metrics_token="scrape-token-5a1f"))
        try:
            without = await scrape(app)
            wrong = await scrape(app, {"Authorization": "Bearer not-the-token"})
            right = await scrape(app, {"Authorization": "Bearer scrape-token-5a1f"})
        finally:
            await app.close()

        assert (without.status_code, wrong.status_code) == (401, 401)
        assert "dreambank" not in without.text and without.headers["www-authenticate"].startswith("Bearer")
        assert right.status_code == 200 and "dreambank_outbox_pending" in right.text


class TestScheduleLag:
    async def test_a_job_that_starts_late_is_measured_by_how_late_it_started(self, tmp_path, database_url):
        clock = FixedClock(NOW)
        app = await build(Settings(data_dir=tmp_path, database_url=database_url, secret=SECRET), clock=clock)
        schedule = app.schedule()
        await schedule.start()
        try:
            before = (await scrape(app)).text
            clock.advance(seconds=3600 + 90)  # the hourly nudges were due 90 s ago: the process was busy, say
            await schedule.run_due()
            after = (await scrape(app)).text
        finally:
            await schedule.stop()
            await app.close()

        lag = samples(after, "dreambank_schedule_lag_seconds_sum")
        assert samples(before, "dreambank_schedule_lag_seconds_count") == {}
        assert samples(after, "dreambank_schedule_lag_seconds_count")[(("job", "nudges"),)] == 1
        assert lag[(("job", "nudges"),)] == pytest.approx(90)
        assert lag[(("job", "sync"),)] == pytest.approx(30)  # the minutely look at the data: its missed runs are one,
        # late by the time since the last of them
        assert samples(after, "dreambank_schedule_lag_seconds_bucket")[(("job", "nudges"), ("le", "60.0"))] == 0
