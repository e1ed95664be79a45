"""published statistics, receipts, crossing notes, markets and prices, waiting questions

Revision ID: 0006_issue18
Revises: 0005_issue23
Create Date: 2026-12-02 03:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_issue18"
down_revision = "0005_issue15"
branch_labels = None
depends_on = None

# Markets by name, country and city only (no invented facts about them), in both scripts.
MARKETS = [
    ("dordoi", "Dordoi", "Дордой", "KG", "Bishkek", "Бишкек"),
    ("kara-suu", "Kara-Suu", "Кара-Суу", "KG", "Kara-Suu", "Кара-Суу"),
    ("barakholka", "Barakholka", "Барахолка", "KZ", "Almaty", "Алматы"),
    ("korvon", "Korvon", "Корвон", "TJ", "Dushanbe", "Душанбе"),
    ("panjshanbe", "Panjshanbe", "Панҷшанбе", "TJ", "Khujand", "Худжанд"),
    ("chorsu", "Chorsu", "Чорсу", "UZ", "Tashkent", "Ташкент"),
    ("altyn-asyr", "Altyn Asyr", "Алтын Асыр", "TM", "Ashgabat", "Ашхабад"),
]


def user_fk() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "incident_receipts",
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("post", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_index("ix_incident_receipts_post", "incident_receipts", ["post"])
    op.create_table(
        "crossing_follows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("post", sa.String(length=40), nullable=False),
        user_fk(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "post", name="uq_crossing_follows"),
    )
    op.create_index("ix_crossing_follows_user_id", "crossing_follows", ["user_id"])
    op.create_index("ix_crossing_follows_post", "crossing_follows", ["post"])
    op.create_table(
        "crossing_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post", sa.String(length=40), nullable=False),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.Column("admin", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_crossing_notes_post", "crossing_notes", ["post"])
    markets = op.create_table(
        "markets",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name_latin", sa.String(length=80), nullable=False),
        sa.Column("name_cyrillic", sa.String(length=80), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("city", sa.String(length=80), nullable=False),
        sa.Column("city_cyrillic", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(
        markets,
        [
            {
                "id": i,
                "name_latin": lat,
                "name_cyrillic": cyr,
                "country": c,
                "city": city,
                "city_cyrillic": city_cyr,
            }
            for i, lat, cyr, c, city, city_cyr in MARKETS
        ],
    )
    op.create_table(
        "price_reporters",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("added_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "prices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("market", sa.String(length=40), nullable=False),
        sa.Column("hs", sa.String(length=12), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("price", sa.Numeric(14, 2), nullable=False),
        sa.Column("price_date", sa.Date(), nullable=False),
        sa.Column("reporter", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["market"], ["markets.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_prices_market", "prices", ["market"])
    op.create_index("ix_prices_hs", "prices", ["hs"])
    op.create_table(
        "price_follows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("hs", sa.String(length=12), nullable=False),
        user_fk(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "hs", name="uq_price_follows"),
    )
    op.create_index("ix_price_follows_user_id", "price_follows", ["user_id"])
    op.create_index("ix_price_follows_hs", "price_follows", ["hs"])
    op.create_table(
        "waiting_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("query", sa.String(length=100), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("origin", sa.String(length=2), nullable=True),
        sa.Column("destination", sa.String(length=2), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        user_fk(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "query", name="uq_waiting_questions"),
    )
    op.create_index("ix_waiting_questions_user_id", "waiting_questions", ["user_id"])


def downgrade() -> None:
    for table in (
        "waiting_questions",
        "price_follows",
        "prices",
        "price_reporters",
        "markets",
        "crossing_notes",
        "crossing_follows",
        "incident_receipts",
    ):
        op.drop_table(table)
