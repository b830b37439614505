"""Exactly once in effect: whatever the receiver or the sender does wrong (a 500, a
timeout, a dropped connection after processing, the sender killed mid-push), every
credit reaches the receiver, and none is awarded twice."""

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lms.models import BatchStatus, CreditEntry, PointsBatch, Role
from lms.services.points import outbox as points_outbox
from lms.services.points.push import Settings, deliver
from tests.support.points_receiver import (
    SECRET,
    SOURCE,
    receiver_for,
    seed_ledger,
)

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)


@pytest.fixture
def receiver(app):
    with receiver_for(app, LMS_POINTS_BATCH_SIZE=20) as receiver:
        yield receiver


def ledger_size(db) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(CreditEntry))


def assert_exactly_once(db, receiver) -> None:
    assert len(receiver.awarded) == ledger_size(db)  # none lost
    assert receiver.twice() == []  # none awarded twice
    assert receiver.violations == []
    assert points_outbox.counts()["queued"] == 0


def push_until_done(app, rounds: int = 5) -> list[str]:
    """Run the pusher as the worker would, minute after minute (a fixed clock each)."""
    outcomes = []
    for n in range(rounds):
        clock = T0 + timedelta(hours=2 * n)
        report = deliver(Settings.from_config(app.config), clock=lambda c=clock: c)
        outcomes.append(report.outcome)
        if report.outcome == "empty":
            break
    return outcomes


@pytest.mark.parametrize("fault", ["500", "drop"])
def test_a_batch_processed_but_not_answered_is_sent_again_and_counted_once(
    app, db, factory, receiver, fault
):
    seed_ledger(db, factory.person(Role.WORKER), 70)
    receiver.faults.extend(["ok", fault, "ok", fault])
    assert push_until_done(app) == ["retry", "retry", "empty"]
    assert_exactly_once(db, receiver)
    duplicates = len(receiver.batches) * 20 - 70  # the unanswered batches, again
    assert duplicates > 0


@pytest.mark.app_config(LMS_POINTS_TIMEOUT=0.5)
def test_a_receiver_slower_than_the_timeout_counts_nothing_and_loses_nothing(
    app, db, factory, receiver
):
    seed_ledger(db, factory.person(Role.WORKER), 45)
    app.config["LMS_POINTS_TIMEOUT"] = 0.5
    receiver.faults.extend(["timeout:1.5", "ok", "timeout:1.5"])
    assert push_until_done(app) == ["retry", "retry", "empty"]
    assert_exactly_once(db, receiver)
    failed = db.session.scalars(
        db.select(PointsBatch.error).where(PointsBatch.status == BatchStatus.FAILED)
    ).all()
    assert len(failed) == 2 and all("timeout" in e for e in failed)


def cli_push(app, receiver) -> subprocess.Popen:
    env = {
        **os.environ,
        "FLASK_APP": "lms",
        "LMS_DATA_DIR": app.config["LMS_DATA_DIR"],
        "LMS_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "LMS_POINTS_URL": receiver.url,
        "LMS_POINTS_SECRET": SECRET,
        "LMS_INSTANCE_ID": SOURCE,
        "LMS_POINTS_BATCH_SIZE": "20",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "credits", "push"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_a_sender_killed_mid_push_loses_nothing_and_doubles_nothing(
    app, db, factory, receiver
):
    seed_ledger(db, factory.person(Role.WORKER), 95)
    receiver.faults.extend(["ok", "ok", "stall"])  # the third batch hangs
    first = cli_push(app, receiver)
    assert receiver.stalled.wait(60), first.communicate(timeout=5)[0]
    first.send_signal(signal.SIGKILL)  # after sending, before recording the answer
    first.wait(10)
    assert first.returncode == -signal.SIGKILL
    receiver.release_stall()
    db.session.commit()
    assert points_outbox.counts() == {"queued": 55, "delivered": 40, "held": 0}
    assert len(receiver.awarded) == 60  # the receiver has the stalled batch already
    second = cli_push(app, receiver)
    output, _ = second.communicate(timeout=60)
    assert second.returncode == 0, output
    db.session.commit()
    assert_exactly_once(db, receiver)
    statuses = db.session.scalars(db.select(PointsBatch.status)).all()
    assert statuses.count(BatchStatus.SENDING) == 1  # the one the kill cut short
