"""Outbox dead letters: a message that can never be delivered stops, kept with its reason.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DateTimeUTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    # last_error (since 0002) keeps the reason; dead_at says delivery stopped for good.
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("dead_at", DateTimeUTC, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("dead_at")
