"""SMS channel: conversations (segments sent per conversation), the open one per number

Revision ID: issue17_conversations
Revises: issue17_sms
Create Date: 2026-12-02 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "issue17_conversations"
down_revision = "issue17_sms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sms_conversations",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("segments", sa.Integer(), nullable=False),
        sa.Column("messages", sa.Integer(), nullable=False),
        sa.Column("ended", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_sms_conversations_day", "sms_conversations", ["day"])
    with op.batch_alter_table("sms_numbers") as batch:
        batch.add_column(sa.Column("conversation", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("active_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_index("ix_sms_numbers_active_at", ["active_at"])


def downgrade() -> None:
    with op.batch_alter_table("sms_numbers") as batch:
        batch.drop_index("ix_sms_numbers_active_at")
        batch.drop_column("active_at")
        batch.drop_column("conversation")
    op.drop_index("ix_sms_conversations_day", table_name="sms_conversations")
    op.drop_table("sms_conversations")
