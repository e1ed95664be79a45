"""SMS channel: a notice or broadcast's pages left to send, kept with the number

Revision ID: issue17_pages
Revises: issue17_conversations
Create Date: 2026-12-02 10:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "issue17_pages"
down_revision = "issue17_conversations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sms_numbers") as batch:
        batch.add_column(sa.Column("pending", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sms_numbers") as batch:
        batch.drop_column("pending")
