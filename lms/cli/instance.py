"""`flask lms ...` and `flask search ...`: setting up and maintaining this instance."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from lms.extensions import db
from lms.services.seed import demo

lms_cli = AppGroup("lms", help="Setting up this instance.")


@lms_cli.command("demo")
def demo_accounts():
    """Create the demo organisations and accounts (printed with their passwords)."""
    accounts = Path(current_app.config["LMS_DATA_DIR"]) / "demo-accounts.txt"
    lines = demo.ensure_demo(accounts)
    db.session.commit()
    click.echo(f"Demo accounts (kept in {accounts}):")
    for line in lines:
        click.echo(f"  {line}")


@lms_cli.command("synth")
@click.option(
    "--scale", type=float, default=1.0, help="1.0 = 26,200 workers x 60 lessons."
)
@click.option("--seed", type=int, default=7)
def synth_city(scale, seed):
    """Generate the synthetic city (union dashboards' benchmark data)."""
    from lms.services.seed import synth

    counts = synth.synth(scale, seed)
    db.session.commit()
    synth.checkpoint()
    click.echo(", ".join(f"{name} {n}" for name, n in counts.items()))


@lms_cli.command("union-counters")
def union_counters_rebuild():
    """Recount the union dashboards' counters from the progress rows."""
    from lms.services.union import counters as union_counters

    counts = union_counters.rebuild()
    db.session.commit()
    click.echo(", ".join(f"{name} {n}" for name, n in counts.items()))


search_cli = AppGroup("search", help="The search index of courses and lessons.")


@search_cli.command("reindex")
def search_reindex():
    """Rebuild the search index from the database (in <LMS_DATA_DIR>/search)."""
    import time

    from lms.services.catalogue import search_index

    started = time.perf_counter()
    count = search_index.rebuild()
    click.echo(f"索引 {count} 条, {time.perf_counter() - started:.1f} s")
