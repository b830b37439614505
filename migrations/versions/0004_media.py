"""media: reserved slot in the migration chain (filled by the change that needs it).

Revision ID: 0004_media
Revises: 0003_quizzes
"""

revision = "0004_media"
down_revision = "0003_quizzes"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
