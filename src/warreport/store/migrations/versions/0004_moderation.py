"""placeholder for the moderation area's schema changes (no operations yet; its owner fills it in)

Revision ID: 0004_moderation
Revises: 0003_analysis
"""

from __future__ import annotations

revision = "0004_moderation"
down_revision = "0003_analysis"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
