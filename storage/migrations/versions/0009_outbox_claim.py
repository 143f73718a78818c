"""The outbox's claim without a join: each notice's platform resolved when it is written, and indexes that fit.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = sa.text("status = 'pending'")
UNRESOLVED = sa.text("status = 'pending' AND platform IS NULL AND via IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("notices") as batch:
        batch.add_column(sa.Column("platform", sa.String(32), nullable=True))
        batch.add_column(sa.Column("chat_id", sa.String(200), nullable=True))
    # a deliverer's claim walks only the pending notices of its platform, in order, whatever the statistics say
    op.create_index("ix_notices_pending_platform_id", "notices", ["platform", "id"], unique=False,
                    postgresql_where=PENDING, sqlite_where=PENDING)
    # the few notices written one at a time, matched to a chat at each claim: never a walk past a broadcast's
    op.create_index("ix_notices_pending_unresolved", "notices", ["id"], unique=False,
                    postgresql_where=UNRESOLVED, sqlite_where=UNRESOLVED)
    # a member's identity on one platform: one probe, never a scan of everyone on that platform
    op.create_index("ix_identities_member_id_platform", "identities", ["member_id", "platform"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_identities_member_id_platform", table_name="identities")
    op.drop_index("ix_notices_pending_unresolved", table_name="notices")
    op.drop_index("ix_notices_pending_platform_id", table_name="notices")
    with op.batch_alter_table("notices") as batch:
        batch.drop_column("chat_id")
        batch.drop_column("platform")
