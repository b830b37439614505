"""Backing up an instance into a folder and restoring it into an empty one.

A backup folder holds the database (`dumps`), `media.tar` (published media and the
kept video sources), `keys/` (the session secret and the badge signing key, when they
live in the data dir) and `manifest.json`: the schema revision, and fingerprints of
the ledger (entry count and a SHA-256 over every entry as the contract gives it, in
`seq` order), people, courses and media files. Restore checks them all afterwards.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, inspect, select

from lms.extensions import db
from lms.models import Course, CreditEntry, Person
from lms.services.ops import dumps

FORMAT = 1
MEDIA_FOLDERS = ("media", "media-sources")
KEY_FILES = ("secret_key", "badge_ed25519.pem")
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def fingerprint(data_dir: Path) -> dict:
    """What must come back identical after a restore."""
    digest, entries = hashlib.sha256(), 0
    for entry in db.session.scalars(select(CreditEntry).order_by(CreditEntry.seq)):
        digest.update(json.dumps(entry.as_contract(), sort_keys=True).encode())
        entries += 1
    people = db.session.scalars(select(Person.phone).order_by(Person.id)).all()
    courses = db.session.scalars(select(Course.code).order_by(Course.code)).all()
    return {
        "ledger": {"entries": entries, "checksum": digest.hexdigest()},
        "people": {"count": len(people), "checksum": _sha(people)},
        "courses": sorted(courses),
        "media": media_fingerprint(data_dir),
    }


def media_fingerprint(data_dir: Path) -> dict:
    files = sorted(
        (str(p.relative_to(data_dir)), p.stat().st_size)
        for folder in MEDIA_FOLDERS
        if (data_dir / folder).is_dir()
        for p in (data_dir / folder).rglob("*")
        if p.is_file()
    )
    return {
        "files": len(files),
        "bytes": sum(s for _, s in files),
        "checksum": _sha(files),
    }


def _sha(items) -> str:
    return hashlib.sha256(json.dumps(items, ensure_ascii=False).encode()).hexdigest()


def backup(target: Path, data_dir: Path, url: str) -> dict:
    """Write a backup of this instance into the empty or new folder `target`."""
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty")
    target.mkdir(parents=True, exist_ok=True)
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(),
        "engine": dumps.engine_name(url),
        "revision": _revision(),
        **fingerprint(data_dir),
    }
    db.session.rollback()  # the fingerprint's reads end before the dump starts
    manifest["database"] = dumps.dump(url, target)
    _tar_media(data_dir, target / "media.tar")
    manifest["keys"] = _copy_keys(data_dir, target / "keys")
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return manifest


def _revision() -> str | None:
    if not inspect(db.session.connection()).has_table("alembic_version"):
        return None
    return db.session.execute(
        db.text("SELECT version_num FROM alembic_version")
    ).scalar()


def _tar_media(data_dir: Path, path: Path) -> None:
    with tarfile.open(path, "w") as tar:
        for folder in MEDIA_FOLDERS:
            if (data_dir / folder).is_dir():
                tar.add(data_dir / folder, arcname=folder)


def _copy_keys(data_dir: Path, folder: Path) -> list[str]:
    folder.mkdir()
    kept = [name for name in KEY_FILES if (data_dir / name).is_file()]
    for name in kept:
        shutil.copy2(data_dir / name, folder / name)
    return kept


def restore(source: Path, data_dir: Path, url: str) -> dict:
    """Restore the backup in `source` into this instance, which must hold no people
    and no ledger; checks the fingerprints afterwards. Stop the app nodes first."""
    manifest = read_manifest(source)
    if manifest["engine"] != dumps.engine_name(url):
        raise BackupError(
            f"a {manifest['engine']} backup cannot go into {url.split(':')[0]}"
        )
    _require_empty()
    db.session.remove()
    db.engine.dispose()  # no connection of ours holds the database while it is replaced
    dumps.load(url, source, manifest["database"])
    with tarfile.open(source / "media.tar") as tar:
        tar.extractall(data_dir, filter="data")
    for name in manifest["keys"]:
        shutil.copy2(source / "keys" / name, data_dir / name)
    found = fingerprint(data_dir)
    wrong = [key for key, value in found.items() if manifest[key] != value]
    if wrong:
        raise BackupError(
            f"restored, but these differ from the backup: {', '.join(wrong)}"
        )
    return manifest


def read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} holds no readable {MANIFEST}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def _require_empty() -> None:
    connection = db.session.connection()
    if not inspect(connection).has_table("people"):
        return
    people = db.session.scalar(select(func.count()).select_from(Person))
    entries = db.session.scalar(select(func.count()).select_from(CreditEntry))
    if people or entries:
        raise BackupError(
            f"this instance is not empty ({people} people, {entries} ledger entries)"
        )
