"""Who verifies each directory entry, flags, and lookup counts (issue 14).

Each entry may name its verifier and its own interval; a flag ("this is wrong") stays on it
until it is verified or edited; phones and hours may be checked alone; lookups are counted.

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DateTimeUTC = sa.DateTime(timezone=True)
_TEXT = sa.String()


def upgrade() -> None:
    with op.batch_alter_table("entry") as batch:
        batch.add_column(sa.Column("verifier", _TEXT, nullable=True))
        batch.add_column(sa.Column("verify_every_days", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("last_verified_by_name", _TEXT, nullable=False, server_default="")
        )
        batch.add_column(sa.Column("flag", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("flagged_by", _TEXT, nullable=True))
        batch.add_column(sa.Column("flagged_at", DateTimeUTC, nullable=True))
        batch.add_column(sa.Column("phones_verified_at", DateTimeUTC, nullable=True))
        batch.add_column(sa.Column("hours_verified_at", DateTimeUTC, nullable=True))
        batch.add_column(sa.Column("lookups", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("entry") as batch:
        for column in (
            "lookups",
            "hours_verified_at",
            "phones_verified_at",
            "flagged_at",
            "flagged_by",
            "flag",
            "verify_every_days",
            "last_verified_by_name",
            "verifier",
        ):
            batch.drop_column(column)
