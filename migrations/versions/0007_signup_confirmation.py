"""signup confirmation: an account's address is confirmed by an emailed link; every existing account counts as
confirmed

Revision ID: 0007_signup_confirmation
Revises: 0006_audit_log
Create Date: 2026-12-02

"""

import sqlalchemy as sa
from alembic import op

import dialogue.database  # noqa: F401  (custom column types)

# revision identifiers, used by Alembic.
revision = "0007_signup_confirmation"
down_revision = "0006_audit_log"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("email_confirmed_at", dialogue.database.UTCDateTime(timezone=True), nullable=True)
        )
    # Everyone who signed up before confirmation existed keeps logging in: their accounts count as confirmed since
    # they were made.
    op.execute("UPDATE users SET email_confirmed_at = created_at")
    op.create_table(
        "signup_confirmations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", dialogue.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", dialogue.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", dialogue.database.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_signup_confirmations_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signup_confirmations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_signup_confirmations_token_hash")),
    )
    with op.batch_alter_table("signup_confirmations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signup_confirmations_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("signup_confirmations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signup_confirmations_user_id"))
    op.drop_table("signup_confirmations")
    # The older code would let an account log in that its address never confirmed: such accounts go.
    op.execute("DELETE FROM users WHERE email_confirmed_at IS NULL")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("email_confirmed_at")
