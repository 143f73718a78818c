"""After an erasure, no table of the database holds the person's name, accounts, email or what they typed in
private; their public dream is still there without their name, and the counts of what they gave are unchanged.

The tables are read from the database itself, so a table added later is scanned too."""

from __future__ import annotations

import json

import sqlalchemy as sa

from core.i18n import translate
from core.usecases import privacy
from tests.privacy_setup import EMAIL, EXTERNAL_ID, NAME, TYPED, UPDATE_TYPED, populated_member

SECRETS = (NAME, EXTERNAL_ID, EMAIL, TYPED, UPDATE_TYPED)


async def _everything(db) -> dict[str, list[str]]:
    """Every row of every table in the database, each as text."""
    def read(sync) -> dict[str, list[str]]:
        tables = sa.inspect(sync).get_table_names()
        found = {}
        for name in tables:
            rows = sync.execute(sa.select(sa.table(name, *[sa.column(c["name"]) for c in
                                                             sa.inspect(sync).get_columns(name)]))).all()
            found[name] = [json.dumps([str(v) for v in row], ensure_ascii=False) for row in rows]
        return found

    async with db.engine.connect() as connection:
        return await connection.run_sync(read)


async def _counts(db, p) -> tuple[int, int, int, int]:
    async with db() as uow:
        return (await uow.bank.likes(p.liked_dream), len(await uow.reviews.votes(p.voted_review)),
                (await uow.events.counts(p.event)).going, len(await uow.bank.pledges(p.liked_dream)))


class TestErasureScan:
    async def test_no_table_holds_anything_of_the_person_after_erasure(self, uow_factory):
        p = await populated_member(uow_factory)
        before = await _everything(uow_factory)
        assert all(any(s in row for rows in before.values() for row in rows) for s in SECRETS)  # the scan can see
        counts = await _counts(uow_factory, p)

        async with uow_factory() as uow:
            await privacy.erase_member(uow, p.village.clock, p.member.id)
            await uow.commit()

        after = await _everything(uow_factory)
        found = {(secret, table) for table, rows in after.items() for row in rows for secret in SECRETS
                 if secret in row}
        assert found == set()
        assert await _counts(uow_factory, p) == counts
        async with uow_factory() as uow:
            dream = await uow.dreams.get(p.project_dream)
            owner = await uow.members.get(dream.owner_id)
        assert dream.title == "A bike repair corner" and translate(owner.display_name, "en") == "a former member"
