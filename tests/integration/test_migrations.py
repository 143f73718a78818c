"""The Alembic migrations build exactly the tables storage maps, and upgrading again changes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from core.model.branches import Branch
from storage.database import make_engine
from storage.migrate import current, head, upgrade
from storage.tables import ALL_TABLES, metadata
from storage.tables.dreams import TRIGRAM_INDEXES


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
