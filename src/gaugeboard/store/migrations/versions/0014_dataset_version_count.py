"""data sets: how many versions are kept, set by each write and by the vacuum (the
version number alone overcounts once old versions are gone)

Revision ID: 0014_dataset_version_count
Revises: 0013_notebook_views
Create Date: 2026-12-06 21:15:00.000000

Reviewed by hand: existing rows start at ``version + 1``, what the listing said before;
the next vacuum corrects it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_dataset_version_count"
down_revision = "0013_notebook_views"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("datasets") as batch:
        batch.add_column(
            sa.Column("version_count", sa.Integer(), nullable=False, server_default="1")
        )
    op.execute("UPDATE datasets SET version_count = version + 1")


def downgrade() -> None:
    with op.batch_alter_table("datasets") as batch:
        batch.drop_column("version_count")
