"""Test databases built by the real migrations: a SQLite template, a PostgreSQL schema."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa


def upgrade(config_for, folder: Path, url: str) -> None:
    """Run every migration against `url` through Flask-Migrate, as `flask db upgrade` does."""
    from flask_migrate import upgrade as run_upgrade

    from lms import create_app
    from lms.extensions import db

    app = create_app(config_for(folder, url))
    with app.app_context():
        run_upgrade()
        db.session.remove()
        db.engine.dispose()


class SqliteTemplate:
    def __init__(self, folder: Path):
        self.template = folder / "template.sqlite3"

    def build(self, config_for) -> None:
        upgrade(config_for, self.template.parent, f"sqlite:///{self.template}")

    def fresh(self, folder: Path) -> str:
        target = folder / "lms.sqlite3"
        shutil.copyfile(self.template, target)
        return f"sqlite:///{target}"

    def drop(self) -> None:
        pass


class PostgresSchema:
    def __init__(self, base_url: str, schema: str, folder: Path):
        self.base_url, self.schema, self.folder = base_url, schema, folder
        options = quote(f"-csearch_path={schema}")
        self.url = f"{base_url}?options={options}"
        self.engine = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")

    def build(self, config_for) -> None:
        with self.engine.connect() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{self.schema}"'))
        upgrade(config_for, self.folder, self.url)
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT tablename FROM pg_tables WHERE schemaname = :s"),
                {"s": self.schema},
            )
            self.tables = [r[0] for r in rows if r[0] != "alembic_version"]

    def fresh(self, folder: Path) -> str:
        names = ", ".join(f'"{self.schema}"."{t}"' for t in self.tables)
        with self.engine.connect() as conn:
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        return self.url

    def drop(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
        self.engine.dispose()
