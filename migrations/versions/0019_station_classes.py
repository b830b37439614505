"""classes: station classes, signups and practical checks; certificates that expire
and renew (validity, generation, status list index); refresher credit periods.

Revision ID: 0019_station_classes
Revises: 0018_staff_accounts
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0019_station_classes"
down_revision = "0018_staff_accounts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "station_classes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=True),
        sa.Column("trainer_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("bring", sa.Text(), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("credit_hours", sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_station_classes_course_id_courses"),
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["lessons.id"],
            name=op.f("fk_station_classes_lesson_id_lessons"),
        ),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["organisations.id"],
            name=op.f("fk_station_classes_station_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["trainer_id"],
            ["people.id"],
            name=op.f("fk_station_classes_trainer_id_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_station_classes")),
    )
    with op.batch_alter_table("station_classes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_station_classes_starts_at"), ["starts_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_station_classes_station_id"), ["station_id"], unique=False
        )

    op.create_table(
        "class_signups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("signed_up_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("present_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attendance_by", sa.String(length=16), nullable=True),
        sa.Column("attendance_reason", sa.Text(), nullable=True),
        sa.Column("passed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_day_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_hour_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["station_classes.id"],
            name=op.f("fk_class_signups_class_id_station_classes"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_class_signups_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class_signups")),
        sa.UniqueConstraint(
            "class_id", "person_id", name=op.f("uq_class_signups_class_id_person_id")
        ),
    )
    with op.batch_alter_table("class_signups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_class_signups_class_id"), ["class_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_class_signups_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "practical_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signup_id", sa.Integer(), nullable=False),
        sa.Column("skill", sa.Integer(), nullable=False),
        sa.Column("result", sa.String(length=8), nullable=False),
        sa.Column("checked_by", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["checked_by"],
            ["people.id"],
            name=op.f("fk_practical_checks_checked_by_people"),
        ),
        sa.ForeignKeyConstraint(
            ["signup_id"],
            ["class_signups.id"],
            name=op.f("fk_practical_checks_signup_id_class_signups"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practical_checks")),
        sa.UniqueConstraint(
            "signup_id", "skill", name=op.f("uq_practical_checks_signup_id_skill")
        ),
    )
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("generation", sa.Integer(), server_default="1", nullable=False)
        )
        batch_op.add_column(sa.Column("renews_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("status_index", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("reminded_60_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("reminded_14_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.drop_constraint(
            batch_op.f("uq_certificates_person_id_course_id"), type_="unique"
        )
        batch_op.create_index(
            batch_op.f("ix_certificates_expires_at"), ["expires_at"], unique=False
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_certificates_person_id_course_id_generation"),
            ["person_id", "course_id", "generation"],
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_certificates_renews_id"), ["renews_id"]
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_certificates_status_index"), ["status_index"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_certificates_renews_id_certificates"),
            "certificates",
            ["renews_id"],
            ["id"],
        )

    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("link", sa.String(length=300), nullable=True))

    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("validity_months", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "refresher_lessons", sa.JSON(), server_default="[]", nullable=False
            )
        )
        batch_op.add_column(
            sa.Column(
                "refresher_by_class",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
            )
        )

    with op.batch_alter_table("credit_claims", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("period", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("station_class_id", sa.Integer(), nullable=True))
        batch_op.drop_index(
            batch_op.f("uq_credit_claims_lesson"),
            sqlite_where=sa.text("kind = 'lesson'"),
        )
        batch_op.create_index(
            "uq_credit_claims_lesson",
            ["person_id", "lesson_id", "period"],
            unique=True,
            sqlite_where=sa.text("kind = 'lesson'"),
            postgresql_where=sa.text("kind = 'lesson'"),
        )
        batch_op.create_index(
            "uq_credit_claims_practical",
            ["person_id", "station_class_id"],
            unique=True,
            sqlite_where=sa.text("kind = 'practical'"),
            postgresql_where=sa.text("kind = 'practical'"),
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_credit_claims_station_class_id_station_classes"),
            "station_classes",
            ["station_class_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_column("link")

    with op.batch_alter_table("credit_claims", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_credit_claims_station_class_id_station_classes"),
            type_="foreignkey",
        )
        batch_op.drop_index(
            "uq_credit_claims_practical",
            sqlite_where=sa.text("kind = 'practical'"),
            postgresql_where=sa.text("kind = 'practical'"),
        )
        batch_op.drop_index(
            "uq_credit_claims_lesson",
            sqlite_where=sa.text("kind = 'lesson'"),
            postgresql_where=sa.text("kind = 'lesson'"),
        )
        batch_op.create_index(
            batch_op.f("uq_credit_claims_lesson"),
            ["person_id", "lesson_id"],
            unique=1,
            sqlite_where=sa.text("kind = 'lesson'"),
        )
        batch_op.drop_column("station_class_id")
        batch_op.drop_column("period")

    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.drop_column("refresher_by_class")
        batch_op.drop_column("refresher_lessons")
        batch_op.drop_column("validity_months")

    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_certificates_renews_id_certificates"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("uq_certificates_status_index"), type_="unique"
        )
        batch_op.drop_constraint(
            batch_op.f("uq_certificates_renews_id"), type_="unique"
        )
        batch_op.drop_constraint(
            batch_op.f("uq_certificates_person_id_course_id_generation"), type_="unique"
        )
        batch_op.drop_index(batch_op.f("ix_certificates_expires_at"))
        batch_op.create_unique_constraint(
            batch_op.f("uq_certificates_person_id_course_id"),
            ["person_id", "course_id"],
        )
        batch_op.drop_column("reminded_14_at")
        batch_op.drop_column("reminded_60_at")
        batch_op.drop_column("status_index")
        batch_op.drop_column("renews_id")
        batch_op.drop_column("generation")
        batch_op.drop_column("expires_at")

    op.drop_table("practical_checks")
    with op.batch_alter_table("class_signups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_class_signups_person_id"))
        batch_op.drop_index(batch_op.f("ix_class_signups_class_id"))

    op.drop_table("class_signups")
    with op.batch_alter_table("station_classes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_station_classes_station_id"))
        batch_op.drop_index(batch_op.f("ix_station_classes_starts_at"))

    op.drop_table("station_classes")
