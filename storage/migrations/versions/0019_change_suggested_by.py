"""Directory history: who suggested a change a coordinator approved.

``entry_change.suggested_by`` holds the suggester's id ("" for a change made directly): the
history credits the volunteer who saw the error, not only the coordinator who applied it.

Revision ID: 0019
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("entry_change") as batch:
        batch.add_column(sa.Column("suggested_by", sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("entry_change") as batch:
        batch.drop_column("suggested_by")
