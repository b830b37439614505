"""The declarative base: naming convention for constraints, UTC timestamps."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData, TypeDecorator
from sqlalchemy.orm import (
    DeclarativeBase,
    Session,
    make_transient_to_detached,
    registry,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every database (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; use UTC-aware datetimes")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


def as_loaded(session: Session, model: type[Base], values: dict) -> Base:
    """The `model` instance whose columns hold `values` (all of them, read by a Core
    query), as if the ORM had loaded it: the session's own when it has one, else built
    and attached without a query. For busy paths, where the ORM's loading costs more
    than the query itself."""
    found = session.identity_map.get(session.identity_key(model, values["id"]))
    if found is not None:
        return found
    instance = model(**values)
    make_transient_to_detached(instance)
    session.add(instance)
    return instance


def render_item(type_, obj, autogen_context):
    """Alembic autogenerate: write our UTC type as the plain column type it stores."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False
