"""The Alembic migrations build exactly the tables storage maps, and upgrading again changes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from core.model.bank import BankQuery, Like, Pledge, PledgeState
from core.model.branches import Branch
from core.model.dreams import DreamState, Need
from storage.database import make_engine, on_server, session_factory
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


#: a branch's dreams as a database at 0021 held them: the kinds each needs, "more about the needs", and pledges
OLD_BANK = (
    "INSERT INTO branches (slug, name, language, timezone, quorum, stall_after_seconds) "
    "VALUES ('old', 'Old', 'nb', 'Europe/Oslo', 'majority', 600)",
    "INSERT INTO members (display_name, branch_id) VALUES ('Anna', 1), ('Bjørn', 1)",
    "INSERT INTO dreams (branch_id, owner_id, title, story, needs, needs_detail, state, deposited_at, "
    "decision_reason, like_count, open_needs) VALUES "
    "(1, 1, 'Bench', 'A bench.', 'materials,time', 'Wood, and a Saturday.', 'approved', :at, '', 0, 1), "
    "(1, 1, 'Lights', 'Lanterns.', 'money', 'For forty lanterns.', 'deposited', :at, '', 0, 1)",
    "INSERT INTO pledges (dream_id, member_id, kind, description, amount, at) VALUES "
    "(1, 2, 'time', 'A Saturday', NULL, :at), (1, 2, 'skills', 'Carpentry', NULL, :at)",
)


class TestNeedsOfOlderDreams:
    @pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
    async def test_each_kind_becomes_a_need_and_each_pledge_is_set_against_its_kind(self, request, tmp_path, kind):
        url = await _empty_database(request, tmp_path, kind)
        try:
            await upgrade(url, "0021_plan")
            engine = make_engine(url)
            try:
                async with engine.begin() as connection:
                    for statement in OLD_BANK:
                        await connection.execute(sa.text(statement), {"at": later(0)})
                await upgrade(url)
                db = Database(url, engine, session_factory(engine))
                async with db() as uow:
                    bench, lights = list(await uow.needs.of_dream(1)), list(await uow.needs.of_dream(2))
                    pledges = list(await uow.bank.pledges(1))
                async with engine.connect() as connection:
                    counted = (await connection.execute(sa.text("SELECT open_needs FROM dreams ORDER BY id"))).all()
            finally:
                await engine.dispose()
        finally:
            if kind == "postgres":
                await on_server(make_url(url).set(database="postgres"), f'DROP DATABASE "{make_url(url).database}"')

        assert [(n.kind, n.description, n.amount) for n in bench] == [(Need.TIME, "", None),
                                                                      (Need.MATERIALS, "", None)]
        assert [(n.kind, n.description) for n in lights] == [(Need.MONEY, "For forty lanterns.")], \
            "one kind: its need is described by what more the dream said about it"
        assert [(p.need_id, p.state) for p in pledges] == [(bench[0].id, PledgeState.OFFERED),
                                                          (None, PledgeState.OFFERED)], \
            "a pledge of a kind the dream did not ask for stands against no need"
        assert [row[0] for row in counted] == [1, 1], "materials and the lanterns' money are still open"


async def _empty_database(request, tmp_path, kind: str) -> str:
    """A database with nothing in it yet: a new SQLite file, or a new PostgreSQL database on the tests' server."""
    if kind == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite'}"
    server = make_url(request.getfixturevalue("postgres_url"))
    name = f"{server.database}_old"
    await on_server(server.set(database="postgres"), f'CREATE DATABASE "{name}"')
    return server.set(database=name).render_as_string(hide_password=False)
