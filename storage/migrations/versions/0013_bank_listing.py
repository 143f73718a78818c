"""The bank read a page at a time: each dream keeps its like count and how many of its needs are still open, so
the bank sorts by them from an index; indexes for its three orders; and, on PostgreSQL where pg_trgm can be had,
trigram indexes that let its search find words inside titles and stories without reading every dream.

Revision ID: 0013
Revises: 0011
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEEDS = ("time", "skills", "materials", "money", "venue", "other")
ORDERS = {"ix_dreams_bank_newest": ["branch_id", "state", "decided_at", "id"],
          "ix_dreams_bank_liked": ["branch_id", "state", "like_count", "decided_at", "id"],
          "ix_dreams_bank_needed": ["branch_id", "state", "open_needs", "decided_at", "id"]}
TRIGRAMS = {"ix_dreams_title_trigram": "title", "ix_dreams_story_trigram": "story"}


def upgrade() -> None:
    with op.batch_alter_table("dreams") as batch:
        batch.add_column(sa.Column("like_count", sa.Integer(), server_default=sa.text("0"), nullable=False))
        batch.add_column(sa.Column("open_needs", sa.Integer(), server_default=sa.text("0"), nullable=False))
    # set-based: one statement each for every dream, the needs counted from the comma-separated list
    op.execute("UPDATE dreams SET like_count = (SELECT count(*) FROM likes WHERE likes.dream_id = dreams.id)")
    open_ones = " + ".join(_open(need) for need in NEEDS)
    op.execute(f"UPDATE dreams SET open_needs = {open_ones}")  # nosec B608 # only the fixed need names above
    for name, columns in ORDERS.items():
        op.create_index(name, "dreams", columns, unique=False)
    if op.get_bind().dialect.name == "postgresql" and _trigrams_available():
        for name, column in TRIGRAMS.items():
            index = f"CREATE INDEX IF NOT EXISTS {name} ON dreams USING gin (lower({column}) gin_trgm_ops)"
            op.execute(index)


def _open(need: str) -> str:
    """1 for a dream that needs `need` and has no pledge of it yet, else 0 (`need` is one of NEEDS)."""
    return (f"(CASE WHEN (',' || needs || ',') LIKE '%,{need},%' AND NOT EXISTS (SELECT 1 "  # nosec B608 # NEEDS
            f"FROM pledges WHERE pledges.dream_id = dreams.id AND pledges.kind = '{need}') THEN 1 ELSE 0 END)")


def _trigrams_available() -> bool:
    """Whether pg_trgm is there or could be made: a database without it, or a role that may not create it, only
    searches more slowly, so the attempt is made inside a SAVEPOINT that a refusal rolls back."""
    bind = op.get_bind()
    if not bind.execute(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).first():
        return False
    savepoint = bind.begin_nested()
    try:
        bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError:
        savepoint.rollback()
        return False
    savepoint.commit()
    return True


def downgrade() -> None:
    for name in TRIGRAMS:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    for name in ORDERS:
        op.drop_index(name, table_name="dreams")
    with op.batch_alter_table("dreams") as batch:
        batch.drop_column("open_needs")
        batch.drop_column("like_count")
