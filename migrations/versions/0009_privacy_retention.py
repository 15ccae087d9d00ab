"""privacy retention: registrations and emails can be anonymised, and accounts and login counts carry the times
the purge needs

Revision ID: 0009_privacy_retention
Revises: 0008_registration_origin
Create Date: 2026-12-10

"""

import sqlalchemy as sa
from alembic import op

import dialogue.database  # noqa: F401  (custom column types)

# revision identifiers, used by Alembic.
revision = "0009_privacy_retention"
down_revision = "0008_registration_origin"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_login_at", dialogue.database.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("unused_warning_sent_at", dialogue.database.UTCDateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("login_throttles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_failure_at", dialogue.database.UTCDateTime(timezone=True), nullable=True))
    # An anonymised registration keeps no address and no manage link; empty values, unlike "", never collide in
    # the unique index of active addresses per event or in the unique manage link.
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.alter_column("email", existing_type=sa.String(length=254), nullable=True)
        batch_op.alter_column("manage_token_hash", existing_type=sa.String(length=64), nullable=True)
        batch_op.add_column(sa.Column("anonymised_at", dialogue.database.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("anonymised_at", dialogue.database.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_column("anonymised_at")
    # The older schema wants an address and a link on every registration: anonymised ones get made-up ones that
    # reach nobody and open nothing.
    op.execute("UPDATE registrations SET email = 'removed-' || id || '@invalid' WHERE email IS NULL")
    op.execute("UPDATE registrations SET manage_token_hash = 'removed-' || id WHERE manage_token_hash IS NULL")
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_column("anonymised_at")
        batch_op.alter_column("manage_token_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("email", existing_type=sa.String(length=254), nullable=False)
    with op.batch_alter_table("login_throttles", schema=None) as batch_op:
        batch_op.drop_column("last_failure_at")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("unused_warning_sent_at")
        batch_op.drop_column("last_login_at")
