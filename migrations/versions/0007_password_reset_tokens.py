"""password reset tokens: single-use links to choose a new password, kept hashed

Revision ID: 0007_password_reset_tokens
Revises: 0006_login_throttles
Create Date: 2026-11-30

"""

import sqlalchemy as sa
from alembic import op

import dialogue.database  # noqa: F401  (custom column types)

# revision identifiers, used by Alembic.
revision = "0007_password_reset_tokens"
down_revision = "0006_login_throttles"
branch_labels = None
depends_on = None


def upgrade():
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
