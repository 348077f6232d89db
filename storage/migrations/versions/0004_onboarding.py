"""Onboarding: checklist templates (versioned), newcomers and the steps they ticked.

Revision ID: 0004
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DateTimeUTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "onboarding_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("days", sa.Text(), nullable=False),
        sa.Column("loaded_by", sa.String(), nullable=False),
        sa.Column("loaded_at", DateTimeUTC, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ux_onboarding_template_version",
        "onboarding_template",
        ["name", "language", "version"],
        unique=True,
    )
    op.create_table(
        "onboarding_newcomer",
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("user_name", sa.String(), nullable=False),
        sa.Column("template", sa.String(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("enrolled_by", sa.String(), nullable=False),
        sa.Column("started_at", DateTimeUTC, nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("day_started_on", sa.Date(), nullable=False),
        sa.Column("last_activity_at", DateTimeUTC, nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("timezone", sa.String(), nullable=True),
        sa.Column("mentor", sa.String(), nullable=True),
        sa.Column("completed_at", DateTimeUTC, nullable=True),
        sa.Column("left_at", DateTimeUTC, nullable=True),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "onboarding_tick",
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("step", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", DateTimeUTC, nullable=False),
        sa.PrimaryKeyConstraint("user_id", "step"),
    )


def downgrade() -> None:
    op.drop_table("onboarding_tick")
    op.drop_table("onboarding_newcomer")
    op.drop_index("ux_onboarding_template_version", table_name="onboarding_template")
    op.drop_table("onboarding_template")
