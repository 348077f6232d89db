"""Onboarding journeys: who ticked each step, and steps waived with a reason (issue 15).

``onboarding_tick`` gains ``by`` (who ticked or waived the step, none when it ticked itself) and
``waived_reason`` (set when a coordinator waived the step instead of it being done).

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("onboarding_tick") as batch:
        batch.add_column(sa.Column("by", sa.String(), nullable=True))
        batch.add_column(sa.Column("waived_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("onboarding_tick") as batch:
        batch.drop_column("waived_reason")
        batch.drop_column("by")
