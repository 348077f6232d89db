"""Onboarding journeys: composed templates, step owners and offsets, waivers, completed journeys (issue 15).

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass  # placeholder, filled in with the feature


def downgrade() -> None:
    pass
