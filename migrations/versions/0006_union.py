"""union: reserved slot in the migration chain (filled by the change that needs it).

Revision ID: 0006_union
Revises: 0005_certificates
"""

revision = "0006_union"
down_revision = "0005_certificates"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
