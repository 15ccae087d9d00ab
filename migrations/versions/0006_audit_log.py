"""audit log: who did what to which record, when and from where, for staff actions and authentication events

Revision ID: 0006_audit_log
Revises: 0005_account_security
Create Date: 2026-11-30

"""

import sqlalchemy as sa
from alembic import op

import dialogue.database  # noqa: F401  (custom column types)

# revision identifiers, used by Alembic.
revision = "0006_audit_log"
down_revision = "0005_account_security"
branch_labels = None
depends_on = None


def upgrade():
    # The action and the kind of record are names the application checks; no CHECK constraint, so that a new
    # action needs no migration (dialogue.audit.models).
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", dialogue.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("subject_type", sa.String(length=40), nullable=True),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=45), nullable=True),
        sa.Column("detail", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_audit_entries_actor_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    # One index for each filter of the admin page, newest first within it.
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entries_occurred_at"), ["occurred_at"], unique=False)
        batch_op.create_index("ix_audit_entries_actor_occurred", ["actor_id", "occurred_at"], unique=False)
        batch_op.create_index("ix_audit_entries_action_occurred", ["action", "occurred_at"], unique=False)
        batch_op.create_index(
            "ix_audit_entries_subject_occurred", ["subject_type", "subject_id", "occurred_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entries_subject_occurred")
        batch_op.drop_index("ix_audit_entries_action_occurred")
        batch_op.drop_index("ix_audit_entries_actor_occurred")
        batch_op.drop_index(batch_op.f("ix_audit_entries_occurred_at"))
    op.drop_table("audit_entries")
