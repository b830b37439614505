"""`flask lms backup DIR` and `flask lms restore DIR` (lms.services.ops.backup)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from lms.cli.instance import lms_cli
from lms.services.ops import backup as backups
from lms.services.ops.dumps import DumpError


def _where() -> tuple[Path, str]:
    config = current_app.config
    return Path(config["LMS_DATA_DIR"]), config["SQLALCHEMY_DATABASE_URI"]


@lms_cli.command("backup")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def backup_instance(folder: Path):
    """Back up the database, media and keys into FOLDER (new or empty)."""
    data_dir, url = _where()
    try:
        manifest = backups.backup(folder, data_dir, url)
    except (backups.BackupError, DumpError) as exc:
        raise click.ClickException(str(exc)) from exc
    _summary("backed up", folder, manifest)


@lms_cli.command("restore")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
def restore_instance(folder: Path):
    """Restore the backup in FOLDER into this empty instance (stop the nodes first)."""
    data_dir, url = _where()
    try:
        manifest = backups.restore(folder, data_dir, url)
    except (backups.BackupError, DumpError) as exc:
        raise click.ClickException(str(exc)) from exc
    _summary("restored and checked", folder, manifest)


def _summary(what: str, folder: Path, manifest: dict) -> None:
    ledger, media = manifest["ledger"], manifest["media"]
    click.echo(
        f"{what}: {folder} ({manifest['engine']}, revision {manifest['revision']}): "
        f"{ledger['entries']} ledger entries (sha256 {ledger['checksum'][:12]}), "
        f"{manifest['people']['count']} people, {len(manifest['courses'])} courses, "
        f"{media['files']} media files"
    )
