"""registration origin: a registration made on the site keeps a keyed hash of the client address it came from, so
that an event's registrations from one address can be counted and shown together to staff

Revision ID: 0008_registration_origin
Revises: 0007_signup_confirmation
Create Date: 2026-12-09

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008_registration_origin"
down_revision = "0007_signup_confirmation"
branch_labels = None
depends_on = None


def upgrade():
    # Registrations made before have none, like those staff take: nothing is known of where they came from.
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin_hash", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_registrations_event_origin", ["event_id", "origin_hash"], unique=False)


def downgrade():
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_index("ix_registrations_event_origin")
        batch_op.drop_column("origin_hash")
