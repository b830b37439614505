"""`flask credits ...` and `flask xapi ...`: delivering credits and statements."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from lms.extensions import db

credits_cli = AppGroup("credits", help="Credits export to the points platform.")
DAY = click.DateTime(formats=["%Y-%m-%d"])


@credits_cli.command("push")
def push_credits():
    """Push queued credits now (until the queue is empty or the receiver fails);
    exit 0 when nothing is left to send, 1 otherwise."""
    from lms.services.points.push import Settings, deliver

    report = deliver(
        Settings.from_config(current_app.config), respect_backoff=False, lock_wait_s=15
    )
    click.echo(
        f"{report.outcome}: {report.batches} 批, 已送达 {report.delivered}, "
        f"暂扣 {report.held}; 待发送 {report.counts['queued']}"
    )
    if report.error:
        click.echo(f"错误: {report.error}", err=True)
    sys.exit(0 if report.counts["queued"] == 0 else 1)


@credits_cli.command("status")
def credits_status():
    """Counts of queued, delivered and held credit entries."""
    from lms.services.points import outbox as points_outbox
    from lms.services.points import pusher as points_pusher

    for state, count in points_outbox.counts().items():
        click.echo(f"{state}: {count}")
    pusher = points_pusher.current()
    if pusher.is_stopped:
        click.echo(f"stopped: HTTP {pusher.stop_status} {pusher.stop_error}")
    elif pusher.next_attempt_at:
        click.echo(f"next attempt: {pusher.next_attempt_at.isoformat()}")


@credits_cli.command("export")
@click.option("--since", type=DAY, required=True, help="First day (local), YYYY-MM-DD.")
@click.option("--until", type=DAY, help="Last day (local, inclusive), YYYY-MM-DD.")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv")
@click.option("--out", type=click.Path(dir_okay=False), help="File (default: stdout).")
def export_credits(since, until, fmt, out):
    """Write the ledger entries earned in the period (contract fields)."""
    from lms.services.points import file_export as points_file

    tz, last = current_app.config["LMS_TIMEZONE"], until.date() if until else None
    if out is None:
        count = points_file.export(fmt, since.date(), last, tz, sys.stdout)
    else:
        with open(out, "w", encoding="utf-8", newline="") as handle:
            count = points_file.export(fmt, since.date(), last, tz, handle)
    click.echo(f"导出 {count} 条", err=True)


xapi_cli = AppGroup("xapi", help="xAPI statements to the learning record store.")


@xapi_cli.command("push")
def push_xapi():
    """Send queued xAPI statements now (waiting back-offs included); exit 0 when
    nothing is left queued, 1 otherwise."""
    from lms.services.xapi.send import Settings, deliver

    report = deliver(Settings.from_config(current_app.config), respect_backoff=False)
    counts = report.counts
    click.echo(
        f"{report.outcome}: 已送达 {report.delivered}, 被拒 {report.failed}; "
        f"待发送 {counts.get('queued', 0)}, 失败 {counts.get('failed', 0)}"
    )
    if report.error:
        click.echo(f"错误: {report.error}", err=True)
    sys.exit(0 if counts.get("queued", 0) == 0 else 1)


@xapi_cli.command("status")
def xapi_status():
    """Counts of queued, delivered and failed xAPI statements."""
    from lms.services.xapi import record as xapi

    for state, count in xapi.counts().items():
        click.echo(f"{state}: {count}")


@xapi_cli.command("requeue")
@click.argument("statement_id", required=False)
def xapi_requeue(statement_id):
    """Queue failed statements again (all, or the one given)."""
    from lms.services.xapi import record as xapi

    count = xapi.requeue_failed(statement_id)
    db.session.commit()
    click.echo(f"重新排队 {count} 条")
