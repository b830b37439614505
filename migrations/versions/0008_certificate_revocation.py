"""certificates: revoked when an admin reverses a credit of the course.

Revision ID: 0008_certificate_revocation
Revises: 0007_studio
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_certificate_revocation"
down_revision = "0007_studio"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("certificates") as batch_op:
        batch_op.add_column(
            sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("certificates") as batch_op:
        batch_op.drop_column("revoked_at")
