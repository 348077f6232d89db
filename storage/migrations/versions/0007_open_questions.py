"""Open questions: what the bot asked and waits an answer for, shared by every bot process.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DateTimeUTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "open_question",
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("conversation_id", sa.String(), nullable=False),
        sa.Column("command_line", sa.Text(), nullable=False),
        sa.Column("rest_of_line", sa.Boolean(), nullable=False),
        sa.Column("asked_at", DateTimeUTC, nullable=False),
        sa.Column("expires_at", DateTimeUTC, nullable=False),
        sa.PrimaryKeyConstraint("user_id", "conversation_id"),
    )
    op.create_index("ix_open_question_expires_at", "open_question", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_open_question_expires_at", table_name="open_question")
    op.drop_table("open_question")
