"""city scale: proposals keep their number of supports, and partial indexes hold the visible proposals and the
published events in the orders the pages read them

Revision ID: 0011_city_scale
Revises: 0010_event_translations
Create Date: 2026-11-30

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011_city_scale"
down_revision = "0010_event_translations"
branch_labels = None
depends_on = None

VISIBLE_PROPOSAL = "kind = 'proposal' AND hidden_at IS NULL AND merged_into_id IS NULL"
ANSWERED = " AND last_answered_at IS NOT NULL"
UNANSWERED = " AND last_answered_at IS NULL"
INDEXES = (
    ("ix_contributions_visible_newest", ["neighbourhood_id", "created_at", "id", "status"], ""),
    (
        "ix_contributions_visible_supported",
        ["neighbourhood_id", "support_count", "people_count", "created_at", "id"],
        "",
    ),
    ("ix_contributions_visible_answered", ["neighbourhood_id", "last_answered_at", "id"], ANSWERED),
    ("ix_contributions_queue_unanswered", ["created_at", "id"], UNANSWERED),
    ("ix_contributions_queue_answered", ["last_answered_at", "created_at", "id"], ANSWERED),
)


EVENT_INDEXES = (
    ("ix_events_published_starts", ["starts_at", "id"]),
    ("ix_events_published_neighbourhood", ["neighbourhood_id", "starts_at", "id"]),
    ("ix_events_published_ends", ["ends_at"]),
)
PUBLISHED = "status = 'published'"


def upgrade():
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("support_count", sa.Integer(), server_default="0", nullable=False))
        batch_op.create_check_constraint(op.f("ck_contributions_support_count_not_negative"), "support_count >= 0")
    # Every proposal starts with the supports it has.
    op.execute(
        "UPDATE contributions SET support_count = "
        "(SELECT count(*) FROM supports WHERE supports.contribution_id = contributions.id)"
    )
    for name, columns, condition in INDEXES:
        where = sa.text(VISIBLE_PROPOSAL + condition)
        op.create_index(name, "contributions", columns, postgresql_where=where, sqlite_where=where)
    for name, columns in EVENT_INDEXES:
        where = sa.text(PUBLISHED)
        op.create_index(name, "events", columns, postgresql_where=where, sqlite_where=where)


def downgrade():
    for name, _columns in reversed(EVENT_INDEXES):
        op.drop_index(name, table_name="events")
    for name, _columns, _condition in reversed(INDEXES):
        op.drop_index(name, table_name="contributions")
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_contributions_support_count_not_negative"), type_="check")
        batch_op.drop_column("support_count")
