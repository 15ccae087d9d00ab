"""What every part of the demo shares while it seeds: the moment its times count from, the records it has found
or made so far, and a tally of what it added."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dialogue.accounts.models import User
from dialogue.local_time import LOCAL_TIMEZONE
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.organisations.models import Organisation
from dialogue.permissions import Role


@dataclass
class SeedSummary:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1

    def describe(self) -> str:
        if not self.created:
            return "Demo content was already there; nothing was added."
        return "Added " + ", ".join(f"{number} {kind}" for kind, number in sorted(self.created.items())) + "."


@dataclass
class Seeding:
    now: datetime
    summary: SeedSummary = field(default_factory=SeedSummary)
    neighbourhoods: dict[str, Neighbourhood] = field(default_factory=dict)  # by slug
    organisations: dict[str, Organisation] = field(default_factory=dict)  # by name
    accounts: dict[Role, User] = field(default_factory=dict)  # the demo account of each role

    def count(self, kind: str) -> None:
        """Called for every record added, with its kind as the summary names it."""
        self.summary.count(kind)

    @property
    def today(self) -> date:
        return self.now.astimezone(LOCAL_TIMEZONE).date()

    def local_time(self, day_offset: int, at: time) -> datetime:
        """`at` o'clock in Malmö, `day_offset` days from today: the demo's times stay relative to when it runs."""
        return datetime.combine(self.today + timedelta(days=day_offset), at, tzinfo=LOCAL_TIMEZONE)
