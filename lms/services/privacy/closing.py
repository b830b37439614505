"""The privacy notice read, and closing one's own account: personal fields are
replaced by a pseudonym, every sign-in ends, the ledger stays (its entries are
immutable and the points platform already holds those it was sent)."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import func, update

from lms.extensions import db
from lms.models import Certificate, Person
from lms.services.accounts import audit, sessions


def notice_seen(person: Person, now: datetime) -> None:
    if person.privacy_seen_at is None:
        person.privacy_seen_at = now
        db.session.flush()


def close_account(person: Person, now: datetime) -> str:
    """Pseudonymise and deactivate `person`; returns the pseudonymous id."""
    pseudonym = f"closed-{secrets.token_hex(8)}"
    person.person_id = pseudonym
    person.name = pseudonym
    person.phone = None
    person.password_hash = None
    person.platform = None
    person.closed_at = now
    db.session.execute(
        update(Certificate)
        .where(Certificate.person_id == person.id)
        .values(
            holder_name=pseudonym,
            revoked_at=func.coalesce(Certificate.revoked_at, now),
        )
    )
    if person.deactivated_at is None:
        person.deactivated_at = now
    sessions.end_sessions(person, now)
    audit.record(person, "account_close", [person.id])
    return pseudonym
