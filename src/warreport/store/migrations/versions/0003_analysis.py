"""analysis: canonical (merged) events and control periods

Revision ID: 0003_analysis
Revises: 0002_web
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_analysis"
down_revision = "0002_web"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "canonical_events",
        sa.Column("canonical_id", sa.String(length=64), nullable=False),
        sa.Column("family", sa.String(length=64), nullable=False),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("sub_event_type", sa.String(length=64), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("span_start", sa.Date(), nullable=True),
        sa.Column("span_end", sa.Date(), nullable=True),
        sa.Column("actor1", sa.String(length=200), nullable=True),
        sa.Column("actor2", sa.String(length=200), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("place_key", sa.String(length=200), nullable=False),
        sa.Column("admin1", sa.String(length=200), nullable=True),
        sa.Column("country", sa.String(length=100), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("geo_precision", sa.Integer(), nullable=True),
        sa.Column("certainty", sa.String(length=16), nullable=False),
        sa.Column("corroboration", sa.Integer(), nullable=False),
        sa.Column("n_sources", sa.Integer(), nullable=False),
        sa.Column("n_contradictions", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("canonical_id"),
    )
    op.create_index("ix_canonical_family_span", "canonical_events", ["family", "span_start", "span_end"])
    op.create_index("ix_canonical_lat_lon", "canonical_events", ["latitude", "longitude"])
    op.create_index("ix_canonical_events_event_type", "canonical_events", ["event_type"])
    op.create_index("ix_canonical_events_sub_event_type", "canonical_events", ["sub_event_type"])
    op.create_index("ix_canonical_events_event_date", "canonical_events", ["event_date"])
    op.create_index("ix_canonical_events_actor1", "canonical_events", ["actor1"])
    op.create_index("ix_canonical_events_actor2", "canonical_events", ["actor2"])
    op.create_index("ix_canonical_events_place_key", "canonical_events", ["place_key"])
    op.create_index("ix_canonical_events_country", "canonical_events", ["country"])

    op.create_table(
        "control_periods",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("place_key", sa.String(length=200), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("controller", sa.String(length=200), nullable=False),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("basis", sa.String(length=16), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("country", sa.String(length=100), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_control_place_start", "control_periods", ["place_key", "start"])
    op.create_index("ix_control_periods_place", "control_periods", ["place"])
    op.create_index("ix_control_periods_controller", "control_periods", ["controller"])
    op.create_index("ix_control_periods_start", "control_periods", ["start"])
    op.create_index("ix_control_periods_end", "control_periods", ["end"])


def downgrade() -> None:
    op.drop_table("control_periods")
    op.drop_table("canonical_events")
