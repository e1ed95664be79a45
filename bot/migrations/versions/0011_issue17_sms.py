"""SMS channel: numbers (STOP, last menu, today's segments), segments per day, statuses

Revision ID: issue17_sms
Revises: issue21_bsuid
Create Date: 2026-12-02 05:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "issue17_sms"
down_revision = "issue21_bsuid"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sms_numbers",
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("stopped", sa.Boolean(), nullable=False),
        sa.Column("menu", sa.JSON(), nullable=True),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("segments", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("number"),
    )
    op.create_table(
        "sms_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("segments", sa.Integer(), nullable=False),
        sa.Column("messages", sa.Integer(), nullable=False),
        sa.Column("numbers", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    op.create_table(
        "sms_statuses",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error_code", sa.Integer(), nullable=True),
        sa.Column("updated_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_sms_statuses_updated_on", "sms_statuses", ["updated_on"])


def downgrade() -> None:
    op.drop_index("ix_sms_statuses_updated_on", table_name="sms_statuses")
    op.drop_table("sms_statuses")
    op.drop_table("sms_days")
    op.drop_table("sms_numbers")
