"""report runs: tries, the time of the next try after a failed drawing, and the lease of
the process sending a run (a run left ``sending`` past its lease is taken over)

Revision ID: 0019_report_run_retries
Revises: 0018_reports
Create Date: 2026-12-07 02:45:00.000000

Written by hand: existing runs count as tried once, with no retry and no lease.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import gaugeboard.store.types

revision = "0019_report_run_retries"
down_revision = "0018_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report_runs") as batch:
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(
            sa.Column("next_attempt_at", gaugeboard.store.types.UtcDateTime(), nullable=True)
        )
        batch.add_column(
            sa.Column("lease_until", gaugeboard.store.types.UtcDateTime(), nullable=True)
        )
        batch.create_index("ix_report_runs_state", ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("report_runs") as batch:
        batch.drop_index("ix_report_runs_state")
        batch.drop_column("lease_until")
        batch.drop_column("next_attempt_at")
        batch.drop_column("attempts")
