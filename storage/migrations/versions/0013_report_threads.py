"""Where each report's alert lives on each platform, for threads and in-place edits (issue 13).

Outbox messages may belong to a thread (``anomaly:12``), posted in it or replacing its root
card; ``report_thread`` keeps, per thread and recipient, the platform's reference of the root.

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DateTimeUTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("thread", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("card", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "report_thread",
        sa.Column("thread", sa.String(length=64), nullable=False),
        sa.Column("recipient", sa.String(), nullable=False),
        sa.Column("ref", sa.Text(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("card_message_id", sa.Integer(), nullable=True),
        sa.Column("at", DateTimeUTC, nullable=False),
        sa.PrimaryKeyConstraint("thread", "recipient"),
    )


def downgrade() -> None:
    op.drop_table("report_thread")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("card")
        batch.drop_column("thread")
