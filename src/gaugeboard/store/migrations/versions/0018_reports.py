"""reports: scheduled reports of dashboards and their runs

Revision ID: 0018_reports
Revises: 0017_dashboard_stars
Create Date: 2026-12-07 00:30:00

Written from report_models.py in the shape Alembic generates.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import gaugeboard.store.types

revision = "0018_reports"
down_revision = "0017_dashboard_stars"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("dashboard_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("widgets", sa.JSON(), nullable=False),
        sa.Column("cron", sa.String(length=120), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("email_mode", sa.String(length=8), nullable=False),
        sa.Column("channels", sa.JSON(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("base_url", sa.String(length=500), nullable=False),
        sa.Column("next_due_at", gaugeboard.store.types.UtcDateTime(), nullable=True),
        sa.Column("last_run_at", gaugeboard.store.types.UtcDateTime(), nullable=True),
        sa.Column("last_state", sa.String(length=16), nullable=True),
        sa.Column("created_at", gaugeboard.store.types.UtcDateTime(), nullable=False),
        sa.Column("updated_at", gaugeboard.store.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dashboard_id"],
            ["dashboards.id"],
            name=op.f("fk_reports_dashboard_id_dashboards"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_reports_owner_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reports_dashboard_id"), ["dashboard_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reports_next_due_at"), ["next_due_at"], unique=False)

    op.create_table(
        "report_runs",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("at", gaugeboard.store.types.UtcDateTime(), nullable=False),
        sa.Column("trigger", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("link_expires_at", gaugeboard.store.types.UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_report_runs_report_id_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_runs")),
    )
    with op.batch_alter_table("report_runs", schema=None) as batch_op:
        batch_op.create_index("ix_report_runs_report_at", ["report_id", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("report_runs", schema=None) as batch_op:
        batch_op.drop_index("ix_report_runs_report_at")

    op.drop_table("report_runs")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_next_due_at"))
        batch_op.drop_index(batch_op.f("ix_reports_dashboard_id"))

    op.drop_table("reports")
