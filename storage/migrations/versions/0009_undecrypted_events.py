"""Undecrypted events: Matrix messages waiting for their room key, kept across restarts.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DateTimeUTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "undecrypted_event",
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("room_id", sa.String(), nullable=False),
        sa.Column("session_id", sa.String(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("sent_at", DateTimeUTC, nullable=False),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_index("ix_undecrypted_event_session_id", "undecrypted_event", ["session_id"])
    op.create_index("ix_undecrypted_event_sent_at", "undecrypted_event", ["sent_at"])


def downgrade() -> None:
    op.drop_index("ix_undecrypted_event_sent_at", table_name="undecrypted_event")
    op.drop_index("ix_undecrypted_event_session_id", table_name="undecrypted_event")
    op.drop_table("undecrypted_event")
