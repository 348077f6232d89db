"""Web cockpit: sign-in links and sessions (issue 16).

Only SHA-256 hashes of the link tokens and session cookies are stored.

Revision ID: 0018
Revises: 0017
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DateTimeUTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "web_link",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("created_at", DateTimeUTC, nullable=False),
        sa.Column("expires_at", DateTimeUTC, nullable=False),
        sa.Column("used_at", DateTimeUTC, nullable=True),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_table(
        "web_session",
        sa.Column("session_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("form_key", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("created_at", DateTimeUTC, nullable=False),
        sa.Column("expires_at", DateTimeUTC, nullable=False),
        sa.PrimaryKeyConstraint("session_hash"),
    )


def downgrade() -> None:
    op.drop_table("web_session")
    op.drop_table("web_link")
