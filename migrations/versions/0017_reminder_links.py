"""union: a reminder carries the deep link to the worker's next lesson.

Revision ID: 0017_reminder_links
Revises: 0016_password_resets
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_reminder_links"
down_revision = "0016_password_resets"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.add_column(sa.Column("lesson_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_notifications_lesson_id_lessons"),
            "lessons",
            ["lesson_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_notifications_lesson_id_lessons"), type_="foreignkey"
        )
        batch_op.drop_column("lesson_id")
