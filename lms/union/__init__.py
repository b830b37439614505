"""Union officers' pages: the members of their own organisation subtree, the
dashboards, imports, campaigns and exports (view modules imported at the end)."""

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from lms.access import require_roles
from lms.extensions import db
from lms.models import Person, Role
from lms.services.accounts.people import mask_phone
from lms.services.union.platforms import platform_name
from lms.services.union.scope import people_in_scope

bp = Blueprint("union", __name__, url_prefix="/union")
require_roles(bp, Role.UNION_ADMIN, Role.ADMIN)
PAGE_SIZE = 50


@bp.get("/")
def index():
    from lms.union.params import page as page_of

    page = page_of()
    query = people_in_scope(current_user, select(Person)).order_by(
        Person.name, Person.id
    )
    members = db.session.scalars(
        query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    return render_template(
        "union/index.html",
        members=members,
        mask=mask_phone,
        page=page,
        platform_name=platform_name,
    )


import lms.union.staff  # noqa: E402, F401  (station masters)
from lms.union import (  # noqa: E402, F401
    action,
    campaigns,
    dashboard,
    notices,
    roster,
    station,
)
