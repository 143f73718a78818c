"""The bank: one like per member per dream, and pledges of help, each set against a need and answered."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import sqlalchemy as sa

from core.errors import Conflict
from core.model.bank import STANDING, Like, Pledge, PledgeState
from core.model.dreams import Need

from ..tables import DreamRow, FollowerRow, LikeRow, PledgeRow
from .base import Repository, Values


class SqlBank(Repository):
    async def add_like(self, like: Like) -> None:
        # one statement, not a SAVEPOINT around an INSERT: the like is the chat's commonest write
        if not await self._insert_new(LikeRow, like_values(like), ["dream_id", "member_id"]):
            raise Conflict(f"member {like.member_id} likes dream {like.dream_id} already")

    async def give_like(self, like: Like, follow: bool = False) -> int:
        # the chat's commonest write: on PostgreSQL the like's INSERT, the follow's and the count's UPDATE are one
        # statement (the INSERTs inside a WITH: no row when the like inserted nothing, and then no follow);
        # SQLite, which has no INSERT inside a WITH, sends them apart
        if self.session.get_bind().dialect.name != "postgresql":
            await self.add_like(like)
            if follow:
                await self._insert_new(FollowerRow, dict(dream_id=like.dream_id, member_id=like.member_id),
                                       ["dream_id", "member_id"])
            counted = self.session.execute(self._kept(("count like",), _count_like), dict(dream_id=like.dream_id))
            return int((await counted).scalar_one())
        statement = self._kept(("give like", str(follow)), lambda insert: _give_like(insert, follow))
        count = (await self.session.execute(statement, like_values(like))).scalar()
        if count is None:
            raise Conflict(f"member {like.member_id} likes dream {like.dream_id} already")
        return int(count)

    async def likes(self, dream_id: int) -> int:
        count = await self.session.scalar(sa.select(sa.func.count()).select_from(LikeRow)
                                          .where(LikeRow.dream_id == dream_id))
        return int(count or 0)

    async def likes_of(self, dream_ids: Sequence[int]) -> dict[int, int]:
        wanted = list(dict.fromkeys(dream_ids))
        if not wanted:
            return {}
        counted = dict((await self.session.execute(
            sa.select(LikeRow.dream_id, sa.func.count()).where(LikeRow.dream_id.in_(wanted))
            .group_by(LikeRow.dream_id))).all())
        return {dream_id: int(counted.get(dream_id, 0)) for dream_id in wanted}

    async def likers(self, dream_id: int) -> Sequence[int]:
        ids = await self.session.scalars(sa.select(LikeRow.member_id).where(LikeRow.dream_id == dream_id)
                                         .order_by(LikeRow.at, LikeRow.id))
        return list(ids)

    async def has_liked(self, dream_id: int, member_id: int) -> bool:
        found = await self.session.scalar(sa.select(
            sa.exists().where(LikeRow.dream_id == dream_id, LikeRow.member_id == member_id)))
        return bool(found)

    async def add_pledge(self, pledge: Pledge) -> Pledge:
        row = await self._insert(PledgeRow(**pledge_values(pledge)))
        return replace(pledge, id=row.id)

    async def pledges(self, dream_id: int) -> Sequence[Pledge]:
        rows = await self._where(PledgeRow, "dream_id", dream_id, PledgeRow.at, PledgeRow.id)
        return [to_pledge(r) for r in rows]

    async def standing(self, dream_id: int) -> int:
        count = await self.session.scalar(sa.select(sa.func.count()).select_from(PledgeRow).where(
            PledgeRow.dream_id == dream_id, PledgeRow.state.in_(sorted(s.value for s in STANDING))))
        return int(count or 0)

    async def pledge(self, pledge_id: int, *, for_update: bool = False) -> Pledge | None:
        statement = sa.select(PledgeRow).where(PledgeRow.id == pledge_id)
        row = await self._first(statement.with_for_update() if for_update else statement)
        return to_pledge(row) if row else None

    async def save_pledge(self, pledge: Pledge) -> None:
        await self._update(PledgeRow, pledge.id, pledge_values(pledge))

    async def pledges_by(self, member_id: int) -> Sequence[Pledge]:
        rows = await self._all(sa.select(PledgeRow).where(PledgeRow.member_id == member_id)
                               .order_by(PledgeRow.at.desc(), PledgeRow.id.desc()))
        return [to_pledge(r) for r in rows]


def _one_more_like(dream_id: Any) -> Any:
    """The dream's kept count of likes, one more, read back: for the dream whose id is `dream_id`."""
    dreams = DreamRow.__table__  # type: ignore[attr-defined]
    return (sa.update(dreams).where(dreams.c.id == dream_id)
            .values(like_count=dreams.c.like_count + 1).returning(dreams.c.like_count))


def _count_like(_insert: Any) -> Any:
    return _one_more_like(sa.bindparam("dream_id"))


def _give_like(insert: Any, follow: bool) -> Any:
    likes, followers = LikeRow.__table__, FollowerRow.__table__  # type: ignore[attr-defined]
    liked = (insert(likes).values(dream_id=sa.bindparam("dream_id", type_=likes.c.dream_id.type),
                                  member_id=sa.bindparam("member_id", type_=likes.c.member_id.type),
                                  at=sa.bindparam("at", type_=likes.c.at.type))
             .on_conflict_do_nothing(index_elements=["dream_id", "member_id"])
             .returning(likes.c.dream_id, likes.c.member_id).cte("liked"))
    counted = _one_more_like(liked.c.dream_id)
    if not follow:
        return counted
    followed = (insert(followers).from_select(["dream_id", "member_id"], sa.select(liked.c.dream_id,
                                                                                    liked.c.member_id))
                .on_conflict_do_nothing(index_elements=["dream_id", "member_id"]).cte("followed"))
    return counted.add_cte(followed)


def like_values(like: Like) -> Values:
    return dict(dream_id=like.dream_id, member_id=like.member_id, at=like.at)


def pledge_values(p: Pledge) -> Values:
    return dict(dream_id=p.dream_id, member_id=p.member_id, kind=Need(p.kind).value, description=p.description,
                amount=p.amount, at=p.at, need_id=p.need_id, state=PledgeState(p.state).value, thanked=p.thanked)


def to_pledge(r: PledgeRow) -> Pledge:
    return Pledge(r.dream_id, r.member_id, Need(r.kind), r.description, r.amount, r.at, r.id, r.need_id,
                  PledgeState(r.state), r.thanked)
