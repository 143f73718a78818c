"""Dreams."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from .columns import TableModel, integer, long_text, moment, primary_key, reference, short_text

#: the needs a dream may list, as stored (core's Need values)
NEEDS = ("time", "skills", "materials", "money", "venue", "other")


def needs_listed(need: str) -> str:
    """The SQL that holds for a dream listing `need` (one of NEEDS): the bank's filter and its partial indexes
    say it alike, word for word, so PostgreSQL reads a need's dreams from that need's index."""
    if need not in NEEDS:
        raise ValueError(need)
    return f"(',' || needs || ',') LIKE '%,{need},%'"


class DreamRow(TableModel, table=True):
    __tablename__ = "dreams"
    # the bank's three orders, each read from an index a page at a time (PostgreSQL also has the search's
    # trigram indexes, made by the migration where pg_trgm can be had: see TRIGRAM_INDEXES)
    __table_args__ = (sa.Index("ix_dreams_bank_newest", "branch_id", "state", "decided_at", "id"),
                      sa.Index("ix_dreams_bank_liked", "branch_id", "state", "like_count", "decided_at", "id"),
                      sa.Index("ix_dreams_bank_needed", "branch_id", "state", "open_needs", "decided_at", "id"),
                      # a need's dreams, newest first: the bank narrowed by a need, and its count, read only those
                      *(sa.Index(f"ix_dreams_bank_need_{need}", "branch_id", "state", "decided_at", "id",
                                 postgresql_where=sa.text(needs_listed(need)), sqlite_where=sa.text(needs_listed(need)))
                        for need in NEEDS))
    id: int | None = primary_key()
    branch_id: int = reference("branches.id", "RESTRICT")
    owner_id: int = reference("members.id", "RESTRICT")
    title: str = short_text(200)
    story: str = long_text()
    needs: str = short_text(200)  # comma-separated Need values, sorted
    needs_detail: str = long_text()
    state: str = Field(sa_type=sa.String(32), nullable=False, index=True)
    deposited_at: datetime = moment()
    decided_at: datetime | None = moment(nullable=True)
    decision_reason: str = long_text()
    like_count: int = integer(0)  # kept by core as likes are given
    open_needs: int = integer(0)  # needs nobody has offered help with yet, kept by core as help is offered

#: the search's indexes on PostgreSQL, not in the table's metadata: made only where the extension can be had
TRIGRAM_INDEXES = ("ix_dreams_title_trigram", "ix_dreams_story_trigram")
