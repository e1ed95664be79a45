"""WhatsApp users by business-scoped user ID (BSUID), with the phone number as a second key

`users.phone` holds a WhatsApp user's phone number where known: every existing WhatsApp
user (all known by phone until now) gets hers copied from `platform_id`, so the first
message that names her BSUID finds her by phone and makes the BSUID her `platform_id`
(bot/identities.py). Ids and the 'channel:id' names of admins and reporters are widened
for BSUIDs (a country code, a dot and up to 128 characters); SQLite does not enforce
lengths, so only PostgreSQL's columns change.

Revision ID: issue21_bsuid
Revises: 0005_issue14
Create Date: 2026-12-02 05:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "issue21_bsuid"
down_revision = "0005_issue14"
branch_labels = None
depends_on = None

ID_COLUMNS = [("users", "platform_id", 64), ("outbox", "platform_id", 64)]
ID_COLUMNS += [("broadcasts", "status_chat", 64)]
NAME_COLUMNS = [
    ("broadcasts", "admin"),
    ("audit_log", "admin"),
    ("pending_imports", "admin"),
    ("crossing_notes", "admin"),
    ("price_reporters", "key"),
    ("price_reporters", "added_by"),
    ("prices", "reporter"),
    ("web_login_tokens", "admin"),
    ("web_sessions", "admin"),
]


def widths(up: bool) -> list[tuple[str, str, int, int]]:
    """(table, column, width before, width after) of each widened column."""
    changes = [(t, c, old, 140) for t, c, old in ID_COLUMNS]
    changes += [(t, c, 80, 160) for t, c in NAME_COLUMNS]
    return changes if up else [(t, c, new, old) for t, c, old, new in changes]


def resize(up: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, before, after in widths(up):
        op.alter_column(
            table, column, type_=sa.String(length=after), existing_type=sa.String(length=before)
        )


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("phone", sa.String(length=20), nullable=True))
        batch.create_unique_constraint("uq_users_channel_phone", ["channel", "phone"])
    op.execute("UPDATE users SET phone = platform_id WHERE channel = 'whatsapp'")
    resize(up=True)


def downgrade() -> None:
    # A user known only by her BSUID has no phone number to go back to: she is kept under
    # the BSUID. One known by both goes back to her phone number.
    op.execute(
        "UPDATE users SET platform_id = phone WHERE channel = 'whatsapp' AND phone IS NOT NULL"
    )
    resize(up=False)
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("uq_users_channel_phone", type_="unique")
        batch.drop_column("phone")
