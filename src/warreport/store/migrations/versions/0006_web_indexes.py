"""web: an index for the map's query (bounding box + date range, newest first)

``GET /api/events?bbox=...&date_from=...&date_to=...`` filters on a date range and a box and
orders by (event_date DESC, event_id). With only single-purpose indexes the database walks the
date range and fetches every row to test the box. This index lists the date in the query's
order, then the id, then the point and the certainty, so the range is read in result order,
the box and certainty are tested inside the index, and a page stops after ``limit`` matches
(over 1M synthetic events in SQLite: ~120 ms -> ~6 ms per query; see bench/bench_api.py).
PostgreSQL gets ``NULLS LAST`` to match the query's ordering.

Revision ID: 0006_web_indexes
Revises: 0005_scale
"""

from __future__ import annotations

from alembic import op

revision = "0006_web_indexes"
down_revision = "0005_scale"
branch_labels = None
depends_on = None

INDEX = "ix_events_feed_geo"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON events "
            "(event_date DESC NULLS LAST, event_id, longitude, latitude, certainty)"
        )
    else:
        op.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON events "
            "(event_date DESC, event_id, longitude, latitude, certainty)"
        )


def downgrade() -> None:
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
