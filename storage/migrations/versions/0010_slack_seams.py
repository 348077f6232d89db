"""Shared answers: what Slack's "Share in channel" publishes, kept as computed, for a while.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DateTimeUTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "shared_answer",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("expires_at", DateTimeUTC, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_shared_answer_expires_at", "shared_answer", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_shared_answer_expires_at", table_name="shared_answer")
    op.drop_table("shared_answer")
