"""certificates: reserved slot in the migration chain (filled by the change that needs it).

Revision ID: 0005_certificates
Revises: 0004_media
"""

revision = "0005_certificates"
down_revision = "0004_media"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
