"""events: the persons dictionary (person id text → a fixed integer, kept by the sealer)

Revision ID: 0015_event_persons
Revises: 0014_dataset_version_count
Create Date: 2026-12-06 23:40:00.000000

Reviewed by hand: a new table only; segments sealed before it have no ``pid`` column and
are read through the text ids, as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_event_persons"
down_revision = "0014_dataset_version_count"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_persons",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
            autoincrement=True,
        ),
        sa.Column("person", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_persons")),
        sa.UniqueConstraint("person", name=op.f("uq_event_persons_person")),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("event_persons")
