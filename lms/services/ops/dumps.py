"""Copying a database to a file and back: SQLite through its online backup API (a
consistent copy while the app keeps writing), PostgreSQL through pg_dump/pg_restore
(custom format). One database per instance: PostgreSQL dumps the whole database."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, make_url

SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"


class DumpError(Exception):
    """pg_dump or pg_restore refused; the message carries its stderr."""


def engine_name(url: str) -> str:
    return make_url(url).get_backend_name()  # "sqlite" or "postgresql"


def dump(url: str, folder: Path) -> str:
    """Write the database into `folder`; returns the file's name."""
    if engine_name(url) == "sqlite":
        _sqlite_copy(Path(make_url(url).database), folder / SQLITE_FILE)
        return SQLITE_FILE
    target = folder / PG_FILE
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-acl", f"--file={target}"],
        url,
    )
    return PG_FILE


def load(url: str, folder: Path, name: str) -> None:
    """Replace the database's content with the dump `name` in `folder`."""
    if engine_name(url) == "sqlite":
        if name != SQLITE_FILE:
            raise DumpError(f"{name} is not a SQLite backup")
        _sqlite_copy(folder / SQLITE_FILE, Path(make_url(url).database))
        return
    if name != PG_FILE:
        raise DumpError(f"{name} is not a PostgreSQL backup")
    command = ["pg_restore", "--no-owner", "--no-acl", "--clean", "--if-exists"]
    _run([*command, "--single-transaction", "--exit-on-error", str(folder / name)], url)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Page by page through SQLite's backup API (WAL content included)."""
    source_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target_db = sqlite3.connect(target)
    try:
        source_db.backup(target_db)
    finally:
        target_db.close()
        source_db.close()


def _run(command: list[str], url: str) -> None:
    """Run a PostgreSQL client with the URL's server and database; the password
    travels in PGPASSWORD, not on the command line."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    result = subprocess.run(
        [*command, f"--dbname={_libpq(parsed)}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if result.returncode != 0:
        raise DumpError(f"{command[0]}: {result.stderr.strip()[-2000:]}")


def _libpq(parsed: URL) -> str:
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False)
