"""Attachments of anomaly reports (issue 13): references to files, never their content.

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DateTimeUTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "anomaly_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("anomaly_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("file_id", sa.String(length=512), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("mime_type", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("decryption", sa.Text(), nullable=False),
        sa.Column("attached_by", sa.String(), nullable=False),
        sa.Column("attached_at", DateTimeUTC, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ux_anomaly_attachment_file", "anomaly_attachment", ["platform", "file_id"], unique=True
    )
    op.create_index("ix_anomaly_attachment_anomaly_id", "anomaly_attachment", ["anomaly_id"])


def downgrade() -> None:
    op.drop_index("ix_anomaly_attachment_anomaly_id", table_name="anomaly_attachment")
    op.drop_index("ux_anomaly_attachment_file", table_name="anomaly_attachment")
    op.drop_table("anomaly_attachment")
