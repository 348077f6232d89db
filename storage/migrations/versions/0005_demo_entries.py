"""Demo entries: ``entry.demo`` marks what the demo directory seeded; joins 0003 and 0004.

Entries stored before this revision are marked demo when the demo seeding created them
(actor ``system:demo``) and nobody else ever changed them; every other entry is real.

Revision ID: 0005
Revises: 0003, 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = ("0003", "0004")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEMO_ACTOR = "system:demo"  # app.demo.DEMO_ACTOR when this revision was written


def upgrade() -> None:
    # A plain ADD COLUMN (SQLite too): rebuilding the table would drop its AUTOINCREMENT.
    op.add_column(
        "entry", sa.Column("demo", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    entry = sa.table("entry", sa.column("id", sa.Integer()), sa.column("demo", sa.Boolean()))
    change = sa.table(
        "entry_change",
        sa.column("entry_id", sa.Integer()),
        sa.column("kind", sa.String()),
        sa.column("actor", sa.String()),
    )
    seeded = sa.select(change.c.entry_id).where(
        change.c.kind == "created", change.c.actor == DEMO_ACTOR
    )
    touched = sa.select(change.c.entry_id).where(change.c.actor != DEMO_ACTOR)
    op.execute(
        sa.update(entry)
        .where(entry.c.id.in_(seeded), entry.c.id.not_in(touched))
        .values(demo=sa.true())
    )


def downgrade() -> None:
    with op.batch_alter_table("entry", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("demo")
