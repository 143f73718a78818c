"""A deliverer's claim right after a broadcast fans out: no join over identities, an index that fits the plan."""

from __future__ import annotations

import sqlalchemy as sa

from core.clock import SystemClock
from core.model.branches import Branch
from core.model.members import Identity, Member
from core.model.notices import Broadcast, NoticeKind, NoticeStatus, Recipients
from storage.tables import IdentityRow, MemberRow, NoticeRow

CLOCK = SystemClock()
MEMBERS = 3000


async def _broadcast_to_many(db) -> Branch:
    """Members on Telegram written in bulk and fanned out to at once, so no statistics know about either."""
    async with db() as uow:
        branch = await uow.branches.add(Branch("fjordby", "Fjordby"))
        now = CLOCK.now()
        ids = (await uow.session.execute(sa.insert(MemberRow).returning(MemberRow.id), [
            dict(display_name=f"M{i}", branch_id=branch.id, language=None, joined_at=now)
            for i in range(MEMBERS)])).scalars().all()
        await uow.session.execute(sa.insert(IdentityRow), [
            dict(platform="telegram", external_id=str(7000 + i), member_id=m) for i, m in enumerate(ids)])
        await uow.broadcasts.add(Broadcast(branch.id, NoticeKind.ANNOUNCEMENT, {"text": "Hei"},
                                           Recipients("all"), now))
        await uow.commit()
    return branch


def _statements(db, parameters: dict[str, object] | None = None) -> list[str]:
    """Every SQL statement sent from now on (and, into `parameters`, each one's parameters)."""
    seen: list[str] = []

    @sa.event.listens_for(db.engine.sync_engine, "before_cursor_execute")
    def remember(conn, cursor, statement, sent, context, executemany):
        seen.append(statement)
        if parameters is not None:
            parameters[statement] = sent

    return seen


class TestClaimAfterAFanOut:
    async def test_a_broadcasts_notices_are_claimed_without_looking_at_identities(self, uow_factory):
        await _broadcast_to_many(uow_factory)
        seen = _statements(uow_factory)

        async with uow_factory() as uow:
            claimed = await uow.outbox.claim("telegram", 100, CLOCK.now())
            await uow.commit()

        assert [d.chat_id for d in claimed] == [str(7000 + i) for i in range(100)]
        # only the few notices written one at a time (platform not resolved) are matched to identities at a claim
        assert not [s for s in seen if "identities" in s and "notices" in s and "notices.platform IS NULL" not in s]

    async def test_the_claim_walks_the_platforms_pending_index_with_or_without_fresh_statistics(self, uow_factory):
        if uow_factory.dialect != "postgresql":
            return
        await _broadcast_to_many(uow_factory)
        parameters: dict[str, object] = {}
        seen = _statements(uow_factory, parameters)
        async with uow_factory() as uow:
            await uow.outbox.claim("telegram", 100, CLOCK.now())
            await uow.rollback()
        claim = next(s for s in seen if "FOR UPDATE SKIP LOCKED" in s and "notices.platform =" in s)

        async def plan() -> str:
            async with uow_factory.engine.connect() as connection:
                rows = await connection.exec_driver_sql("EXPLAIN " + claim, parameters[claim])
                return "\n".join(r[0] for r in rows)

        stale = await plan()
        async with uow_factory.engine.connect() as connection:
            await connection.execute(sa.text("ANALYZE notices"))
            await connection.execute(sa.text("ANALYZE identities"))
            await connection.commit()
        fresh = await plan()

        # an index walk in id order that stops at the limit: no sort of the whole backlog, no identity looked at
        assert "ix_notices_pending_platform_id" in stale, stale
        for shown in (stale, fresh):
            assert "Index Scan" in shown and "Limit" in shown.splitlines()[0], shown
            assert not any(word in shown for word in ("identities", "Sort", "Seq Scan", "Bitmap")), shown

    async def test_a_member_only_in_the_console_is_left_for_it_and_one_also_on_telegram_is_sent_there(
            self, uow_factory):
        async with uow_factory() as uow:
            branch = await uow.branches.add(Branch("fjordby", "Fjordby"))
            anna = await uow.members.add(Member("anna", branch.id, None, CLOCK.now()), Identity("console", "anna"))
            bo = await uow.members.add(Member("bo", branch.id, None, CLOCK.now()), Identity("console", "bo"))
            await uow.session.execute(sa.insert(IdentityRow).values(platform="telegram", external_id="42",
                                                                    member_id=bo.id))
            await uow.broadcasts.add(Broadcast(branch.id, NoticeKind.ANNOUNCEMENT, {"text": "Hei"},
                                               Recipients("all"), CLOCK.now()))
            await uow.commit()

        async with uow_factory() as uow:
            claimed = await uow.outbox.claim("telegram", 100, CLOCK.now())
            shown = await uow.outbox.pending_for(anna.id)
            await uow.commit()

        assert [(d.notice.member_id, d.chat_id) for d in claimed] == [(bo.id, "42")]
        assert [n.params["text"] for n in shown] == ["Hei"]

    async def test_a_claimed_notice_whose_chat_cannot_be_found_goes_back_to_waiting(self, uow_factory):
        await _broadcast_to_many(uow_factory)
        async with uow_factory() as uow:
            first = (await uow.session.execute(sa.select(sa.func.min(NoticeRow.id)))).scalar_one()
            await uow.session.execute(sa.update(NoticeRow).where(NoticeRow.id == first)
                                      .values(chat_id=None, platform="telegram"))
            await uow.session.execute(sa.update(IdentityRow).where(IdentityRow.external_id == "7000")
                                      .values(reachable=False))
            await uow.commit()

        async with uow_factory() as uow:
            claimed = await uow.outbox.claim("telegram", 10, CLOCK.now())
            await uow.commit()
        async with uow_factory() as uow:
            row = (await uow.session.execute(sa.select(NoticeRow.status, NoticeRow.platform)
                                             .where(NoticeRow.id == first))).one()

        assert first not in [d.notice.id for d in claimed]
        assert tuple(row) == (NoticeStatus.PENDING.value, None)

    async def test_a_notice_left_in_flight_whose_chat_is_gone_goes_back_to_waiting_not_stuck(self, uow_factory):
        await _broadcast_to_many(uow_factory)
        async with uow_factory() as uow:
            claimed = await uow.outbox.claim("telegram", 2, CLOCK.now())
            await uow.session.execute(sa.update(NoticeRow).where(NoticeRow.id == claimed[0].notice.id)
                                      .values(chat_id=None))
            await uow.session.execute(sa.update(IdentityRow).where(IdentityRow.external_id == claimed[0].chat_id)
                                      .values(reachable=False))
            await uow.commit()

        async with uow_factory() as uow:
            stranded = await uow.outbox.in_flight("telegram")
            await uow.commit()
        async with uow_factory() as uow:
            status = (await uow.session.execute(sa.select(NoticeRow.status)
                                                .where(NoticeRow.id == claimed[0].notice.id))).scalar_one()

        assert [d.notice.id for d in stranded] == [claimed[1].notice.id]
        assert status == NoticeStatus.PENDING.value
