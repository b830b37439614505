"""Managing the organisation tree: adding organisations and setting their attributes
(the platform company a station serves, the school it trains with)."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.extensions import db
from lms.models import Organisation, OrgKind, OrgProfile, Person
from lms.services.errors import Conflict, Invalid, NotFound
from lms.services.union import reach as union_scope
from lms.services.union.platforms import is_platform
from lms.services.union.scope import place_in_tree

CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
PARENT_KINDS = {  # which kind may sit under which (the tree's shape)
    OrgKind.CITY: {None},
    OrgKind.DISTRICT: {OrgKind.CITY},
    OrgKind.UNION: {OrgKind.CITY, OrgKind.DISTRICT},
    OrgKind.STATION: {OrgKind.UNION},
    OrgKind.SCHOOL: {OrgKind.CITY, OrgKind.DISTRICT},
}


def create_org(
    actor: Person, code: str, name: str, kind: OrgKind, parent_id: int | None
) -> Organisation:
    code, name = code.strip().lower(), name.strip()
    if not CODE.match(code) or not name:
        raise Invalid(_l("Code: 2-64 lower-case letters, digits or -; name required."))
    if db.session.scalar(select(Organisation.id).where(Organisation.code == code)):
        raise Conflict(_l("An organisation with this code exists."))
    parent = union_scope.get_org(actor, parent_id) if parent_id else None
    if (parent.kind if parent else None) not in PARENT_KINDS[kind]:
        raise Invalid(_l("This kind of organisation cannot sit there in the tree."))
    org = Organisation(code=code, name=name, kind=kind, parent=parent)
    db.session.add(org)
    place_in_tree(org)
    return org


def profile(org: Organisation) -> OrgProfile:
    return db.session.get(OrgProfile, org.id) or OrgProfile(organisation_id=org.id)


def update_org(
    actor: Person, org_id: int, name: str, platform: str | None, school_id: int | None
) -> Organisation:
    org = union_scope.get_org(actor, org_id)
    if platform and not is_platform(platform):
        raise NotFound()
    school = union_scope.get_org(actor, school_id) if school_id else None
    if school is not None and school.kind != OrgKind.SCHOOL:
        raise Invalid(_l("Choose a school."))
    org.name = name.strip() or org.name
    attrs = profile(org)
    attrs.platform, attrs.school_id = platform or None, school.id if school else None
    db.session.add(attrs)
    db.session.flush()
    return org


def tree_rows(actor: Person) -> list[tuple[Organisation, int, OrgProfile | None]]:
    """(organisation, depth, attributes) in tree order, within the actor's scope."""
    orgs = union_scope.scoped_org_choices(actor)
    profiles = {p.organisation_id: p for p in db.session.scalars(select(OrgProfile))}
    by_id = {o.id: o for o in orgs}

    def sort_key(org):
        return [
            by_id[int(i)].name if int(i) in by_id else i
            for i in org.path.strip("/").split("/")
        ]

    return [
        (o, o.path.count("/") - 2, profiles.get(o.id))
        for o in sorted(orgs, key=sort_key)
    ]
