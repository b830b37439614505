"""security: API token last use, privacy notice seen, closed accounts, shared
sign-in failure counts.

Revision ID: 0015_security
Revises: 0013_one_outbox
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_security"
down_revision = "0013_one_outbox"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("api_tokens") as batch_op:
        batch_op.add_column(
            sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("people") as batch_op:
        batch_op.add_column(
            sa.Column("privacy_seen_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True)
        )
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=96), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_failures")),
    )
    with op.batch_alter_table("sign_in_failures") as batch_op:
        batch_op.create_index(batch_op.f("ix_sign_in_failures_key"), ["key"])
        batch_op.create_index(batch_op.f("ix_sign_in_failures_at"), ["at"])


def downgrade():
    op.drop_table("sign_in_failures")
    with op.batch_alter_table("people") as batch_op:
        batch_op.drop_column("closed_at")
        batch_op.drop_column("privacy_seen_at")
    with op.batch_alter_table("api_tokens") as batch_op:
        batch_op.drop_column("last_used_at")
