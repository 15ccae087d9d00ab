"""page version: a sequence that every write a public page can show advances, which keys the page cache

Revision ID: 0013_page_version
Revises: 0012_waitlist_length
Create Date: 2026-11-30

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0013_page_version"
down_revision = "0012_waitlist_length"
branch_labels = None
depends_on = None


def upgrade():
    # PostgreSQL only: on SQLite (development) pages are not kept (dialogue/page_cache.py).
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE page_version")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP SEQUENCE page_version")
