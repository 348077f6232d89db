"""Search learns: the programme's own synonyms (versioned), and misses followed up.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DateTimeUTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "thesaurus_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("at", DateTimeUTC, nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.add_column(
        "missed_search",
        sa.Column("followed_up", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_missed_search_user_at", "missed_search", ["user_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_missed_search_user_at", table_name="missed_search")
    with op.batch_alter_table("missed_search") as batch:
        batch.drop_column("followed_up")
    op.drop_table("thesaurus_version")
