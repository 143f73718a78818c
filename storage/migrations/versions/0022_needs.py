"""A dream's needs become a list, one row each (a kind, a description, maybe an amount), and each pledge is set
against one of them and has an answer: offered, accepted, confirmed, declined or withdrawn.

Every dream's needs are listed from the kinds it asked for, one need each; a dream that asked for one kind
gives that need its "more about the needs" as its description (several kinds keep it on the dream, where it
still shows). Each pledge made before is set against its dream's need of its kind, and stands as offered.

Revision ID: 0022_needs
Revises: 0021_plan
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_needs"
down_revision: str | None = "0021_plan"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: the kinds of need, in the order a dream's list shows them (core's Need values)
NEEDS = ("time", "skills", "materials", "money", "venue", "other")
#: the pledges that stand, and so cover a need
STANDING = ("offered", "accepted", "confirmed")


def upgrade() -> None:
    op.create_table(
        "dream_needs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dream_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.ForeignKeyConstraint(["dream_id"], ["dreams.id"], name=op.f("fk_dream_needs_dream_id_dreams"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dream_needs")))
    op.create_index(op.f("ix_dream_needs_dream_id"), "dream_needs", ["dream_id"], unique=False)
    with op.batch_alter_table("pledges") as batch:
        batch.add_column(sa.Column("need_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("state", sa.String(16), server_default="offered", nullable=False))
        batch.add_column(sa.Column("thanked", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.create_foreign_key(op.f("fk_pledges_need_id_dream_needs"), "dream_needs", ["need_id"], ["id"],
                                 ondelete="SET NULL")
        batch.create_index(op.f("ix_pledges_need_id"), ["need_id"], unique=False)
    # set-based, one statement a kind: the kinds in the list's order, so each dream's needs are too
    for need in NEEDS:
        op.execute(
            "INSERT INTO dream_needs (dream_id, kind, description, amount) "  # nosec B608 # only NEEDS above
            f"SELECT id, '{need}', CASE WHEN needs LIKE '%,%' THEN '' ELSE needs_detail END, NULL FROM dreams "
            f"WHERE (',' || needs || ',') LIKE '%,{need},%' ORDER BY id")
    op.execute("UPDATE pledges SET need_id = (SELECT min(n.id) FROM dream_needs n "
               "WHERE n.dream_id = pledges.dream_id AND n.kind = pledges.kind)")
    standing = ", ".join(f"'{state}'" for state in STANDING)
    op.execute("UPDATE dreams SET open_needs = (SELECT count(*) FROM dream_needs n "  # nosec B608 # STANDING
               "WHERE n.dream_id = dreams.id AND NOT EXISTS (SELECT 1 FROM pledges p "
               f"WHERE p.need_id = n.id AND p.state IN ({standing})))")


def downgrade() -> None:
    with op.batch_alter_table("pledges") as batch:
        batch.drop_index(op.f("ix_pledges_need_id"))
        batch.drop_constraint(op.f("fk_pledges_need_id_dream_needs"), type_="foreignkey")
        batch.drop_column("thanked")
        batch.drop_column("state")
        batch.drop_column("need_id")
    op.drop_index(op.f("ix_dream_needs_dream_id"), table_name="dream_needs")
    op.drop_table("dream_needs")
