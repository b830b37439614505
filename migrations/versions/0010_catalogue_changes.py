"""search: the log of course changes each web node's index follows.

Revision ID: 0010_catalogue_changes
Revises: 0009_member_course_stats
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_catalogue_changes"
down_revision = "0009_member_course_stats"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "catalogue_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["courses.id"],
            name=op.f("fk_catalogue_changes_course_id_courses"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_changes")),
    )
    with op.batch_alter_table("catalogue_changes") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalogue_changes_changed_at"), ["changed_at"], unique=False
        )


def downgrade():
    op.drop_table("catalogue_changes")
