"""login throttles: wrong passwords in a row per email address (kept hashed), and until when logins wait

Revision ID: 0006_login_throttles
Revises: 0005_session_version
Create Date: 2026-11-30

"""

import sqlalchemy as sa
from alembic import op

import dialogue.database  # noqa: F401  (custom column types)

# revision identifiers, used by Alembic.
revision = "0006_login_throttles"
down_revision = "0005_session_version"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_throttles",
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("blocked_until", dialogue.database.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key_hash", name=op.f("pk_login_throttles")),
    )


def downgrade():
    op.drop_table("login_throttles")
