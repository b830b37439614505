"""`flask lms backup` → `flask lms restore` into a fresh instance, on SQLite and on
PostgreSQL (a database of its own for each side): same ledger (entry ids and a
checksum), people, courses, media and keys."""

from __future__ import annotations

import hashlib
import json
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from lms.models import Course, CreditEntry, LessonProgress, Person, Role
from lms.writing import begin_writing
from tests.conftest import PG_URL, base_config
from tests.support import databases

SAMPLE = Path(__file__).parent.parent / "data" / "courses" / "sample-101"
SERVER = sa.create_engine(
    PG_URL.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT"
)


@contextmanager
def database(engine: str, folder: Path, migrated: bool):
    """A database of its own: a SQLite file, or a new PostgreSQL database."""
    if engine == "sqlite":
        url = f"sqlite:///{folder / 'lms.sqlite3'}"
        if migrated:
            databases.upgrade(base_config, folder, url)
        yield url
        return
    name = f"deploy_bk_{uuid.uuid4().hex[:10]}"
    with SERVER.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        if migrated:
            databases.upgrade(base_config, folder, url)
        yield url
    finally:
        with SERVER.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextmanager
def instance(folder: Path, url: str):
    from lms import create_app
    from lms.extensions import db

    folder.mkdir(exist_ok=True)
    app = create_app(base_config(folder, url))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def earn_credits(app) -> None:
    """Two workers watch lessons through the API until the ledger has entries."""
    from lms.extensions import db
    from tests.support.factories import Factory

    factory = Factory(app)
    course = factory.course(SAMPLE)
    for lesson in course.lessons:
        lesson.video_duration_s = 100.0
    db.session.commit()
    for _ in range(2):
        worker = factory.person(Role.WORKER)
        client = app.test_client()
        factory.login(client, worker)
        for lesson in course.lessons:
            watch(client, db, lesson, worker)


def watch(client, db, lesson, worker) -> None:
    assert client.get(f"/api/v1/lessons/{lesson.id}").status_code == 200
    row = db.session.scalar(
        sa.select(LessonProgress).filter_by(person_id=worker.id, lesson_id=lesson.id)
    )
    now = datetime.now(UTC)
    begin_writing()  # the test's own write, the one way
    row.first_opened_at = now - timedelta(seconds=200)
    db.session.commit()
    t0 = now - timedelta(seconds=120)
    events = [
        {
            "id": str(uuid.uuid4()),
            "from": s,
            "to": s + 15,
            "rate": 1.0,
            "at": (t0 + timedelta(seconds=s + 15)).isoformat(),
        }
        for s in range(0, 90, 15)
    ]
    url = f"/api/v1/lessons/{lesson.id}/progress"
    assert client.post(url, json={"events": events}).status_code == 200
    db.session.commit()


def add_media(data_dir: Path) -> None:
    rendition = data_dir / "media" / "videos" / "abc123" / "360p"
    rendition.mkdir(parents=True)
    (rendition / "seg_000.ts").write_bytes(bytes(range(256)) * 100)
    (data_dir / "media-sources").mkdir()
    (data_dir / "media-sources" / "f00d.mp4").write_bytes(b"\0" * 5000)
    (data_dir / "secret_key").write_text("s3cret-" + uuid.uuid4().hex)


def state(data_dir: Path) -> dict:
    """What the test compares, read independently of the service's fingerprint."""
    from lms.extensions import db

    entries = db.session.scalars(sa.select(CreditEntry).order_by(CreditEntry.seq)).all()
    rows = [json.dumps(e.as_contract(), sort_keys=True) for e in entries]
    media = {
        str(p.relative_to(data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in ("media", "media-sources")
        for p in (data_dir / folder).rglob("*")
        if p.is_file()
    }
    return {
        "entry_ids": [(e.seq, e.id) for e in entries],
        "ledger_sha": hashlib.sha256("".join(rows).encode()).hexdigest(),
        "people": db.session.scalars(
            sa.select(Person.person_id).order_by(Person.id)
        ).all(),
        "courses": db.session.scalars(sa.select(Course.code)).all(),
        "media": media,
        "secret": (data_dir / "secret_key").exists()
        and (data_dir / "secret_key").read_text(),
    }


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_backup_then_restore_into_a_fresh_instance(engine, tmp_path):
    source_dir, target_dir, kept = tmp_path / "a", tmp_path / "b", tmp_path / "backup"
    source_dir.mkdir()
    with database(engine, source_dir, migrated=True) as url:
        with instance(source_dir, url) as app:
            earn_credits(app)
            add_media(source_dir)
            before = state(source_dir)
            result = app.test_cli_runner().invoke(args=["lms", "backup", str(kept)])
            assert result.exit_code == 0, result.output
    assert len(before["entry_ids"]) >= 4 and len(before["people"]) == 2
    assert "4 ledger entries" in result.output or "ledger entries" in result.output
    manifest = json.loads((kept / "manifest.json").read_text())
    assert manifest["ledger"]["entries"] == len(before["entry_ids"])
    target_dir.mkdir()
    # The SQLite target was migrated (empty tables); the PostgreSQL one is bare.
    with database(engine, target_dir, migrated=engine == "sqlite") as url:
        with instance(target_dir, url) as app:
            result = app.test_cli_runner().invoke(args=["lms", "restore", str(kept)])
            assert result.exit_code == 0, result.output
            assert "restored and checked" in result.output
            assert state(target_dir) == before


def test_restore_refuses_an_instance_that_has_people(tmp_path):
    engine = "sqlite"  # the check is the same query on both engines
    source_dir, kept = tmp_path / "a", tmp_path / "backup"
    source_dir.mkdir()
    with database(engine, source_dir, migrated=True) as url:
        with instance(source_dir, url) as app:
            earn_credits(app)
            assert (
                app.test_cli_runner()
                .invoke(args=["lms", "backup", str(kept)])
                .exit_code
                == 0
            )
            again = app.test_cli_runner().invoke(args=["lms", "backup", str(kept)])
            assert again.exit_code != 0 and "not empty" in again.output
            before = state(source_dir)
            result = app.test_cli_runner().invoke(args=["lms", "restore", str(kept)])
            assert result.exit_code != 0
            assert "not empty (2 people" in result.output
            assert state(source_dir) == before


def test_restore_refuses_a_backup_of_the_other_engine(tmp_path):
    kept = tmp_path / "backup"
    kept.mkdir()
    (kept / "manifest.json").write_text(
        json.dumps({"format": 1, "engine": "postgresql"})
    )
    (tmp_path / "a").mkdir()
    with database("sqlite", tmp_path / "a", migrated=True) as url:
        with instance(tmp_path / "a", url) as app:
            result = app.test_cli_runner().invoke(args=["lms", "restore", str(kept)])
    assert (
        result.exit_code != 0
        and "postgresql backup cannot go into sqlite" in result.output
    )
