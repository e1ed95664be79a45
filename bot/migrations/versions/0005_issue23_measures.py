"""measure notices: which notice about a temporary measure each user was sent

Revision ID: 0005_issue23
Revises: 0004
Create Date: 2026-12-02 02:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_issue23"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "measure_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.String(length=40), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=12), nullable=False),
        sa.Column("key", sa.String(length=24), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("measure_id", "user_id", "event", "key", name="uq_measure_notices"),
    )
    with op.batch_alter_table("measure_notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_measure_notices_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("measure_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measure_notices_user_id"))
    op.drop_table("measure_notices")
