"""Readiness: can this node serve? Each check answers None (fine) or why it failed."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import cache
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from lms.extensions import db


def database() -> str | None:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means not ready
        db.session.rollback()
        return f"database: {type(exc).__name__}"
    return None


def redis(url: str | None) -> str | None:
    """Ping Redis when one is configured (jobs and rate limits live there)."""
    if not url:
        return None
    import redis as redis_client

    try:
        client = redis_client.Redis.from_url(url, socket_timeout=2)
        client.ping()
        client.close()
    except Exception as exc:
        return f"redis: {type(exc).__name__}"
    return None


def media_writable(media_dir: Path) -> str | None:
    """The (shared) media folder exists and takes a file."""
    probe = media_dir / f".ready-{uuid.uuid4().hex}"
    try:
        media_dir.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        return f"media: {exc.strerror or type(exc).__name__}"
    return None


@cache
def migration_heads(migrations_dir: str) -> frozenset[str]:
    """The revisions the code expects (read once per process)."""
    script = ScriptDirectory(migrations_dir)
    return frozenset(script.get_heads())


def migrations(migrations_dir: str) -> str | None:
    """The database is at the code's migration head(s)."""
    try:
        current = MigrationContext.configure(
            db.session.connection()
        ).get_current_heads()
    except Exception as exc:
        db.session.rollback()
        return f"migrations: {type(exc).__name__}"
    expected = migration_heads(migrations_dir)
    if set(current) != expected:
        have = ",".join(sorted(current)) or "none"
        return f"migrations: database at {have}, code at {','.join(sorted(expected))}"
    return None


def readiness(
    redis_url: str | None, media_dir: Path, migrations_dir: str
) -> dict[str, str | None]:
    """Every check by name: None when it passed, else what failed."""
    checks: dict[str, Callable[[], str | None]] = {
        "database": database,
        "redis": lambda: redis(redis_url),
        "media": lambda: media_writable(media_dir),
        "migrations": lambda: migrations(migrations_dir),
    }
    return {name: check() for name, check in checks.items()}
