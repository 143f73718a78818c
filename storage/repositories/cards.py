"""A dream's card in one look-up: the dream with how it is cheered on, its latest review, its project, its picture's
facts, its comments' count, its owner's name, its pledges with their makers' names and its needs."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from core.model.bank import Pledge, PledgeState, Support
from core.model.cards import Card
from core.model.dreams import Need
from core.model.members import shown_name
from core.model.needs import DreamNeed
from core.model.pictures import PictureFacts

from ..json_rows import json_rows, moment, rows_of
from ..tables import (CommentRow, DreamNeedRow, DreamRow, FollowerRow, LikeRow, MemberRow, PictureRow, PledgeRow,
                      ProjectRow, ReviewRow)
from ..types import cents
from .base import Repository
from .dreams import to_dream
from .projects import to_project
from .reviews import to_review


#: every column but the bytes: what a page needs to link a picture
PICTURE_FACTS = (PictureRow.dream_id, PictureRow.mime, PictureRow.digest, PictureRow.uploaded_at, PictureRow.width,
                 PictureRow.height)


class SqlCards(Repository):
    async def of_dream(self, dream_id: int, viewer_id: int | None) -> Card | None:
        # opened at many chat updates and on every dream page: one statement, kept (see Repository._kept)
        dialect = self.session.get_bind().dialect.name
        statement = self._kept(("card", str(viewer_id is None)), lambda _insert: _card(dialect, viewer_id is not None))
        values = dict(dream_id=dream_id) if viewer_id is None else dict(dream_id=dream_id, viewer_id=viewer_id)
        found = (await self.session.execute(statement, values)).first()
        if found is None:
            return None
        dream, project, review, owner, owner_erased, pledges, needs, *rest = found
        picture, (likes, followers, liked, following, comments) = rest[:len(PICTURE_FACTS)], rest[len(PICTURE_FACTS):]
        return Card(to_dream(dream), Support(int(likes), int(followers), bool(liked), bool(following)),
                    to_review(review) if review else None, to_project(project) if project else None,
                    PictureFacts(*picture) if picture[0] is not None else None, int(comments),
                    shown_name(owner, owner_erased is not None), _pledges(dream_id, pledges), _needs(dream_id, needs))


def _card(dialect: str, viewer: bool) -> Any:
    """The dream's row with its project's, its latest review's and its picture's facts beside it (NULLs where it
    has none), its owner's name, its pledges and its needs (each a JSON array of rows) and its counts; the viewer's
    likes and follows only for a viewer."""
    comments = (sa.select(sa.func.count()).select_from(CommentRow)
                .where(CommentRow.dream_id == DreamRow.id, CommentRow.hidden.is_(False)).scalar_subquery())
    review = aliased(ReviewRow)
    latest = (sa.select(review.id).where(review.dream_id == DreamRow.id)
              .order_by(review.round.desc(), review.id.desc()).limit(1).correlate(DreamRow).scalar_subquery())
    owner, maker = aliased(MemberRow), aliased(MemberRow)
    pledges = (sa.select(json_rows(dialect, *_PLEDGE_COLUMNS, maker.display_name, maker.erased_at.is_not(None)))
               .select_from(PledgeRow).join(maker, maker.id == PledgeRow.member_id)
               .where(PledgeRow.dream_id == DreamRow.id).correlate(DreamRow).scalar_subquery())
    needs = (sa.select(json_rows(dialect, *_NEED_COLUMNS)).where(DreamNeedRow.dream_id == DreamRow.id)
             .correlate(DreamRow).scalar_subquery())
    return (sa.select(DreamRow, ProjectRow, ReviewRow, owner.display_name, owner.erased_at, pledges, needs,
                      *PICTURE_FACTS, *support_columns(DreamRow.id, viewer), comments)
            .select_from(DreamRow)
            .join(owner, owner.id == DreamRow.owner_id)
            .outerjoin(ProjectRow, ProjectRow.dream_id == DreamRow.id)
            .outerjoin(ReviewRow, ReviewRow.id == latest)
            .outerjoin(PictureRow, PictureRow.dream_id == DreamRow.id)
            .where(DreamRow.id == sa.bindparam("dream_id")).limit(1).execution_options(populate_existing=True))


#: a pledge's columns as its JSON row carries them (its amount as text, to stay exact)
_PLEDGE_COLUMNS = (PledgeRow.id, PledgeRow.member_id, PledgeRow.kind, PledgeRow.description,
                   sa.cast(PledgeRow.amount, sa.Text), PledgeRow.at, PledgeRow.need_id, PledgeRow.state,
                   PledgeRow.thanked)
_NEED_COLUMNS = (DreamNeedRow.id, DreamNeedRow.kind, DreamNeedRow.description, sa.cast(DreamNeedRow.amount, sa.Text))


def _pledges(dream_id: int, value: Any) -> tuple[tuple[Any, Pledge], ...]:
    """Each pledge with the name its maker is shown by, oldest first (as `bank.pledges` orders them)."""
    named = [(shown_name(name, bool(erased)),
              Pledge(dream_id, member_id, Need(kind), description, cents(amount), moment(at), pledge_id, need_id,
                     PledgeState(state), bool(thanked)))
             for pledge_id, member_id, kind, description, amount, at, need_id, state, thanked, name, erased
             in rows_of(value)]
    return tuple(sorted(named, key=lambda pair: (pair[1].at, pair[1].id or 0)))


def _needs(dream_id: int, value: Any) -> tuple[DreamNeed, ...]:
    """The dream's needs in the order they were listed (as `needs.of_dream` orders them)."""
    listed = [DreamNeed(dream_id, Need(kind), description, cents(amount), need_id)
              for need_id, kind, description, amount in rows_of(value)]
    return tuple(sorted(listed, key=lambda need: need.id or 0))


def support_columns(dream: Any, viewer: bool) -> tuple[Any, ...]:
    """A dream's likes and followers, and whether the viewer (bound as `viewer_id`; never, without one) likes and
    follows it: four columns to select, `dream` being the dream's id, a bound value or a column of the query."""
    def counted(table: Any) -> Any:
        return sa.select(sa.func.count()).select_from(table).where(table.dream_id == dream).scalar_subquery()

    def among(table: Any) -> Any:
        return sa.exists().where(table.dream_id == dream, table.member_id == sa.bindparam("viewer_id")) \
            if viewer else sa.false()

    return counted(LikeRow), counted(FollowerRow), among(LikeRow), among(FollowerRow)
