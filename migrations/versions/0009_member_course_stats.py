"""union: each member's totals per course (the "behind" list filtered by course).

Revision ID: 0009_member_course_stats
Revises: 0008_certificate_revocation
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_member_course_stats"
down_revision = "0008_certificate_revocation"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "member_course_stats",
        sa.Column("person_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("course_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("lessons_done", sa.Integer(), nullable=False),
        sa.Column("courses_done", sa.Integer(), nullable=False),
        sa.Column("credit_hours", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["courses.id"],
            name=op.f("fk_member_course_stats_course_id_courses"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"],
            name=op.f("fk_member_course_stats_person_id_people"),
        ),
        sa.PrimaryKeyConstraint(
            "person_id", "course_id", name=op.f("pk_member_course_stats")
        ),
    )
    # Counted from what is already there: the counters' own rebuild, per course.
    op.execute(
        """
        INSERT INTO member_course_stats
            (person_id, course_id, lessons_done, courses_done, credit_hours)
        SELECT person_id, course_id, SUM(lessons), SUM(courses), SUM(hours) FROM (
            SELECT lp.person_id, l.course_id, 1 AS lessons, 0 AS courses,
                   l.credit_hours AS hours
            FROM lesson_progress lp JOIN lessons l ON l.id = lp.lesson_id
            WHERE lp.completed_at IS NOT NULL
            UNION ALL
            SELECT cc.person_id, cc.course_id, 0, 1, c.bonus_credit_hours
            FROM course_completions cc JOIN courses c ON c.id = cc.course_id
            UNION ALL
            SELECT ce.person_pk, c.id, 0, 0, ce.credit_hours
            FROM credit_entries ce JOIN courses c ON c.code = ce.course_code
            WHERE ce.kind = 'reversal'
        ) AS done
        GROUP BY person_id, course_id
        """
    )


def downgrade():
    op.drop_table("member_course_stats")
