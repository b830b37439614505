"""accounts: password reset codes sent by SMS (forgotten passwords).

Revision ID: 0016_password_resets
Revises: 0015_security
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_password_resets"
down_revision = "0015_security"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "password_resets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("wrong_tries", sa.Integer(), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_password_resets_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_resets")),
    )
    with op.batch_alter_table("password_resets") as batch_op:
        batch_op.create_index(batch_op.f("ix_password_resets_person_id"), ["person_id"])
        batch_op.create_index(
            batch_op.f("ix_password_resets_created_at"), ["created_at"]
        )


def downgrade():
    op.drop_table("password_resets")
