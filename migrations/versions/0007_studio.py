"""studio: lesson drafts and the studio audit log.

Revision ID: 0007_studio
Revises: 0006_union
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_studio"
down_revision = "0006_union"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('lesson_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('lesson_id', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('duration_min', sa.Float(), nullable=False),
    sa.Column('credit_hours', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('guide_md', sa.Text(), nullable=False),
    sa.Column('sources', sa.JSON(), nullable=False),
    sa.Column('quiz_text', sa.Text(), nullable=False),
    sa.Column('quiz_format', sa.String(length=8), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_lesson_drafts_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['lesson_id'], ['lessons.id'], name=op.f('fk_lesson_drafts_lesson_id_lessons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lesson_drafts')),
    sa.UniqueConstraint('lesson_id', name=op.f('uq_lesson_drafts_lesson_id'))
    )
    with op.batch_alter_table('lesson_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lesson_drafts_course_id'), ['course_id'], unique=False)

    op.create_table('studio_audits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=True),
    sa.Column('lesson_code', sa.String(length=64), nullable=True),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['people.id'], name=op.f('fk_studio_audits_actor_id_people')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_studio_audits_course_id_courses'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_studio_audits'))
    )
    with op.batch_alter_table('studio_audits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_studio_audits_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_studio_audits_course_id'), ['course_id'], unique=False)


def downgrade():
    with op.batch_alter_table('studio_audits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_studio_audits_course_id'))
        batch_op.drop_index(batch_op.f('ix_studio_audits_actor_id'))
    op.drop_table('studio_audits')
    with op.batch_alter_table('lesson_drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lesson_drafts_course_id'))
    op.drop_table('lesson_drafts')
