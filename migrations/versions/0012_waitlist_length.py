"""waitlist length: each event keeps the number of registrations on its waiting list, as it keeps its places taken

Revision ID: 0012_waitlist_length
Revises: 0011_city_scale
Create Date: 2026-12-07

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012_waitlist_length"
down_revision = "0011_city_scale"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("waitlist_length", sa.Integer(), server_default="0", nullable=False))
        batch_op.create_check_constraint(op.f("ck_events_waitlist_length_not_negative"), "waitlist_length >= 0")
    # Every event starts with the waiting list it has.
    op.execute(
        "UPDATE events SET waitlist_length = (SELECT count(*) FROM registrations "
        "WHERE registrations.event_id = events.id AND registrations.status = 'waitlisted')"
    )


def downgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_events_waitlist_length_not_negative"), type_="check")
        batch_op.drop_column("waitlist_length")
