"""scale: loaded_partitions (exactly-once bulk loads) and indexes for the API's event queries

The API filters events with ``lower(column) = value`` and pages them by (event_date, event_id),
so those get expression and composite indexes (SQLite and PostgreSQL alike). On PostgreSQL,
substring filters (actor, free text) get trigram GIN indexes when ``pg_trgm`` can be created,
and the event point gets a GiST index when PostGIS is installed; otherwise the plain
(latitude, longitude) btree index of 0001 serves bounding-box queries.

Revision ID: 0005_scale
Revises: 0004_moderation
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_scale"
down_revision = "0004_moderation"
branch_labels = None
depends_on = None

# Columns the API compares case-insensitively (store.repository.Store._filtered).
LOWER_COLUMNS = ("country", "admin1", "event_type", "sub_event_type", "source")
TRIGRAM_COLUMNS = ("actor1", "actor2", "location", "sentence")
POSTGIS_INDEX = "ix_events_geom_gist"


def _try_extension(name: str) -> bool:
    """Create a PostgreSQL extension if the server has it and we may; never fail the migration."""
    bind = op.get_bind()
    available = bind.execute(
        sa.text("SELECT 1 FROM pg_available_extensions WHERE name = :n"), {"n": name}
    ).first()
    if not available:
        return False
    savepoint = bind.begin_nested()
    try:
        bind.execute(sa.text(f'CREATE EXTENSION IF NOT EXISTS "{name}"'))
    except sa.exc.DBAPIError:
        savepoint.rollback()
        return False
    savepoint.commit()
    return True


def upgrade() -> None:
    op.create_table(
        "loaded_partitions",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_loaded_partitions_run_id", "loaded_partitions", ["run_id"])

    for column in LOWER_COLUMNS:
        op.create_index(f"ix_events_lower_{column}", "events", [sa.text(f"lower({column})")])
    op.create_index("ix_events_date_id", "events", ["event_date", "event_id"])

    if op.get_bind().dialect.name != "postgresql":
        return
    if _try_extension("pg_trgm"):
        for column in TRIGRAM_COLUMNS:
            op.execute(
                f"CREATE INDEX IF NOT EXISTS ix_events_trgm_{column} ON events "
                f"USING gin (lower({column}) gin_trgm_ops)"
            )
    if _try_extension("postgis"):
        op.execute(
            f"CREATE INDEX IF NOT EXISTS {POSTGIS_INDEX} ON events USING gist "
            "((ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {POSTGIS_INDEX}")
        for column in TRIGRAM_COLUMNS:
            op.execute(f"DROP INDEX IF EXISTS ix_events_trgm_{column}")
    op.drop_index("ix_events_date_id", table_name="events")
    for column in LOWER_COLUMNS:
        op.drop_index(f"ix_events_lower_{column}", table_name="events")
    op.drop_index("ix_loaded_partitions_run_id", table_name="loaded_partitions")
    op.drop_table("loaded_partitions")
