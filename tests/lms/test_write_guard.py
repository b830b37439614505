"""The one way to write (lms/writing.py): a request that writes without holding
SQLite's write lock fails loudly in tests; `begin_writing()` takes the lock, in a
request and outside one. The suites of the real write paths (progress, quizzes,
studio, union, uploads, video jobs) run under the same guard."""

import sqlite3

import pytest
from sqlalchemy import select, update

from lms.models import Person
from lms.writing import WriteWithoutLock, begin_writing, reads_first


def _rename(person_id: int, name: str) -> None:
    db_session().execute(update(Person).where(Person.id == person_id).values(name=name))


def db_session():
    from lms.extensions import db

    return db.session


def _name(person_id: int) -> str:
    db_session().expire_all()
    return db_session().scalar(select(Person.name).where(Person.id == person_id))


def forgetful():
    """A view that reads, then writes without `begin_writing()` (a new function each
    time, so marking one `reads_first` marks no other)."""

    def view(person_id: int):
        db_session().get(Person, person_id)  # a read begins the transaction
        _rename(person_id, "忘了")
        db_session().commit()
        return "ok"

    return view


def careful(person_id: int):
    db_session().get(Person, person_id)
    begin_writing()
    _rename(person_id, "记得")
    db_session().commit()
    return "ok"


def add_views(app):
    for rule, view, methods in [
        ("/_guard/get-forgetful/<int:person_id>", forgetful(), ["GET"]),
        ("/_guard/get-careful/<int:person_id>", careful, ["GET"]),
        ("/_guard/post-plain/<int:person_id>", forgetful(), ["POST"]),
        (
            "/_guard/post-reads-first/<int:person_id>",
            reads_first(forgetful()),
            ["POST"],
        ),
    ]:
        app.add_url_rule(rule, rule, view, methods=methods)


def is_sqlite(db) -> bool:
    return db.engine.dialect.name == "sqlite"


def test_a_get_view_writing_without_begin_writing_fails_loudly_on_sqlite(
    app, db, client, factory
):
    add_views(app)
    person = factory.person(name="原名")
    db.session.commit()
    if is_sqlite(db):
        with pytest.raises(WriteWithoutLock, match="begin_writing"):
            client.get(f"/_guard/get-forgetful/{person.id}")
        assert _name(person.id) == "原名"  # nothing was written
    else:  # PostgreSQL writes without a lock up front: no guard
        assert client.get(f"/_guard/get-forgetful/{person.id}").status_code == 200
        assert _name(person.id) == "忘了"


def test_a_reads_first_view_must_begin_writing(app, db, client, factory):
    add_views(app)
    person = factory.person(name="原名")
    db.session.commit()
    path = f"/_guard/post-reads-first/{person.id}"
    if is_sqlite(db):
        with pytest.raises(WriteWithoutLock):
            client.post(path)
    else:
        assert client.post(path).status_code == 200


def test_views_that_hold_the_lock_write(app, db, client, factory):
    add_views(app)
    person = factory.person(name="原名")
    db.session.commit()
    assert client.get(f"/_guard/get-careful/{person.id}").status_code == 200
    assert _name(person.id) == "记得"
    assert client.post(f"/_guard/post-plain/{person.id}").status_code == 200
    assert _name(person.id) == "忘了"  # a POST holds the lock from its start


@pytest.mark.app_config(LMS_WRITE_GUARD=False)
def test_without_the_guard_a_lone_writer_gets_through(app, db, client, factory):
    """Production: no guard (the write succeeds while nobody else writes)."""
    add_views(app)
    person = factory.person(name="原名")
    db.session.commit()
    assert client.get(f"/_guard/get-forgetful/{person.id}").status_code == 200
    assert _name(person.id) == "忘了"


def test_the_guard_is_on_when_testing(app):
    assert app.config["LMS_WRITE_GUARD"] is True


def test_outside_requests_begin_writing_takes_the_lock_after_reads(app, db, factory):
    """What a task or CLI step does (e.g. the points push)."""
    person = factory.person(name="原名")
    db.session.commit()
    db.session.get(Person, person.id)  # a read-only transaction
    if is_sqlite(db):
        assert _can_write_elsewhere(db)
    begin_writing()
    begin_writing()  # held already: nothing happens
    if is_sqlite(db):
        assert not _can_write_elsewhere(db)
    _rename(person.id, "任务")
    db.session.commit()
    assert _name(person.id) == "任务"
    if is_sqlite(db):
        assert _can_write_elsewhere(db)


def _can_write_elsewhere(db) -> bool:
    other = sqlite3.connect(db.engine.url.database, isolation_level=None, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()


class BusySmsProvider:
    """A fake of the SMS provider (another organisation's server) during whose send
    another writer commits, as a web request does while the outbox task runs."""

    person_id = 0

    def send(self, phone: str, text: str) -> None:
        from lms.extensions import db

        with db.engine.connect() as other:
            other.execute(
                update(Person).where(Person.id == self.person_id).values(name="并发")
            )
            other.commit()


def test_the_sms_outbox_writes_after_another_writer_committed(
    app, db, factory, monkeypatch
):
    """The task reads the due SMS, sends them (slow), then records them: on SQLite a
    read-only transaction could not write after another writer's commit."""
    from datetime import UTC, datetime

    from lms.models import Notification, SmsState
    from lms.services.union import notifications

    worker, noon = factory.person(), datetime(2026, 7, 15, 4, 0, tzinfo=UTC)
    notice = Notification(
        person_id=worker.id, kind="reminder", day=noon.date(), body="提醒"
    )
    notice.send_after = noon
    db.session.add(notice)
    db.session.commit()
    BusySmsProvider.person_id = worker.id
    monkeypatch.setitem(notifications.GATEWAYS, "busy", BusySmsProvider)
    app.config["LMS_SMS_BACKEND"] = "busy"
    assert notifications.deliver_sms(noon) == 1
    db.session.commit()
    assert db.session.get(Notification, notice.id).sms_state == SmsState.SENT
    assert _name(worker.id) == "并发"
