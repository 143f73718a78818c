"""A dream's card in one look-up: the dream with how it is cheered on, its latest review, its project, its picture's
facts and its comments' count."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from core.model.bank import Support
from core.model.cards import Card
from core.model.pictures import PictureFacts

from ..tables import CommentRow, DreamRow, PictureRow, ProjectRow, ReviewRow
from .bank import support_columns
from .base import Repository
from .dreams import to_dream
from .pictures import PICTURE_FACTS
from .projects import to_project
from .reviews import to_review


class SqlCards(Repository):
    async def of_dream(self, dream_id: int, viewer_id: int | None) -> Card | None:
        # opened at many chat updates and on every dream page: one statement, kept (see Repository._kept)
        statement = self._kept(("card", str(viewer_id is None)), lambda _insert: _card(viewer_id is not None))
        values = dict(dream_id=dream_id) if viewer_id is None else dict(dream_id=dream_id, viewer_id=viewer_id)
        found = (await self.session.execute(statement, values)).first()
        if found is None:
            return None
        dream, project, review, *rest = found
        picture, (likes, followers, liked, following, comments) = rest[:len(PICTURE_FACTS)], rest[len(PICTURE_FACTS):]
        return Card(to_dream(dream), Support(int(likes), int(followers), bool(liked), bool(following)),
                    to_review(review) if review else None, to_project(project) if project else None,
                    PictureFacts(*picture) if picture[0] is not None else None, int(comments))


def _card(viewer: bool) -> Any:
    """The dream's row with its project's, its latest review's and its picture's facts beside it (NULLs where it
    has none), and its counts; the viewer's likes and follows only for a viewer."""
    comments = (sa.select(sa.func.count()).select_from(CommentRow)
                .where(CommentRow.dream_id == DreamRow.id, CommentRow.hidden.is_(False)).scalar_subquery())
    review = aliased(ReviewRow)
    latest = (sa.select(review.id).where(review.dream_id == DreamRow.id)
              .order_by(review.round.desc(), review.id.desc()).limit(1).correlate(DreamRow).scalar_subquery())
    return (sa.select(DreamRow, ProjectRow, ReviewRow, *PICTURE_FACTS, *support_columns(DreamRow.id, viewer), comments)
            .select_from(DreamRow)
            .outerjoin(ProjectRow, ProjectRow.dream_id == DreamRow.id)
            .outerjoin(ReviewRow, ReviewRow.id == latest)
            .outerjoin(PictureRow, PictureRow.dream_id == DreamRow.id)
            .where(DreamRow.id == sa.bindparam("dream_id")).limit(1).execution_options(populate_existing=True))
