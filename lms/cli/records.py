"""`flask credits ...` and `flask xapi ...`: delivering credits and statements (the
two channels of the outbox), lifting a stop, and the credits file export."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from lms.extensions import db
from lms.models.base import utcnow

credits_cli = AppGroup("credits", help="Credits export to the points platform.")
xapi_cli = AppGroup("xapi", help="xAPI statements to the learning record store.")
DAY = click.DateTime(formats=["%Y-%m-%d"])
NOW = click.option(
    "--now",
    is_flag=True,
    help="Send even while the receiver's Retry-After has not passed yet.",
)


def _pushed(report, line: str) -> None:
    """Print a run's report; exit 0 when nothing is left queued, 1 otherwise."""
    click.echo(line)
    if report.outcome == "waiting":
        click.echo("接收方要求稍后再试 (Retry-After); 用 --now 立即发送", err=True)
    if report.error:
        click.echo(f"错误: {report.error}", err=True)
    sys.exit(0 if report.counts.get("queued", 0) == 0 else 1)


def _resume(step) -> None:
    """Run a resume step and commit; not stopped: say so and exit 1."""
    from lms.errors import Conflict

    try:
        step()
    except Conflict as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()


@credits_cli.command("push")
@NOW
def push_credits(now):
    """Push queued credits now (until the queue is empty or the receiver fails),
    skipping our own back-off but not the receiver's Retry-After (unless --now);
    exit 0 when nothing is left to send, 1 otherwise."""
    from lms.services.points.push import Settings, deliver

    report = deliver(
        Settings.from_config(current_app.config),
        respect_backoff=False,
        respect_retry_after=not now,
        lock_wait_s=15,
    )
    line = (
        f"{report.outcome}: {report.batches} 批, 已送达 {report.delivered}, "
        f"暂扣 {report.held}; 待发送 {report.counts['queued']}"
    )
    _pushed(report, line)


@credits_cli.command("resume")
def resume_credits():
    """Lift the stop after the receiver refused us (as the admin page's "resume")."""
    from lms.services.points import pusher as points_pusher

    _resume(lambda: points_pusher.resume(None, utcnow()))
    click.echo("已恢复推送")


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

    if until is not None and until < since:
        raise click.BadParameter(
            f"{until:%Y-%m-%d} is before --since {since:%Y-%m-%d}",
            param_hint="'--until'",
        )
    tz, last = current_app.config["LMS_TIMEZONE"], until.date() if until else None
    if out is None:
        count = points_file.export(fmt, since.date(), last, tz, sys.stdout)
    else:
        with open(out, "w", encoding="utf-8", newline="") as handle:
            count = points_file.export(fmt, since.date(), last, tz, handle)
    click.echo(f"导出 {count} 条", err=True)


@xapi_cli.command("push")
@NOW
def push_xapi(now):
    """Send queued xAPI statements now, skipping our own back-off but not the
    LRS's Retry-After (unless --now); exit 0 when nothing is left queued, 1
    otherwise."""
    from lms.services.xapi.send import Settings, deliver

    report = deliver(
        Settings.from_config(current_app.config),
        respect_backoff=False,
        respect_retry_after=not now,
        lock_wait_s=15,
    )
    counts = report.counts
    line = (
        f"{report.outcome}: 已送达 {report.delivered}, 暂扣 {report.held}; "
        f"待发送 {counts.get('queued', 0)}, 暂扣共 {counts.get('held', 0)}"
    )
    _pushed(report, line)


@xapi_cli.command("resume")
def resume_xapi():
    """Lift the stop after the LRS refused us (401/403/404)."""
    from lms.services.xapi import record as xapi

    _resume(lambda: xapi.resume(None, utcnow()))
    click.echo("已恢复发送")


@xapi_cli.command("status")
def xapi_status():
    """Counts of queued, delivered and held xAPI statements."""
    from lms.services.xapi import record as xapi

    for name, count in xapi.counts().items():
        click.echo(f"{name}: {count}")
    channel = xapi.channel_state()
    if channel.is_stopped:
        click.echo(f"stopped: HTTP {channel.stop_status} {channel.stop_error}")


@xapi_cli.command("requeue")
@click.argument("statement_id", required=False)
def xapi_requeue(statement_id):
    """Queue held statements again (all, or the one given)."""
    from lms.services.xapi import record as xapi

    count = xapi.release_held(statement_id)
    db.session.commit()
    click.echo(f"重新排队 {count} 条")
