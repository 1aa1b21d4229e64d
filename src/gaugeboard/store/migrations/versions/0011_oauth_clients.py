"""oauth_clients: OAuth2 client credentials (a client id and the digest of its secret, acting
as one user) and the short-lived access tokens issued to them

Revision ID: 0011_oauth_clients
Revises: 0010
Create Date: 2026-12-07 09:00:00.000000

Reviewed by hand: both tables, the unique client id and token digest, the CASCADE from users
to clients and from clients to tokens match oauth_models.py.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import gaugeboard.store.types

revision = "0011_oauth_clients"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "oauth_clients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("secret_prefix", sa.String(length=16), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", gaugeboard.store.types.UtcDateTime(), nullable=False),
        sa.Column("last_used_at", gaugeboard.store.types.UtcDateTime(), nullable=True),
        sa.Column("revoked_at", gaugeboard.store.types.UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_oauth_clients_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_clients")),
        sa.UniqueConstraint("client_id", name=op.f("uq_oauth_clients_client_id")),
    )
    with op.batch_alter_table("oauth_clients", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_oauth_clients_user_id"), ["user_id"], unique=False)

    op.create_table(
        "oauth_access_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_pk", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", gaugeboard.store.types.UtcDateTime(), nullable=False),
        sa.Column("expires_at", gaugeboard.store.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_pk"],
            ["oauth_clients.id"],
            name=op.f("fk_oauth_access_tokens_client_pk_oauth_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_access_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_oauth_access_tokens_token_hash")),
    )
    with op.batch_alter_table("oauth_access_tokens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oauth_access_tokens_client_pk"), ["client_pk"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_oauth_access_tokens_expires_at"), ["expires_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("oauth_access_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oauth_access_tokens_expires_at"))
        batch_op.drop_index(batch_op.f("ix_oauth_access_tokens_client_pk"))
    op.drop_table("oauth_access_tokens")
    with op.batch_alter_table("oauth_clients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oauth_clients_user_id"))
    op.drop_table("oauth_clients")
