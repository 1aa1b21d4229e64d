"""dashboard stars: one row per user and dashboard they starred, for the home page

Revision ID: 0017_dashboard_stars
Revises: 0016_alerts
Create Date: 2026-12-06 23:15:00.000000

Reviewed by hand: the table, its key, the index on dashboard_id and both CASCADEs match
star_models.py.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from gaugeboard.store.types import UtcDateTime

revision = "0017_dashboard_stars"
down_revision = "0016_alerts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dashboard_stars",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("dashboard_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dashboard_id"],
            ["dashboards.id"],
            name=op.f("fk_dashboard_stars_dashboard_id_dashboards"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_dashboard_stars_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "dashboard_id", name=op.f("pk_dashboard_stars")),
    )
    with op.batch_alter_table("dashboard_stars", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dashboard_stars_dashboard_id"), ["dashboard_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("dashboard_stars", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dashboard_stars_dashboard_id"))
    op.drop_table("dashboard_stars")
