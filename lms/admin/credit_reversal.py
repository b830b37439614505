"""Reversing a credit from a worker's record: find the worker (name, phone or person
id), see their ledger, confirm the reversal of one named entry with a reason."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.admin import bp
from lms.errors import NotFound
from lms.extensions import db
from lms.models import CreditEntry, Person
from lms.services.accounts import people
from lms.services.credits import ledger as credits


def entry_or_none(entry_id: str) -> CreditEntry | None:
    entry_id = (entry_id or "").strip()[:36]
    return db.session.scalar(select(CreditEntry).where(CreditEntry.id == entry_id))


@bp.get("/credits/people")
def credit_people():
    text = request.args.get("q", "")
    found = people.search(text) if text.strip() else []
    return render_template("admin/credit_people.html", people=found, search=text)


@bp.get("/credits/people/<int:person_id>")
def credit_person(person_id: int):
    person = db.session.get(Person, person_id)
    if person is None:
        raise NotFound(_l("There is no such person."))
    entries = credits.person_credits(person)
    reversed_ids = {e.reverses for e in entries if e.reverses}
    return render_template(
        "admin/credit_person.html",
        person=person,
        entries=entries,
        reversed_ids=reversed_ids,
        total=credits.total_hours(entries),
    )


@bp.get("/credits/reverse")
def reverse_confirm():
    entry = entry_or_none(request.args.get("entry_id", ""))
    return confirm_page(entry, error=None if entry else _l("No such credit entry."))


def confirm_page(entry: CreditEntry | None, error=None, reason: str = "", status=None):
    holder = db.session.get(Person, entry.person_pk) if entry else None
    page = render_template(
        "admin/credit_reverse.html",
        entry=entry,
        holder=holder,
        error=error,
        reason=reason,
    )
    return page, status or (200 if entry else 404)
