"""accounts: one-time set-up codes for invitations and password resets.

Revision ID: 0018_staff_accounts
Revises: 0017_reminder_links
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_staff_accounts"
down_revision = "0017_reminder_links"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("people") as batch_op:
        batch_op.add_column(
            sa.Column("setup_code_hash", sa.String(length=256), nullable=True)
        )
        batch_op.add_column(
            sa.Column("setup_code_expires_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("people") as batch_op:
        batch_op.drop_column("setup_code_expires_at")
        batch_op.drop_column("setup_code_hash")
