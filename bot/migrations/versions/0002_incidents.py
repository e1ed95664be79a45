"""anonymous border incidents

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("situation", sa.String(length=40), nullable=False),
        sa.Column("post", sa.String(length=40), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_incidents_situation", "incidents", ["situation"])
    op.create_index("ix_incidents_post", "incidents", ["post"])


def downgrade() -> None:
    op.drop_index("ix_incidents_post", table_name="incidents")
    op.drop_index("ix_incidents_situation", table_name="incidents")
    op.drop_table("incidents")
