"""The Alembic migrations build exactly the tables storage maps, and upgrading again changes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.pool import NullPool

from core.model.bank import BankQuery, Like, Pledge
from core.model.branches import Branch
from core.model.dreams import DreamState, Need
from storage.database import make_engine, session_factory
from storage.migrate import alembic_config, current, head, upgrade
from storage.tables import ALL_TABLES, metadata
from storage.tables.dreams import TRIGRAM_INDEXES
from tests.factories import a_dream, later, seed
from tests.integration.conftest import Database


async def _table_names(db) -> set[str]:
    async with db.engine.connect() as connection:
        return set(await connection.run_sync(lambda sync: sa.inspect(sync).get_table_names()))


async def _schema_differences(db) -> list:
    def compare(sync) -> list:
        opts = {"compare_type": True, "include_object": _mapped}
        return compare_metadata(MigrationContext.configure(sync, opts=opts), metadata)

    async with db.engine.connect() as connection:
        return await connection.run_sync(compare)


def _mapped(obj, name, kind, reflected, compare_to) -> bool:
    """Everything but the search's trigram indexes, which only the migration makes, where PostgreSQL can."""
    return not (kind == "index" and name in TRIGRAM_INDEXES)


async def _index_names(db, table: str) -> set[str]:
    async with db.engine.connect() as connection:
        return {i["name"] for i in await connection.run_sync(lambda sync: sa.inspect(sync).get_indexes(table))}


class TestMigrations:
    async def test_upgrading_creates_every_table_and_the_version_table(self, uow_factory):
        assert await _table_names(uow_factory) == {*ALL_TABLES, "alembic_version"}
        assert await current(uow_factory.url) == head()

    async def test_the_migrated_schema_matches_the_table_classes(self, uow_factory):
        assert await _schema_differences(uow_factory) == []

    async def test_upgrading_again_changes_nothing_and_keeps_the_data(self, uow_factory):
        async with uow_factory() as uow:
            await uow.branches.add(Branch("fjordby", "Fjordby", stall_after=timedelta(days=3)))
            await uow.commit()
        await upgrade(uow_factory.url)
        await upgrade(uow_factory.url)
        assert await current(uow_factory.url) == head()
        assert await _table_names(uow_factory) == {*ALL_TABLES, "alembic_version"}
        async with uow_factory() as uow:
            assert [b.slug for b in await uow.branches.all()] == ["fjordby"]

    async def test_the_bank_has_an_index_for_each_order_and_postgresql_its_search_indexes(self, uow_factory):
        found = await _index_names(uow_factory, "dreams")

        assert {"ix_dreams_bank_newest", "ix_dreams_bank_liked", "ix_dreams_bank_needed"} <= found
        postgres = uow_factory.url.startswith("postgresql")
        assert (set(TRIGRAM_INDEXES) <= found) is postgres and (set(TRIGRAM_INDEXES) & found == set()) is not postgres

    async def test_the_schedule_keeps_marks_not_apschedulers_job_store(self, uow_factory):
        """The jobs are rebuilt from the data; only how far each one's runs are settled is kept."""
        nine = datetime(2026, 10, 26, 8, 0, tzinfo=timezone.utc)
        async with uow_factory() as uow:
            await uow.runs.settle("digest:1", "9:00 Europe/Oslo", nine)
            await uow.runs.settle("digest:1", "9:00 Europe/Oslo", nine - timedelta(days=1))  # never moves back
            await uow.commit()

        tables = await _table_names(uow_factory)

        assert "apscheduler_jobs" not in tables and "schedule_marks" in tables
        async with uow_factory() as uow:
            assert await uow.runs.marks() == {"digest:1": ("9:00 Europe/Oslo", nine)}


class TestBankCounters:
    async def test_upgrading_counts_the_likes_and_open_needs_of_dreams_made_before(self, tmp_path):
        url = f"sqlite+aiosqlite:///{tmp_path / 'bank.sqlite'}"
        await upgrade(url)
        engine = make_engine(url)
        db = Database(url, engine, session_factory(engine))
        try:
            s = await seed(db)
            async with db() as uow:  # written past core, so the counters are left at nought
                dream = await uow.dreams.add(replace(a_dream(s, state=DreamState.APPROVED), decided_at=later(1)))
                await uow.bank.add_like(Like(dream.id, s.bjorn.id, later(2)))
                await uow.bank.add_pledge(Pledge(dream.id, s.bjorn.id, Need.TIME, "A Saturday", None, later(3)))
                await uow.bank.add_pledge(Pledge(dream.id, s.bjorn.id, Need.VENUE, "My barn", None, later(3)))
                await uow.commit()
            await _downgrade(url, "0011")

            await upgrade(url)

            async with db() as uow:
                [found] = (await uow.dreams.in_bank(s.branch.id, BankQuery(), 0, 10)).entries
            async with engine.connect() as connection:
                counted = (await connection.exec_driver_sql("SELECT like_count, open_needs FROM dreams")).all()
        finally:
            await engine.dispose()
        assert (found.likes, found.pledges) == (1, 2)
        assert [tuple(row) for row in counted] == [(1, 1)]  # materials is still open


async def _downgrade(url: str, revision: str) -> None:
    """As storage.migrate.upgrade, the other way: SQLite's foreign keys off while a table is rebuilt."""
    def down(connection) -> None:
        config = alembic_config(url)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)

    engine = make_engine(url, poolclass=NullPool, foreign_keys=False)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(down)
    finally:
        await engine.dispose()


class TestSqliteFiles:
    async def test_a_new_database_file_gets_its_folder_and_write_ahead_logging(self, tmp_path):
        url = f"sqlite+aiosqlite:///{tmp_path / 'not' / 'yet' / 'there.sqlite'}"
        await upgrade(url)
        engine = make_engine(url)
        try:
            async with engine.connect() as connection:
                mode = (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar()
                keys = (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar()
        finally:
            await engine.dispose()
        assert (tmp_path / "not" / "yet" / "there.sqlite").exists()
        assert (mode, keys) == ("wal", 1)
        assert await current(url) == head()
