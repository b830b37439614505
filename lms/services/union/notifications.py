"""The notification outbox: reminders become in-app notices at once and SMS later,
never in quiet hours (21:00-08:00 local), at most one a day per person and kind (a
unique constraint: a second reminder that day is dropped by the database, not by a
check). Besides campaign reminders, it turns other domains' announcements into
notices: certificates about to expire (`credits.events`), station classes coming up
(`classes.events`)."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from lms.extensions import db
from lms.models import Campaign, Notification, Person, SmsState
from lms.services.sms import GATEWAYS, LogGateway, gateway  # noqa: F401 (re-exported)
from lms.services.union import campaigns, reminders
from lms.services.union.behind import (
    CAMPAIGN,
    Basis,
    BehindMember,
    campaign_courses,
    with_next_lessons,
)
from lms.writing import begin_writing

log = logging.getLogger("lms.sms")
QUIET_START, QUIET_END = time(21, 0), time(8, 0)
REMINDER = "reminder"


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["LMS_TIMEZONE"])


def quiet_until(now: datetime) -> datetime | None:
    """When quiet hours end, if `now` is inside them; None otherwise."""
    local = now.astimezone(_zone())
    if QUIET_END <= local.time() < QUIET_START:
        return None
    day = local.date() + timedelta(days=1 if local.time() >= QUIET_START else 0)
    return datetime.combine(day, QUIET_END, tzinfo=_zone()).astimezone(UTC)


def local_day(now: datetime) -> date:
    return now.astimezone(_zone()).date()


def send_reminders(
    actor: Person, campaign: Campaign, now: datetime, template: str | None = None
) -> int:
    """Remind the actor's members who have not finished `campaign` (with `template`,
    or the default wording); returns how many were reminded (people already
    reminded today are skipped)."""
    basis = Basis(CAMPAIGN, campaign_courses(campaign), campaign)
    template = reminders.check_template(template or reminders.default_template(basis))
    people = list(db.session.scalars(campaigns.unfinished(actor, campaign)))
    members = with_next_lessons(people, basis.courses)
    return remind(members, basis, template, now)


def remind(
    members: list[BehindMember], basis: Basis, template: str, now: datetime
) -> int:
    """A notice to each of `members` with `template` filled for them and a link to
    their next lesson: in the app at once, by SMS after quiet hours, at most one a
    day each (the database drops a second); returns how many were sent."""
    template = reminders.check_template(template)
    if not members:
        return 0
    send_after = quiet_until(now) or now
    rows = [
        {
            "person_id": m.person.id,
            "kind": REMINDER,
            "day": local_day(now),
            "campaign_id": basis.campaign.id if basis.campaign else None,
            "body": reminders.fill(template, m, basis),
            "lesson_id": m.next_lesson.id if m.next_lesson else None,
            "created_at": now,
            "sms_state": str(SmsState.QUEUED),
            "send_after": send_after,
        }
        for m in members
    ]
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(Notification).on_conflict_do_nothing().returning(Notification.id)
    return len(db.session.execute(stmt, rows).all())


def lesson_path(lesson_id: int) -> str:
    """The path of a lesson page, built without a request (tasks send SMS too)."""
    adapter = current_app.url_map.bind("localhost")
    return adapter.build("learner.lesson", {"lesson_id": lesson_id})


def sms_text(notice: Notification) -> str:
    """The notice's text, with the full URL of the page it leads to (if any)."""
    path = lesson_path(notice.lesson_id) if notice.lesson_id else notice.link
    if not path:
        return notice.body
    return f"{notice.body} {current_app.config['LMS_PUBLIC_URL']}{path}"


def deliver_sms(now: datetime, limit: int = 500) -> int:
    """Send queued SMS that are due, unless it is quiet hours; returns how many went."""
    if quiet_until(now) is not None:
        return 0
    query = (
        select(Notification, Person.phone)
        .join(Person, Person.id == Notification.person_id)
        .where(
            Notification.sms_state == SmsState.QUEUED, Notification.send_after <= now
        )
        .order_by(Notification.id)
        .limit(limit)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=Notification, skip_locked=True)
    sent, backend = 0, gateway()
    for notice, phone in db.session.execute(query).all():
        try:
            backend.send(phone or "", sms_text(notice))
        except Exception as exc:  # a provider failure must not stop the rest
            notice.sms_state, notice.sms_error = SmsState.FAILED, str(exc)[:500]
            continue
        notice.sms_state, notice.sms_sent_at = SmsState.SENT, now
        sent += 1
    begin_writing()  # not held while sending; the changes are flushed under it
    db.session.flush()
    return sent


def notify(person: Person, kind: str, body: str, link: str | None, now: datetime):
    """One notice to one person (dropped if one of this kind exists for the day)."""
    values = {
        "person_id": person.id,
        "kind": kind[:32],
        "day": local_day(now),
        "body": body,
        "link": link,
        "created_at": now,
        "sms_state": str(SmsState.QUEUED),
        "send_after": quiet_until(now) or now,
    }
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(insert(Notification).values(values).on_conflict_do_nothing())


def on_certificate_expiring(person: Person, *, certificate, days: int, now: datetime):
    """A certificate expires in `days`: remind its holder, linking to the refresher."""
    expires = certificate.expires_at.astimezone(_zone()).strftime("%Y-%m-%d")
    with force_locale("zh_CN"):
        body = _(
            "Your certificate “%(course)s” expires on %(day)s. Take the refresher "
            "training to renew it.",
            course=certificate.course_title,
            day=expires,
        )
    link = f"/courses/{certificate.course_id}/certificate#refresher"
    notify(person, f"cert{days}:{certificate.id}", body, link, now)


def on_class_reminder(person: Person, *, station_class, hours: int, now: datetime):
    """A class the person has a place in starts in a day or in an hour."""
    starts = station_class.starts_at.astimezone(_zone()).strftime("%m-%d %H:%M")
    with force_locale("zh_CN"):
        body = _(
            "Reminder: your class “%(title)s” at %(station)s starts at %(time)s.",
            title=station_class.title,
            station=station_class.station.name,
            time=starts,
        )
    link = f"/classes/{station_class.id}"
    notify(person, f"class{hours}h:{station_class.id}", body, link, now)


def notices_for(person: Person, limit: int = 30) -> list[Notification]:
    query = select(Notification).where(Notification.person_id == person.id)
    return list(db.session.scalars(query.order_by(Notification.id.desc()).limit(limit)))


def unread_count(person: Person) -> int:
    query = select(func.count()).where(
        Notification.person_id == person.id, Notification.read_at.is_(None)
    )
    return db.session.scalar(query) or 0


def mark_all_read(person: Person, now: datetime) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.person_id == person.id, Notification.read_at.is_(None))
        .values(read_at=now)
    )
