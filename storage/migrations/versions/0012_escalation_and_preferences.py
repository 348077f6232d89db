"""Escalation of reports and per-person notification preferences (issue 13).

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DateTimeUTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("anomaly") as batch:
        batch.add_column(
            sa.Column("escalation_level", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("escalated_at", DateTimeUTC, nullable=True))
    op.create_table(
        "notification_preference",
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("quiet_hours", sa.String(length=16), nullable=True),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("updated_at", DateTimeUTC, nullable=False),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_index("ix_notification_preference_mode", "notification_preference", ["mode"])


def downgrade() -> None:
    op.drop_index("ix_notification_preference_mode", table_name="notification_preference")
    op.drop_table("notification_preference")
    with op.batch_alter_table("anomaly") as batch:
        batch.drop_column("escalated_at")
        batch.drop_column("escalation_level")
