"""team parameters: a team's values per key, and the row filters of a data set that read
them

Revision ID: 0012_team_parameters
Revises: 0011_oauth_clients
Create Date: 2026-12-08 10:00:00.000000

Reviewed by hand: the table, its (team, key) key and the CASCADE to teams match
user_models.py; ``datasets.row_filters`` is a JSON list, ``[]`` for every existing data
set. The lead re-chains this after 0011 at merge.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_team_parameters"
down_revision = "0011_oauth_clients"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_parameters",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_team_parameters_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("team_id", "key", name=op.f("pk_team_parameters")),
    )
    with op.batch_alter_table("datasets", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("row_filters", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
    with op.batch_alter_table("datasets", schema=None) as batch_op:
        batch_op.alter_column("row_filters", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("datasets", schema=None) as batch_op:
        batch_op.drop_column("row_filters")
    op.drop_table("team_parameters")
