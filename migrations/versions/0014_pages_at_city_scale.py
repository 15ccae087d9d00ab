"""pages at city scale: proposals are counted per neighbourhood and status, an event's languages keep its start and
whether it is published, and indexes hold the rows the staff pages, the indicators and the public lists read, in
the orders they read them

Revision ID: 0014_pages_at_city_scale
Revises: 0013_page_version
Create Date: 2026-11-30

"""

import sqlalchemy as sa
from alembic import op

import dialogue.database  # noqa: F401  (custom column types)

# revision identifiers, used by Alembic.
revision = "0014_pages_at_city_scale"
down_revision = "0013_page_version"
branch_labels = None
depends_on = None

PROPOSAL_STATUSES = ("new", "under_review", "planned", "implemented", "not_planned", "already_exists")
VISIBLE_PROPOSAL = "kind = 'proposal' AND hidden_at IS NULL AND merged_into_id IS NULL"
COUNTED = "hidden_at IS NULL AND merged_into_id IS NULL"
# (table, index, columns, condition of a partial index or None)
INDEXES = (
    ("events", "ix_events_creator_starts", ["created_by_id", "starts_at", "id"], None),
    (
        "events",
        "ix_events_held_starts",
        ["starts_at", "id", "kind", "neighbourhood_id", "inclusive_method"],
        "status = 'held'",
    ),
    ("event_languages", "ix_event_languages_published", ["code", "event_starts_at", "event_id"], "event_published"),
    (
        "contributions",
        "ix_contributions_counted",
        ["created_at", "kind", "channel", "theme", "neighbourhood_id", "first_answered_at"],
        COUNTED,
    ),
    (
        "contributions",
        "ix_contributions_visible_unanswered",
        ["neighbourhood_id", "created_at", "id"],
        VISIBLE_PROPOSAL + " AND last_answered_at IS NULL",
    ),
    (
        "contributions",
        "ix_contributions_visible_first_answer",
        ["neighbourhood_id", "first_answered_at", "created_at"],
        VISIBLE_PROPOSAL + " AND first_answered_at IS NOT NULL",
    ),
    (
        "contributions",
        "ix_contributions_visible_new",
        ["neighbourhood_id", "created_at"],
        VISIBLE_PROPOSAL + " AND status = 'new'",
    ),
    ("reports", "ix_reports_open", ["created_at", "id"], "resolved_at IS NULL"),
    ("answers", "ix_answers_organisation_written", ["created_at", "organisation_id"], "organisation_id IS NOT NULL"),
)


def upgrade():
    op.create_table(
        "proposal_counts",
        sa.Column("neighbourhood_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(*PROPOSAL_STATUSES, name="proposal_count_status", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("proposals", sa.Integer(), nullable=False),
        sa.CheckConstraint("proposals >= 0", name=op.f("ck_proposal_counts_not_negative")),
        sa.ForeignKeyConstraint(
            ["neighbourhood_id"],
            ["neighbourhoods.id"],
            name=op.f("fk_proposal_counts_neighbourhood_id_neighbourhoods"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("neighbourhood_id", "status", name=op.f("pk_proposal_counts")),
    )
    # Every neighbourhood starts with the proposals it has.
    op.execute(
        "INSERT INTO proposal_counts (neighbourhood_id, status, proposals) "
        f"SELECT neighbourhood_id, status, count(*) FROM contributions WHERE {VISIBLE_PROPOSAL} "
        "GROUP BY neighbourhood_id, status"
    )

    # Every language of an event takes the event's start and whether it is published.
    with op.batch_alter_table("event_languages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("event_starts_at", dialogue.database.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("event_published", sa.Boolean(), nullable=True))
    op.execute(
        "UPDATE event_languages SET "
        "event_starts_at = (SELECT starts_at FROM events WHERE events.id = event_languages.event_id), "
        "event_published = (SELECT status = 'published' FROM events WHERE events.id = event_languages.event_id)"
    )
    with op.batch_alter_table("event_languages", schema=None) as batch_op:
        batch_op.alter_column(
            "event_starts_at", existing_type=dialogue.database.UTCDateTime(timezone=True), nullable=False
        )
        batch_op.alter_column("event_published", existing_type=sa.Boolean(), nullable=False)

    for table, name, columns, condition in INDEXES:
        where = sa.text(condition) if condition else None
        op.create_index(name, table, columns, postgresql_where=where, sqlite_where=where)
    # The events under way at a moment: a GiST index over the range of their times, which only PostgreSQL has.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_events_under_way ON events USING gist (tstzrange(starts_at, ends_at))")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_events_under_way", table_name="events")
    for table, name, _columns, _condition in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    with op.batch_alter_table("event_languages", schema=None) as batch_op:
        batch_op.drop_column("event_published")
        batch_op.drop_column("event_starts_at")
    op.drop_table("proposal_counts")
