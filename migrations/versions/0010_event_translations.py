"""event translations: an event records the language its texts are written in, and may have its title, description
and accessibility information in other interface languages, one translation per language

Revision ID: 0010_event_translations
Revises: 0009_privacy_retention
Create Date: 2026-12-14

"""

import sqlalchemy as sa
from alembic import op

import dialogue.database  # noqa: F401  (custom column types)

# revision identifiers, used by Alembic.
revision = "0010_event_translations"
down_revision = "0009_privacy_retention"
branch_labels = None
depends_on = None


def upgrade():
    # Every event so far was written in the default language, Swedish.
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("original_language", sa.String(length=8), server_default="sv", nullable=False))
    op.create_table(
        "event_translations",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("accessibility_info", sa.String(length=1000), nullable=False),
        sa.Column("created_at", dialogue.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", dialogue.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_translations_event_id_events"), ondelete="CASCADE"
        ),
        # One translation per event and language.
        sa.PrimaryKeyConstraint("event_id", "language", name=op.f("pk_event_translations")),
    )


def downgrade():
    op.drop_table("event_translations")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("original_language")
