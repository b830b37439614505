"""People (workers, trainers, union admins, admins), their roles and API tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.models.base import Base, utcnow
from lms.models.org import Organisation


class Role(StrEnum):
    WORKER = "worker"
    TRAINER = "trainer"
    UNION_ADMIN = "union_admin"
    STATION_MASTER = "station_master"
    ADMIN = "admin"


class Person(Base):
    """A person keeps one record (一人一档) whoever employs them; `person_id` is city-wide."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[str] = mapped_column(String(64), unique=True)
    phone: Mapped[str | None] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    platform: Mapped[str | None] = mapped_column(String(32))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    password_hash: Mapped[str | None] = mapped_column(String(256))
    locale: Mapped[str | None] = mapped_column(String(8))
    # Raised to end every session and remember token of this person (logout,
    # password change, deactivation); a session carries the version it began with.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    deactivated_at: Mapped[datetime | None] = mapped_column()
    # The worker read the privacy notice (shown at first sign-in until then).
    privacy_seen_at: Mapped[datetime | None] = mapped_column()
    # The worker closed their account: personal fields pseudonymised, sign-in ended.
    closed_at: Mapped[datetime | None] = mapped_column()
    # A one-time code an admin handed out (invitation or password reset): only its
    # hash is kept, it works once, and only until it expires.
    setup_code_hash: Mapped[str | None] = mapped_column(String(256))
    setup_code_expires_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation | None] = relationship()
    role_rows: Mapped[list[PersonRole]] = relationship(cascade="all, delete-orphan")

    @property
    def roles(self) -> set[Role]:
        return {Role(r.role) for r in self.role_rows}

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles & set(roles))

    def grant(self, role: Role) -> None:
        if role not in self.roles:
            self.role_rows.append(PersonRole(role=role))

    # Flask-Login protocol (kept here so models need no Flask import).
    is_active = True
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        return str(self.id)


class PersonRole(Base):
    __tablename__ = "person_roles"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    role: Mapped[Role] = mapped_column(String(16), primary_key=True)


class ApiToken(Base):
    """A bearer token for API clients; only its SHA-256 is stored, so a leak of the
    table does not leak tokens. Revoking sets `revoked_at`."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]  # to the hour: a write per request is waste

    person: Mapped[Person] = relationship()


class UsedLaunchToken(Base):
    """The `jti` of every launch token accepted, so a replay is refused by the database."""

    __tablename__ = "used_launch_tokens"

    jti: Mapped[str] = mapped_column(String(128), primary_key=True)
    used_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class SignInFailure(Base):
    """One failed sign-in, counted per account and per address by every worker
    process (the database is shared; Redis takes over when configured)."""

    __tablename__ = "sign_in_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(96), index=True)  # "phone:..." / "ip:..."
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
