"""Member management pages: bulk import (dry run, then apply) and moving a member."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.errors import NotFound
from lms.extensions import db
from lms.models.base import utcnow
from lms.services.union import members as union_members
from lms.services.union import members_import
from lms.services.union import reach as union_scope
from lms.services.union.platforms import PLATFORMS
from lms.union import bp
from lms.union.forms import ConfirmImportForm, ImportForm, MoveForm


def _upload_path(token: str, suffix: str = "") -> Path:
    """Uploads wait for confirmation in the data dir, named by actor and a random token."""
    folder = Path(current_app.config["LMS_DATA_DIR"]) / "imports"
    folder.mkdir(exist_ok=True)
    return folder / f"{current_user.id}-{token}{suffix}"


def _saved(token: str) -> Path:
    if not token.isalnum():
        raise NotFound()
    found = [p for s in (".csv", ".xlsx") if (p := _upload_path(token, s)).exists()]
    if not found:
        raise NotFound()
    return found[0]


@bp.route("/import", methods=["GET", "POST"])
def import_members():
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("union/import.html", form=form)
    upload = form.file.data
    data = upload.read()
    rows = members_import.read_rows(upload.filename, data)
    checked = members_import.preview(current_user, rows)
    token = secrets.token_hex(12)
    _upload_path(token, Path(upload.filename).suffix.lower()).write_bytes(data)
    confirm = ConfirmImportForm(token=token)
    return render_template(
        "union/import_preview.html",
        preview=checked,
        confirm=confirm,
        labels=members_import.FIELD_LABELS,
    )


@bp.post("/import/confirm")
def confirm_import():
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        raise NotFound()
    path = _saved(form.token.data)
    rows = members_import.read_rows(path.name, path.read_bytes())
    done = members_import.apply(
        current_user, members_import.preview(current_user, rows), utcnow()
    )
    db.session.commit()
    path.unlink()
    flash(
        _l(
            "Imported: %(create)s new, %(move)s moved, %(update)s updated, %(unchanged)s unchanged.",
            **done,
        )
    )
    if done["held"]:
        flash(
            _l(
                "%(n)s rows were not added: the city federation checks them first.",
                n=done["held"],
            )
        )
    return redirect(url_for("union.index"))


@bp.route("/members/<int:person_id>/move", methods=["GET", "POST"])
def move_member(person_id: int):
    person = union_scope.get_member(current_user, person_id)
    form = MoveForm(organisation=person.organisation_id, platform=person.platform or "")
    form.organisation.choices = [
        (o.id, f"{o.name}（{o.code}）")
        for o in union_scope.scoped_org_choices(current_user)
    ]
    form.platform.choices = [("", "—")] + [(c, str(n)) for c, n in PLATFORMS.items()]
    if not form.validate_on_submit():
        return render_template("union/move.html", form=form, person=person)
    org = union_scope.get_org(current_user, form.organisation.data)
    union_members.move_member(
        current_user, person, org, form.platform.data or None, utcnow()
    )
    db.session.commit()
    flash(_l("The member was moved; their learning record moved with them."))
    return redirect(url_for("union.member", person_id=person.id))
