"""Messages kept up to date in a chat."""

from __future__ import annotations

import sqlalchemy as sa

from .columns import TableModel, primary_key, short_text


class PostRow(TableModel, table=True):
    """The message that shows a topic in a chat, to be edited when the topic changes."""

    __tablename__ = "posts"
    __table_args__ = (sa.UniqueConstraint("platform", "chat_id", "topic"),)
    id: int | None = primary_key()
    platform: str = short_text(32)
    chat_id: str = short_text(64)
    topic: str = short_text(64)
    message_id: str = short_text(64)
