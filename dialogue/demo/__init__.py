"""Demo content for Malmö: neighbourhoods, organisations, one account per role, upcoming and held events,
initiatives, proposals and answers. The texts and figures are in data/*.toml; the modules here make records of
them through the real services. Every record is found by its natural key first, so seeding twice adds nothing.
"""

from datetime import datetime

from sqlalchemy import delete, func, select

from dialogue.database import utcnow
from dialogue.demo.accounts import DEMO_ACCOUNTS, DemoAccount, seed_accounts
from dialogue.demo.contributions import seed_contributions
from dialogue.demo.events import DEMO_EVENTS, DemoEvent, seed_upcoming_events
from dialogue.demo.places import seed_places
from dialogue.demo.seeding import Seeding, SeedSummary
from dialogue.demo.workspace import seed_workspace
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.outbox.models import OutboxMessage

__all__ = ["DEMO_ACCOUNTS", "DEMO_EVENTS", "DemoAccount", "DemoEvent", "SeedSummary", "database_is_empty", "seed_demo"]


def database_is_empty() -> bool:
    return db.session.scalar(select(func.count()).select_from(Neighbourhood)) == 0


def seed_demo(now: datetime | None = None) -> SeedSummary:
    seeding = Seeding(now=now or utcnow())
    last_message_before = db.session.scalar(select(func.max(OutboxMessage.id))) or 0
    seed_places(seeding)
    seed_accounts(seeding)
    seed_upcoming_events(seeding)
    seed_workspace(seeding)
    seed_contributions(seeding)
    # The demo's sign-ups and answers go through the real rules, which queue email; its people are made up, so
    # none of that mail is kept.
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.id > last_message_before))
    db.session.flush()
    return seeding.summary
