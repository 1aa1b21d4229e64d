"""notebook views: one additive row per notebook dashboard, viewer (0: without an account)
and day, for account activity

Revision ID: 0013_notebook_views
Revises: 0012_team_parameters
Create Date: 2026-12-09 10:00:00.000000

Reviewed by hand: the table, its key and the CASCADE to notebooks match view_models.py
(the same shape as ``dashboard_views``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_notebook_views"
down_revision = "0012_team_parameters"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notebook_views",
        sa.Column("notebook_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("views", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["notebook_id"],
            ["notebooks.id"],
            name=op.f("fk_notebook_views_notebook_id_notebooks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("notebook_id", "user_id", "day", name=op.f("pk_notebook_views")),
    )
    with op.batch_alter_table("notebook_views", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notebook_views_day"), ["day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("notebook_views", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notebook_views_day"))

    op.drop_table("notebook_views")
