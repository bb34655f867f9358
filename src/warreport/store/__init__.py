"""The event store: SQLAlchemy models, Alembic migrations, and the Store API."""

from warreport.store.db import Database
from warreport.store.query import EventQuery
from warreport.store.repository import Store, StoreStats

__all__ = ["Database", "EventQuery", "Store", "StoreStats"]
