"""one_outbox: one sender state table for both outbox channels (points, xapi), the
wire batch id and entries' fingerprint on points batches, "held" for xAPI statements
the LRS refused, and audit lines without an actor (the command line).

Revision ID: 0013_one_outbox
Revises: 0011_staff_audit
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_one_outbox"
down_revision = "0011_staff_audit"
branch_labels = None
depends_on = None

STATE = [
    "stopped_at",
    "stop_status",
    "stop_error",
    "failures",
    "next_attempt_at",
    "last_attempt_at",
    "last_success_at",
    "last_error",
]


def _moment(name):
    return sa.Column(name, sa.DateTime(timezone=True), nullable=True)


def upgrade():
    op.create_table(
        "outbox_channels",
        sa.Column("name", sa.String(length=16), nullable=False),
        _moment("stopped_at"),
        sa.Column("stop_status", sa.Integer(), nullable=True),
        sa.Column("stop_error", sa.Text(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        _moment("next_attempt_at"),
        _moment("retry_after_until"),
        _moment("last_attempt_at"),
        _moment("last_success_at"),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_outbox_channels")),
    )
    columns = ", ".join(STATE)
    op.execute(
        f"INSERT INTO outbox_channels (name, {columns}) "
        f"SELECT 'points', {columns} FROM points_pusher WHERE id = 1"
    )
    op.drop_table("points_pusher")
    with op.batch_alter_table("points_batches") as batch_op:
        batch_op.add_column(sa.Column("batch_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("digest", sa.String(length=64), nullable=True))
    op.execute("UPDATE points_batches SET batch_id = id")
    with op.batch_alter_table("points_batches") as batch_op:
        batch_op.alter_column(
            "batch_id", existing_type=sa.String(length=36), nullable=False
        )
        batch_op.create_index(batch_op.f("ix_points_batches_batch_id"), ["batch_id"])
        batch_op.create_index(batch_op.f("ix_points_batches_digest"), ["digest"])
    op.execute("UPDATE xapi_statements SET state = 'held' WHERE state = 'failed'")
    with op.batch_alter_table("credit_audit") as batch_op:
        batch_op.alter_column("actor_id", existing_type=sa.Integer(), nullable=True)


def downgrade():
    op.execute("DELETE FROM credit_audit WHERE actor_id IS NULL")
    with op.batch_alter_table("credit_audit") as batch_op:
        batch_op.alter_column("actor_id", existing_type=sa.Integer(), nullable=False)
    op.execute("UPDATE xapi_statements SET state = 'failed' WHERE state = 'held'")
    with op.batch_alter_table("points_batches") as batch_op:
        batch_op.drop_index(batch_op.f("ix_points_batches_digest"))
        batch_op.drop_index(batch_op.f("ix_points_batches_batch_id"))
        batch_op.drop_column("digest")
        batch_op.drop_column("batch_id")
    op.create_table(
        "points_pusher",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        _moment("stopped_at"),
        sa.Column("stop_status", sa.Integer(), nullable=True),
        sa.Column("stop_error", sa.Text(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        _moment("next_attempt_at"),
        _moment("last_attempt_at"),
        _moment("last_success_at"),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_points_pusher")),
    )
    columns = ", ".join(STATE)
    op.execute(
        f"INSERT INTO points_pusher (id, {columns}) "
        f"SELECT 1, {columns} FROM outbox_channels WHERE name = 'points'"
    )
    op.drop_table("outbox_channels")
