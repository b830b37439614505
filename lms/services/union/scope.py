"""Who may see whom: the one helper every union listing and export goes through."""

from __future__ import annotations

from sqlalchemy import Select, false, select

from lms.extensions import db
from lms.models import Organisation, Person, Role


def visible_org_ids(actor: Person) -> Select | None:
    """A subquery of the organisation ids `actor` may see, or None for everything:
    a union officer sees their union's subtree, a station master their station's."""
    if actor.has_role(Role.ADMIN):
        return None
    staff = actor.has_role(Role.UNION_ADMIN, Role.STATION_MASTER)
    if not staff or actor.organisation is None:
        return select(Organisation.id).where(false())
    prefix = actor.organisation.path
    return select(Organisation.id).where(
        Organisation.path.startswith(prefix, autoescape=True)
    )


def people_in_scope(actor: Person, query: Select | None = None) -> Select:
    """`query` over people (default: all people) limited to what `actor` may see."""
    query = query if query is not None else select(Person)
    orgs = visible_org_ids(actor)
    return query if orgs is None else query.where(Person.organisation_id.in_(orgs))


def can_see_person(actor: Person, person: Person) -> bool:
    query = people_in_scope(actor, select(Person.id).where(Person.id == person.id))
    return db.session.scalar(query) is not None


def place_in_tree(org: Organisation) -> None:
    """Set `org.path` from its parent; call after the parent is flushed."""
    db.session.flush()
    parent_path = org.parent.path if org.parent is not None else "/"
    org.path = f"{parent_path}{org.id}/"
