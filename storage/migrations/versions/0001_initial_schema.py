"""Initial schema: directory entries and history, suggestions, missed searches, roles, events.

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the column types, so this file never changes with the models.
DateTimeUTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    revision_table = op.create_table(
        "directory_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(revision_table, [{"id": 1, "value": 0}])
    op.create_table(
        "entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("name_key", sa.String(), nullable=False),
        sa.Column("aliases", sa.Text(), nullable=False),
        sa.Column("theme", sa.String(), nullable=False),
        sa.Column("phones", sa.Text(), nullable=False),
        sa.Column("email", sa.String(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("hours", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("last_verified_at", DateTimeUTC, nullable=True),
        sa.Column("last_verified_by", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ux_entry_name_key", "entry", ["name_key"], unique=True)
    op.create_table(
        "entry_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("entry_name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("at", DateTimeUTC, nullable=False),
        sa.Column("field", sa.String(), nullable=False),
        sa.Column("old", sa.Text(), nullable=False),
        sa.Column("new", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_entry_change_entry_id", "entry_change", ["entry_id"])
    op.create_table(
        "handled_event",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("at", DateTimeUTC, nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "kv_state",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "missed_search",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("query", sa.String(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("at", DateTimeUTC, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_missed_search_at", "missed_search", ["at"])
    op.create_table(
        "role_override",
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("set_by", sa.String(), nullable=False),
        sa.Column("set_at", DateTimeUTC, nullable=False),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "suggestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("entry_name", sa.String(), nullable=False),
        sa.Column("field", sa.String(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("suggested_by", sa.String(), nullable=False),
        sa.Column("suggested_by_name", sa.String(), nullable=False),
        sa.Column("created_at", DateTimeUTC, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.String(), nullable=True),
        sa.Column("decided_at", DateTimeUTC, nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_suggestion_entry_id", "suggestion", ["entry_id"])
    op.create_index("ix_suggestion_status", "suggestion", ["status"])


def downgrade() -> None:
    for table in (
        "suggestion",
        "role_override",
        "missed_search",
        "kv_state",
        "handled_event",
        "entry_change",
        "entry",
        "directory_revision",
    ):
        op.drop_table(table)
