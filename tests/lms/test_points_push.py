"""Pushing the ledger to the points platform: the contract on the wire, batches of at
most 500 in seq order, a stop on 4xx, held entries, Retry-After and the back-off."""

import random
from datetime import UTC, datetime, timedelta

import pytest

from lms.models import CreditEntry, DeliveryState, PointsDelivery, Role
from lms.services.credits import ledger as credits
from lms.services.points import outbox as points_outbox
from lms.services.points import pusher as points_pusher
from lms.services.points.push import Settings, deliver
from tests.support.points_receiver import (
    receiver_for,
    seed_ledger,
)

T0 = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)


@pytest.fixture
def receiver(app):
    with receiver_for(app, LMS_POINTS_TIMEOUT=5.0) as receiver:
        yield receiver


def push(app, **kw):
    return deliver(Settings.from_config(app.config), **kw)


def at(moment):
    return lambda: moment


def ledger_size(db):
    return db.session.scalar(db.select(db.func.count()).select_from(CreditEntry))


def test_lesson_course_and_reversal_entries_are_all_delivered(
    app, db, factory, sample_course_dir, receiver
):
    course = factory.course(sample_course_dir)
    course.bonus_credit_hours = 1
    worker, admin = factory.person(Role.WORKER), factory.person(Role.ADMIN)
    first = credits.award_lesson(worker, course.lessons[0], T0)
    credits.award_lesson(worker, course.lessons[1], T0)
    credits.award_course(worker, course, T0)
    credits.reverse_entry(admin, first.id, "重复刷课，已核实", T0)
    db.session.commit()
    report = push(app)
    assert (report.outcome, report.delivered, report.counts["queued"]) == (
        "empty",
        4,
        0,
    )
    kinds = sorted(c["kind"] for c in receiver.awarded.values())
    assert kinds == ["course", "lesson", "lesson", "reversal"]
    reversal = next(c for c in receiver.awarded.values() if c["kind"] == "reversal")
    assert reversal["reverses"] == first.id and reversal["credit_hours"] == "-0.25"
    assert receiver.violations == []
    later = credits.award_lesson(factory.person(Role.WORKER), course.lessons[0], T0)
    db.session.commit()
    assert push(app).delivered == 1 and later.id in receiver.awarded


def test_batches_hold_at_most_500_entries_in_seq_order(app, db, factory, receiver):
    seed_ledger(db, factory.person(Role.WORKER), 1100)
    report = push(app)
    assert [b["size"] for b in receiver.batches] == [500, 500, 100]
    assert len(receiver.awarded) == 1100 == report.delivered
    seqs = [c["seq"] for c in receiver.awarded.values()]
    assert seqs == sorted(seqs) and receiver.violations == []
    assert len({b["key"] for b in receiver.batches}) == 3  # one key a batch
    assert points_outbox.counts() == {"queued": 0, "delivered": 1100, "held": 0}


@pytest.mark.parametrize("status", [400, 401, 403, 404])
def test_a_refusal_stops_pushing_keeps_everything_queued_and_does_not_spin(
    app, db, factory, receiver, status
):
    seed_ledger(db, factory.person(Role.WORKER), 30)
    receiver.faults.append(f"status:{status}")
    report = push(app)
    assert report.outcome == "stopped" and str(status) in report.error
    assert points_outbox.counts()["queued"] == 30
    for _ in range(3):  # later runs send nothing at all
        assert push(app, clock=at(T0 + timedelta(days=1))).outcome == "stopped"
        assert push(app, respect_backoff=False).outcome == "stopped"
    assert len(receiver.batches) == 0
    state = points_pusher.current()
    assert state.stop_status == status and state.is_stopped
    points_pusher.resume(factory.person(Role.ADMIN), T0)
    db.session.commit()
    assert push(app).delivered == 30 and len(receiver.awarded) == 30


def test_a_wrong_secret_is_refused_by_the_receiver_and_stops(
    app, db, factory, receiver
):
    seed_ledger(db, factory.person(Role.WORKER), 3)
    app.config["LMS_POINTS_SECRET"] = "not-the-shared-secret"
    assert push(app).outcome == "stopped"
    assert "signature" in points_pusher.current().stop_error
    assert receiver.awarded == {}


def test_rejected_entries_are_held_with_their_reason_until_released(
    app, db, factory, receiver
):
    stranger, known = factory.person(Role.WORKER), factory.person(Role.WORKER)
    seed_ledger(db, stranger, 2)
    seed_ledger(db, known, 3)
    receiver.reject_people.add(stranger.person_id)
    report = push(app)
    assert (report.delivered, report.held, report.outcome) == (3, 2, "empty")
    held = points_outbox.held_entries()
    assert [row.held_reason for _, row in held] == [
        f"unknown person_id {stranger.person_id}"
    ] * 2
    assert push(app, respect_backoff=False).batches == 0  # held is not re-sent
    receiver.reject_people.clear()  # the platform registered the person
    admin = factory.person(Role.ADMIN)
    for entry, _ in held:
        points_outbox.release_held(admin, entry.id, T0)
    db.session.commit()
    assert push(app).delivered == 2
    assert points_outbox.counts() == {"queued": 0, "delivered": 5, "held": 0}


def test_retry_after_is_honoured(app, db, factory, receiver):
    seed_ledger(db, factory.person(Role.WORKER), 5)
    receiver.faults.append("429:120")
    assert push(app, clock=at(T0)).outcome == "retry"
    assert points_pusher.current().next_attempt_at == T0 + timedelta(seconds=120)
    assert push(app, clock=at(T0 + timedelta(seconds=119))).outcome == "waiting"
    assert len(receiver.batches) == 0
    assert push(app, clock=at(T0 + timedelta(seconds=120))).delivered == 5


def test_backoff_grows_with_jitter_and_is_capped_at_one_hour(
    app, db, factory, receiver
):
    seed_ledger(db, factory.person(Role.WORKER), 2)
    receiver.always = "status:503"
    now, delays, rng = T0, [], random.Random(7)
    for _ in range(10):
        assert push(app, clock=at(now), rng=rng).outcome == "retry"
        next_at = points_pusher.current().next_attempt_at
        delays.append((next_at - now).total_seconds())
        early = push(app, clock=at(next_at - timedelta(seconds=1)))
        assert early.outcome == "waiting"
        now = next_at
    ceilings = [min(3600, 30 * 2**n) for n in range(10)]
    assert delays[0] <= 60
    assert all(c / 2 <= d <= c for d, c in zip(delays, ceilings, strict=True))
    assert max(delays) <= 3600 and delays[-1] >= 1800
    assert points_pusher.current().failures == 10
    receiver.always = None
    assert push(app, clock=at(now)).delivered == 2
    assert points_pusher.current().failures == 0


def test_the_periodic_task_delivers_and_respects_the_backoff(
    app, db, factory, receiver
):
    from lms.tasks import push_credits

    seed_ledger(db, factory.person(Role.WORKER), 4)
    receiver.faults.append("500")
    assert push_credits()["outcome"] == "retry"
    assert push_credits()["outcome"] == "waiting"  # the back-off is not over
    state = points_pusher.for_update()
    state.next_attempt_at = datetime.now(UTC) - timedelta(seconds=1)
    db.session.commit()
    result = push_credits()
    assert (result["outcome"], result["delivered"], result["queued"]) == ("empty", 4, 0)
    assert len(receiver.awarded) == 4 and receiver.twice() == []


def test_push_is_off_without_a_url(app, db, factory):
    seed_ledger(db, factory.person(Role.WORKER), 2)
    report = push(app)
    assert report.outcome == "off" and report.counts["queued"] == 2
    states = db.session.scalars(db.select(PointsDelivery.state)).all()
    assert states == [] or set(states) == {DeliveryState.QUEUED}


def test_cli_push_and_status(app, db, factory, receiver):
    seed_ledger(db, factory.person(Role.WORKER), 12)
    runner = app.test_cli_runner()
    receiver.faults.append("500")
    failed = runner.invoke(args=["credits", "push"])
    assert failed.exit_code == 1, failed.output
    done = runner.invoke(args=["credits", "push"])  # by hand: no waiting for back-off
    assert done.exit_code == 0, done.output
    status = runner.invoke(args=["credits", "status"])
    assert "queued: 0" in status.output and "delivered: 12" in status.output
    assert len(receiver.awarded) == 12 and receiver.twice() == []


def test_an_entry_that_commits_out_of_seq_order_is_still_sent(
    app, db, factory, receiver
):
    worker = factory.person(Role.WORKER)
    seed_ledger(db, worker, 3)
    db.session.execute(  # a writer that skipped the ledger lock: seq 50 commits first
        db.update(CreditEntry).where(CreditEntry.seq == 3).values(seq=50)
    )
    db.session.commit()
    assert push(app).delivered == 3
    seed_ledger(db, worker, 1)  # the next seq from the database
    late = CreditEntry(
        id="0b0c8a52-4d55-4a43-9d0c-6f4f3c4b6a11",
        seq=20,
        person_pk=worker.id,
        person_id=worker.person_id,
        kind="lesson",
        credit_hours=1,
        course_code="c",
        lesson_code="l",
        title="迟到的记录",
        earned_at=T0,
    )
    db.session.add(late)
    db.session.commit()
    assert points_outbox.counts()["queued"] == 2
    assert push(app).delivered == 2 and late.id in receiver.awarded
    assert len(receiver.awarded) == ledger_size(db) == 5


def test_only_one_pusher_runs_at_a_time(app, db, factory, receiver):
    from lms.services.points.lock import single_pusher

    seed_ledger(db, factory.person(Role.WORKER), 3)
    with single_pusher(db.engine) as first:
        assert first and push(app).outcome == "busy"
        assert receiver.batches == []
    assert push(app).delivered == 3
