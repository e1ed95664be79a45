"""durable inbox; searches and incident reports keep the day and random ids

The inbox replaces processed_updates (raw update ids with microsecond timestamps): keys
are keyed hashes, the day is kept, not the instant. query_log and incidents are rebuilt
with random ids (on SQLite without a rowid); users' and conversations' timestamps become
days; an outbox row can name the trader it is about (her question to the expert chat).

Revision ID: 0005
Revises: 0007_issue19
Create Date: 2026-12-02 02:00:00
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0005_issue14"
down_revision = "0007_issue19"
branch_labels = None
depends_on = None


def random_ids(connection: sa.Connection, table: str) -> None:
    """Old sequential ids replaced by random ones, row by row (these tables are small)."""
    rows = connection.execute(sa.text(f"SELECT id FROM {table}_old")).scalars().all()
    for old in rows:
        connection.execute(
            sa.text(f"UPDATE {table}_new SET id = :new WHERE id = :old"),
            {"new": -(secrets.randbits(62) + 1), "old": old},
        )
    connection.execute(sa.text(f"UPDATE {table}_new SET id = -id"))


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("sender", sa.String(length=64), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel", "key", name="uq_inbox_channel_key"),
    )
    op.create_index("ix_inbox_sender", "inbox", ["sender"])
    op.create_index("ix_inbox_lease_until", "inbox", ["lease_until"])
    op.drop_table("processed_updates")

    connection = op.get_bind()
    # query_log: the day and a random id
    op.drop_index("ix_query_log_created_at", table_name="query_log")
    op.rename_table("query_log", "query_log_old")
    op.create_table(
        "query_log_new",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("query", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("matched", sa.Boolean(), nullable=False),
        sa.Column("hs", sa.String(length=12), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_query_log"),
        sqlite_with_rowid=False,
    )
    day = (
        "CAST(created_at AS DATE)"
        if connection.dialect.name == "postgresql"
        else "substr(created_at, 1, 10)"
    )
    connection.execute(
        sa.text(
            "INSERT INTO query_log_new (id, created_on, query, language, matched, hs) "
            f"SELECT id, {day}, query, language, matched, hs FROM query_log_old"
        )
    )
    random_ids(connection, "query_log")
    op.drop_table("query_log_old")
    op.rename_table("query_log_new", "query_log")
    op.create_index("ix_query_log_created_on", "query_log", ["created_on"])

    # incidents: a random id
    op.drop_index("ix_incidents_post", table_name="incidents")
    op.drop_index("ix_incidents_situation", table_name="incidents")
    op.rename_table("incidents", "incidents_old")
    op.create_table(
        "incidents_new",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("situation", sa.String(length=40), nullable=False),
        sa.Column("post", sa.String(length=40), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_incidents"),
        sqlite_with_rowid=False,
    )
    connection.execute(
        sa.text(
            "INSERT INTO incidents_new (id, situation, post, occurred_on, text) "
            "SELECT id, situation, post, occurred_on, text FROM incidents_old"
        )
    )
    random_ids(connection, "incidents")
    op.drop_table("incidents_old")
    op.rename_table("incidents_new", "incidents")
    op.create_index("ix_incidents_situation", "incidents", ["situation"])
    op.create_index("ix_incidents_post", "incidents", ["post"])

    # timestamps of a trader's turns: the day only
    for table, column in (
        ("users", "first_seen"),
        ("users", "last_seen"),
        ("conversations", "updated_at"),
    ):
        if connection.dialect.name == "postgresql":
            op.execute(f"UPDATE {table} SET {column} = date_trunc('day', {column})")
        else:
            op.execute(
                f"UPDATE {table} SET {column} = substr({column}, 1, 10) || ' 00:00:00.000000'"
            )

    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("about_user_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_outbox_about_user_id_users", "users", ["about_user_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_index("ix_outbox_about_user_id", ["about_user_id"])


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_index("ix_outbox_about_user_id")
        batch.drop_constraint("fk_outbox_about_user_id_users", type_="foreignkey")
        batch.drop_column("about_user_id")

    op.drop_index("ix_incidents_post", table_name="incidents")
    op.drop_index("ix_incidents_situation", table_name="incidents")
    op.drop_table("incidents")
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

    op.drop_index("ix_query_log_created_on", table_name="query_log")
    op.drop_table("query_log")
    op.create_table(
        "query_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("query", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("matched", sa.Boolean(), nullable=False),
        sa.Column("hs", sa.String(length=12), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_query_log_created_at", "query_log", ["created_at"])

    op.create_table(
        "processed_updates",
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("channel", "key"),
    )
    op.drop_index("ix_inbox_lease_until", table_name="inbox")
    op.drop_index("ix_inbox_sender", table_name="inbox")
    op.drop_table("inbox")
