"""Organisations and members an actor may reach, built on `scope.visible_org_ids` and
`scope.people_in_scope` (the one scoping rule): a look-up outside scope is NotFound,
so an officer learns nothing about other unions, not even that an id exists."""

from __future__ import annotations

from sqlalchemy import Select, select

from lms.extensions import db
from lms.models import Organisation, OrgKind, Person
from lms.services.errors import NotFound
from lms.services.union.scope import people_in_scope, visible_org_ids


def orgs_in_scope(actor: Person, query: Select | None = None) -> Select:
    """`query` over organisations (default: all) limited to what `actor` may see."""
    query = query if query is not None else select(Organisation)
    orgs = visible_org_ids(actor)
    return query if orgs is None else query.where(Organisation.id.in_(orgs))


def get_org(actor: Person, org_id: int | None) -> Organisation:
    """The organisation `org_id` if `actor` may see it; NotFound otherwise."""
    if org_id is None:
        raise NotFound()
    org = db.session.scalar(orgs_in_scope(actor).where(Organisation.id == org_id))
    if org is None:
        raise NotFound()
    return org


def get_org_by_code(actor: Person, code: str) -> Organisation | None:
    query = orgs_in_scope(actor).where(Organisation.code == code)
    return db.session.scalar(query)


def home_org(actor: Person) -> Organisation | None:
    """Where an actor's dashboards start: their own organisation (a union officer),
    or the city federation (an administrator). None when there is no tree yet."""
    if visible_org_ids(actor) is not None:
        return actor.organisation
    top = select(Organisation).where(Organisation.parent_id.is_(None))
    return db.session.scalar(
        top.order_by(Organisation.kind != OrgKind.CITY, Organisation.id)
    )


def subtree_ids(actor: Person, org: Organisation) -> Select:
    """Ids of `org` and everything under it that `actor` may see."""
    query = select(Organisation.id).where(
        Organisation.path.startswith(org.path, autoescape=True)
    )
    return orgs_in_scope(actor, query)


def get_member(actor: Person, person_id: int) -> Person:
    """The person with primary key `person_id` if `actor` may see them; else NotFound."""
    query = people_in_scope(actor, select(Person).where(Person.id == person_id))
    person = db.session.scalar(query)
    if person is None:
        raise NotFound()
    return person


def scoped_org_choices(actor: Person) -> list[Organisation]:
    """Every organisation `actor` may pick in a form, in tree order."""
    return list(db.session.scalars(orgs_in_scope(actor).order_by(Organisation.path)))
