"""The points channel of the one outbox: a batch re-sent with exactly the same
entries keeps its batch_id and Idempotency-Key (points-export.md v1.1), a regrouped
or answered one does not; Retry-After (seconds or a date) holds even a push by hand
unless `--now`; `flask credits resume` lifts a stop; a backwards export period is
refused."""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from lms.models import BatchStatus, CreditAudit, PointsBatch, Role
from lms.services.points import outbox as points_outbox
from lms.services.points import pusher as points_pusher
from lms.services.points.push import Settings, deliver
from tests.support.points_receiver import receiver_for, seed_ledger

T0 = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)


@pytest.fixture
def receiver(app):
    with receiver_for(app, LMS_POINTS_BATCH_SIZE=20) as receiver:
        yield receiver


def push(app, moment=T0, **kw):
    return deliver(Settings.from_config(app.config), clock=lambda: moment, **kw)


def cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


@pytest.mark.parametrize("fault", ["500", "drop", "status:503"])
def test_a_batch_sent_again_with_the_same_entries_keeps_its_key(
    app, db, factory, receiver, fault
):
    seed_ledger(db, factory.person(Role.WORKER), 30)
    receiver.faults.extend([fault, fault])
    assert push(app).outcome == "retry"
    assert push(app, T0 + timedelta(hours=1)).outcome == "retry"
    assert push(app, T0 + timedelta(hours=2)).outcome == "empty"
    assert receiver.violations == [] and receiver.twice() == []
    assert len(receiver.awarded) == 30
    sent = db.session.scalars(db.select(PointsBatch).order_by(PointsBatch.first_seq))
    keys = [(b.first_seq, b.batch_id, b.status) for b in sent]
    first = [k for k in keys if k[0] == keys[0][0]]
    assert len(first) == 3 and len({k[1] for k in first}) == 1  # one key, 3 sends
    assert [k[2] for k in first] == [BatchStatus.FAILED] * 2 + [BatchStatus.ANSWERED]
    second = [k for k in keys if k[0] != keys[0][0]]
    assert len(second) == 1 and second[0][1] != first[0][1]
    on_wire = [b["key"] for b in receiver.batches]  # what the receiver saw
    assert first[0][1] in on_wire and set(on_wire) <= {first[0][1], second[0][1]}


def test_a_regrouped_batch_gets_a_new_key(app, db, factory, receiver):
    seed_ledger(db, factory.person(Role.WORKER), 30)
    receiver.faults.append("500")
    assert push(app).outcome == "retry"
    app.config["LMS_POINTS_BATCH_SIZE"] = 25  # the same entries, grouped otherwise
    assert push(app, T0 + timedelta(hours=1)).delivered == 30
    keys = [b["key"] for b in receiver.batches]
    assert len(keys) == 3 and len(set(keys)) == 3
    assert [b["size"] for b in receiver.batches] == [20, 25, 5]
    assert receiver.violations == []  # no key stood for two sets of entries


def test_entries_sent_again_after_an_answer_get_a_new_key(app, db, factory, receiver):
    stranger = factory.person(Role.WORKER)
    seed_ledger(db, stranger, 2)
    receiver.reject_people.add(stranger.person_id)
    assert push(app).held == 2
    receiver.reject_people.clear()
    admin = factory.person(Role.ADMIN)
    for entry, _ in points_outbox.held_entries():
        points_outbox.release_held(admin, entry.id, T0)
    db.session.commit()
    assert push(app).delivered == 2  # the same two entries, but answered before
    first, again = [b["key"] for b in receiver.batches]
    assert first != again  # else an idempotent receiver would replay "rejected"
    assert receiver.violations == []


@pytest.mark.parametrize("as_date", [False, True])
def test_retry_after_in_seconds_or_as_a_date_is_honoured(
    app, db, factory, receiver, as_date
):
    seed_ledger(db, factory.person(Role.WORKER), 5)
    later = datetime.now(UTC) + timedelta(seconds=600)
    value = format_datetime(later, usegmt=True) if as_date else "600"
    receiver.faults.append(f"429:{value}")
    assert push(app).outcome == "retry"
    wait = (points_pusher.current().next_attempt_at - T0).total_seconds()
    assert 590 <= wait <= 600
    assert push(app, T0 + timedelta(seconds=580)).outcome == "waiting"
    assert push(app, T0 + timedelta(seconds=601)).delivered == 5


def test_a_push_by_hand_honours_retry_after_unless_told_now(app, db, factory, receiver):
    seed_ledger(db, factory.person(Role.WORKER), 12)
    receiver.faults.append("429:3600")
    first = cli(app, "credits", "push")
    assert first.exit_code == 1 and first.output.startswith("retry")
    waiting = cli(app, "credits", "push")
    assert waiting.exit_code == 1 and waiting.output.startswith("waiting")
    assert "--now" in waiting.output and receiver.batches == []
    done = cli(app, "credits", "push", "--now")
    assert done.exit_code == 0, done.output
    assert len(receiver.awarded) == 12 and receiver.twice() == []


def test_a_push_by_hand_skips_our_own_backoff(app, db, factory, receiver):
    seed_ledger(db, factory.person(Role.WORKER), 3)
    receiver.faults.append("status:502")
    assert cli(app, "credits", "push").exit_code == 1
    assert points_pusher.current().next_attempt_at is not None
    assert points_pusher.current().retry_after_until is None
    assert cli(app, "credits", "push").exit_code == 0
    assert len(receiver.awarded) == 3


def test_credits_resume_lifts_a_stop_from_the_command_line(app, db, factory, receiver):
    seed_ledger(db, factory.person(Role.WORKER), 4)
    receiver.faults.append("status:401")
    assert cli(app, "credits", "push").exit_code == 1
    stopped = cli(app, "credits", "push", "--now")
    assert stopped.output.startswith("stopped") and receiver.batches == []
    assert "stopped: HTTP 401" in cli(app, "credits", "status").output
    resumed = cli(app, "credits", "resume")
    assert resumed.exit_code == 0, resumed.output
    audit = db.session.scalars(db.select(CreditAudit)).one()
    assert (audit.action, audit.actor_id) == ("resume_push", None)
    assert "401" in audit.reason
    assert cli(app, "credits", "push").exit_code == 0
    assert len(receiver.awarded) == 4
    again = cli(app, "credits", "resume")  # nothing to resume
    assert again.exit_code == 1 and "推送没有停止" in again.output


def test_an_export_until_before_since_is_an_error(app, db, factory, tmp_path):
    seed_ledger(db, factory.person(Role.WORKER), 3, earned_at=T0)
    out = tmp_path / "credits.csv"
    result = cli(
        app,
        "credits",
        "export",
        "--since",
        "2026-11-03",
        "--until",
        "2026-11-01",
        "--out",
        str(out),
    )
    assert result.exit_code == 2
    assert "--until" in result.output and "2026-11-01" in result.output
    assert not out.exists()
