"""Onboarding: composed templates, earlier journeys kept, overdue reminders (issue 15).

``onboarding_template.part_of`` marks a role or site part (``chat``) and the general template it
completes; ``onboarding_newcomer.archived_of`` marks an earlier, finished journey of a person
kept when they start another; ``onboarding_reminder`` holds where the reminders of each overdue
step stand (the last level sent, a snooze).

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("onboarding_template") as batch:
        batch.add_column(sa.Column("part_of", sa.String(), nullable=True))
    with op.batch_alter_table("onboarding_newcomer") as batch:
        batch.add_column(sa.Column("archived_of", sa.String(), nullable=True))
    op.create_index(
        "ix_onboarding_newcomer_archived_of", "onboarding_newcomer", ["archived_of"], unique=False
    )
    op.create_table(
        "onboarding_reminder",
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("step", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("user_id", "step"),
    )


def downgrade() -> None:
    op.drop_table("onboarding_reminder")
    op.drop_index("ix_onboarding_newcomer_archived_of", table_name="onboarding_newcomer")
    with op.batch_alter_table("onboarding_newcomer") as batch:
        batch.drop_column("archived_of")
    with op.batch_alter_table("onboarding_template") as batch:
        batch.drop_column("part_of")
