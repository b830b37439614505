"""The organisation tree: city federation, districts, unions, stations, schools."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.models.base import Base


class OrgKind(StrEnum):
    CITY = "city"
    DISTRICT = "district"
    UNION = "union"
    STATION = "station"
    SCHOOL = "school"


class Organisation(Base):
    """One node of the tree. `path` ("/1/4/9/") makes a subtree one indexed prefix query."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrgKind] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    path: Mapped[str] = mapped_column(String(512), index=True, default="")

    parent: Mapped[Organisation | None] = relationship(remote_side=[id])
