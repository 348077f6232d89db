"""Anomaly reports, their supporters (+1) and history.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DateTimeUTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "anomaly",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("link", sa.Text(), nullable=False),
        sa.Column("reporter", sa.String(), nullable=False),
        sa.Column("reporter_name", sa.String(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("conversation_id", sa.String(), nullable=False),
        sa.Column("permalink", sa.Text(), nullable=True),
        sa.Column("created_at", DateTimeUTC, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("updated_at", DateTimeUTC, nullable=True),
        sa.Column("closed_at", DateTimeUTC, nullable=True),
        sa.Column("assignee", sa.String(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("merged_into", sa.Integer(), nullable=True),
        sa.Column("redacted", sa.Boolean(), nullable=False),
        sa.Column("plus_ones", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_anomaly_created_at", "anomaly", ["created_at"])
    op.create_index("ix_anomaly_closed_at", "anomaly", ["closed_at"])
    op.create_index("ix_anomaly_status_created_at", "anomaly", ["status", "created_at"])
    op.create_index("ix_anomaly_status_plus_ones", "anomaly", ["status", "plus_ones"])
    op.create_table(
        "anomaly_supporter",
        sa.Column("anomaly_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("at", DateTimeUTC, nullable=False),
        sa.PrimaryKeyConstraint("anomaly_id", "user_id"),
    )
    op.create_index("ix_anomaly_supporter_user_id", "anomaly_supporter", ["user_id"])
    op.create_table(
        "anomaly_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("anomaly_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("at", DateTimeUTC, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_anomaly_change_anomaly_id", "anomaly_change", ["anomaly_id"])


def downgrade() -> None:
    op.drop_index("ix_anomaly_change_anomaly_id", table_name="anomaly_change")
    op.drop_table("anomaly_change")
    op.drop_index("ix_anomaly_supporter_user_id", table_name="anomaly_supporter")
    op.drop_table("anomaly_supporter")
    op.drop_index("ix_anomaly_status_plus_ones", table_name="anomaly")
    op.drop_index("ix_anomaly_status_created_at", table_name="anomaly")
    op.drop_index("ix_anomaly_closed_at", table_name="anomaly")
    op.drop_index("ix_anomaly_created_at", table_name="anomaly")
    op.drop_table("anomaly")
