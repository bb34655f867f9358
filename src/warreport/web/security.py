"""API tokens (only their SHA-256 hashes are stored) and the per-token write rate limit."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import deque
from datetime import datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from warreport.errors import InputError, NotFoundError, RateLimitError
from warreport.store.db import Database
from warreport.store.schema import ApiTokenRow, utcnow

TOKEN_PREFIX = "wr_"
_LAST_USED_EVERY = timedelta(minutes=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TokenInfo(BaseModel):
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class TokenStore:
    """Create, list, revoke and verify API tokens."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, name: str) -> str:
        """A new token for ``name``; the plain token is returned once and never stored."""
        name = name.strip()
        if not name:
            raise InputError("a token needs a name")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        try:
            with self.db.session() as s:
                if s.scalars(select(ApiTokenRow).where(ApiTokenRow.name == name)).first():
                    raise InputError(f"a token named {name!r} exists; revoke it or pick another name")
                s.add(ApiTokenRow(name=name, token_hash=hash_token(token), prefix=token[:8]))
        except IntegrityError as exc:
            raise InputError(f"a token named {name!r} exists") from exc
        return token

    def list(self) -> list[TokenInfo]:
        with self.db.session() as s:
            rows = s.scalars(select(ApiTokenRow).order_by(ApiTokenRow.id)).all()
            return [TokenInfo.model_validate(r, from_attributes=True) for r in rows]

    def revoke(self, name: str) -> None:
        with self.db.session() as s:
            row = s.scalars(select(ApiTokenRow).where(ApiTokenRow.name == name)).first()
            if row is None:
                raise NotFoundError(f"no token named {name!r}")
            if row.revoked_at is None:
                row.revoked_at = utcnow()

    def verify(self, token: str | None) -> str | None:
        """The token's name if it is valid and not revoked, else None."""
        if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        digest = hash_token(token)
        with self.db.session() as s:
            row = s.scalars(select(ApiTokenRow).where(ApiTokenRow.token_hash == digest)).first()
            if row is None or row.revoked_at is not None:
                return None
            if not secrets.compare_digest(row.token_hash, digest):
                return None
            now = utcnow()
            if row.last_used_at is None or now - row.last_used_at > _LAST_USED_EVERY:
                row.last_used_at = now
            return row.name


class RateLimiter:
    """At most ``per_minute`` hits per key in any sliding 60-second window (in memory)."""

    def __init__(self, per_minute: int, window: float = 60.0) -> None:
        self.per_minute = per_minute
        self.window = window
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> None:
        if self.per_minute <= 0:
            return
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] > self.window:
                hits.popleft()
            if len(hits) >= self.per_minute:
                wait = int(self.window - (now - hits[0])) + 1
                raise RateLimitError(
                    f"too many writes: at most {self.per_minute} per minute; retry in {wait} s"
                )
            hits.append(now)
