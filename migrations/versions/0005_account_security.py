"""account security: a session version per account, login throttles per address and password reset tokens

Revision ID: 0005_account_security
Revises: 0004_notifications
Create Date: 2026-11-30

"""

import sqlalchemy as sa
from alembic import op

import dialogue.database  # noqa: F401  (custom column types)

# revision identifiers, used by Alembic.
revision = "0005_account_security"
down_revision = "0004_notifications"
branch_labels = None
depends_on = None


def upgrade():
    # Each login keeps this number in its session; raising it ends every session of the account.
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), server_default="0", nullable=False))
    op.create_table(
        "login_throttles",
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("blocked_until", dialogue.database.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key_hash", name=op.f("pk_login_throttles")),
    )
    op.create_table(
        "password_reset_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", dialogue.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", dialogue.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", dialogue.database.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_password_reset_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_reset_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_reset_tokens_token_hash")),
    )
    with op.batch_alter_table("password_reset_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_password_reset_tokens_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("password_reset_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_password_reset_tokens_user_id"))
    op.drop_table("password_reset_tokens")
    op.drop_table("login_throttles")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_version")
