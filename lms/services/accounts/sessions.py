"""Ending a person's sessions: every browser session, remember token and API token they
hold stops working at once (logout everywhere, password change, deactivation)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update

from lms.extensions import db
from lms.models import ApiToken, Person


def end_sessions(person: Person, now: datetime, *, api_tokens: bool = True) -> None:
    """Raise the person's session version (sessions carry the one they began with and
    are refused once it is stale) and revoke their API tokens."""
    person.session_version = (person.session_version or 0) + 1
    if api_tokens:
        db.session.execute(
            update(ApiToken)
            .where(ApiToken.person_id == person.id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )
    db.session.flush()
