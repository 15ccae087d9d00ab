"""Demo content for Malmö. Every record is found by its natural key first, so seeding twice adds nothing."""
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from dialogue.accounts.models import User
from dialogue.accounts.services import create_user, user_by_email
from dialogue.database import utcnow
from dialogue.events.models import Audience, Event, EventKind, EventLanguage, EventStatus
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.organisations.models import Organisation, OrganisationKind
from dialogue.permissions import Role
from dialogue.registrations.services import RegistrationRequest, register

STOCKHOLM = ZoneInfo("Europe/Stockholm")

NEIGHBOURHOODS = [
    ("Amiralsstaden", "amiralsstaden", "Innerstaden/Rosengård",
     "A new city district along Amiralsgatan, planned together with the people who live and work around it."),
    ("Södra Sofielund (Seved)", "sodra-sofielund", "Södra Innerstaden",
     "A dense neighbourhood where property owners, the city and residents work together on safety and meeting places."),
    ("Lindängen", "lindangen", "Fosie",
     "Homes from the 1970s around a green centre, now being renewed with the residents."),
    ("Holma-Kroksbäck", "holma-kroksback", "Hyllie",
     "Two neighbourhoods by Kroksbäcksparken, with new homes and better paths planned."),
    ("Herrgården", "herrgarden", "Rosengård",
     "Malmö's youngest neighbourhood, where many families ask for more space to play and meet."),
    ("Segevång", "segevang", "Husie",
     "A neighbourhood of small houses and rental homes near the Sege river, where new homes are planned."),
    ("Södra Kirseberg", "sodra-kirseberg", "Kirseberg",
     "An old working-class hill with allotments, where the industrial area in the south is being turned into homes."),
    ("Sege Park", "sege-park", "Husie",
     "A former hospital area becoming a sustainable neighbourhood with shared gardens and homes."),
    ("Östervärn", "ostervarn", "Kirseberg",
     "A new district around the Östervärn station, with homes, schools and parks on old railway land."),
    ("Fredriksborg", "fredriksborg", "Väster",
     "A neighbourhood of rental homes near the harbour, where the courtyards are being renewed."),
]

ORGANISATIONS = [
    ("MKB Fastighets AB", OrganisationKind.PROPERTY_OWNER),
    ("Trianon", OrganisationKind.PROPERTY_OWNER),
    ("Victoriahem", OrganisationKind.PROPERTY_OWNER),
    ("Skanska", OrganisationKind.BUILDER),
    ("NCC", OrganisationKind.BUILDER),
    ("Hyresgästföreningen Malmö", OrganisationKind.ASSOCIATION),
    ("Seveds fritidsförening", OrganisationKind.ASSOCIATION),
    ("Kroksbäcks café", OrganisationKind.BUSINESS),
    ("Malmö stad, stadsbyggnadskontoret", OrganisationKind.PUBLIC_BODY),
    ("Malmö universitet", OrganisationKind.ACADEMIA),
]


@dataclass(frozen=True)
class DemoAccount:
    role: Role
    email: str
    name: str
    password: str
    staff_title: str | None = None
    organisation: str | None = None


DEMO_ACCOUNTS = [
    DemoAccount(Role.RESIDENT, "invanare@demo.dialogue.se", "Amira Hassan", "demo-invanare"),
    DemoAccount(Role.PROCESS_LEADER, "processledare@demo.dialogue.se", "Johan Lindqvist", "demo-processledare",
                staff_title="Utvecklingsarkitekt"),
    DemoAccount(Role.DEVELOPER, "byggaktor@demo.dialogue.se", "Karin Ek", "demo-byggaktor",
                organisation="MKB Fastighets AB"),
    DemoAccount(Role.ADMIN, "admin@demo.dialogue.se", "Sara Nilsson", "demo-administrator",
                staff_title="Administratör"),
]


@dataclass(frozen=True)
class DemoEvent:
    title: str
    kind: EventKind
    neighbourhood: str  # slug
    day: int  # days from today
    start: time
    hours: float
    venue: str
    address: str
    capacity: int | None
    languages: tuple[str, ...] = ("sv",)
    audience: Audience = Audience.EVERYONE
    waitlist: bool = True
    fill: int = 0  # demo registrations of two adults made to fill the event
    accessibility: str = "Step-free entrance and an accessible toilet."
    description: str = ""


DEMO_EVENTS = [
    DemoEvent("Medborgardialog: the new park in Amiralsstaden", EventKind.CITIZEN_DIALOGUE, "amiralsstaden",
              3, time(17, 30), 2, "Rosengårds bibliotek", "Rosengårdsvägen 52", 40, ("sv", "ar", "en"),
              description="What should the new park offer? Bring your ideas: we draw them on the map together."),
    DemoEvent("Dansworkshop: dance your courtyard", EventKind.DANCE_WORKSHOP, "herrgarden",
              5, time(15, 0), 1.5, "Herrgårdens fritidsgård", "Ramels väg 50", 12, ("sv", "ar", "so"),
              audience=Audience.CHILDREN_WITH_GUARDIAN, fill=8,
              description="Children show with their bodies where they like to play and where they feel unsafe. "
                          "No words needed. For children aged 6–12 with a guardian."),
    DemoEvent("Lunchseminarium: building with the neighbourhood", EventKind.LUNCH_SEMINAR, "sodra-sofielund",
              7, time(11, 45), 1.25, "Seveds mötesplats", "Rasmusgatan 10", 25, ("sv",),
              audience=Audience.PROPERTY_OWNERS_AND_BUILDERS,
              description="Property owners and builders share what they learnt from working with residents. Lunch is served."),
    DemoEvent("Utställning: Lindängen then and now", EventKind.EXHIBITION, "lindangen",
              9, time(10, 0), 8, "Lindängens centrum", "Lindängsplan 3", None, ("sv", "en", "fi"),
              description="Photographs and models of the renewal plans. Leave a note on the wall with what you think."),
    DemoEvent("Medborgardialog: paths through Kroksbäcksparken", EventKind.CITIZEN_DIALOGUE, "holma-kroksback",
              11, time(18, 0), 2, "Kroksbäcks café", "Kroksbäcksparken 1", 10, ("sv", "bs", "ar"), fill=7,
              description="Which paths feel safe in the evening? We walk the park together and talk about lighting."),
    DemoEvent("Samtal om Sege Park's shared gardens", EventKind.CITIZEN_DIALOGUE, "sege-park",
              14, time(17, 0), 2, "Sege Park, hus 9", "Sege Park 9", 30, ("sv", "en")),
    DemoEvent("Dansworkshop för familjer i Segevång", EventKind.DANCE_WORKSHOP, "segevang",
              16, time(10, 0), 1.5, "Segevångsbadet, sal 2", "Ystadvägen 54", 20, ("sv", "fi"),
              audience=Audience.CHILDREN_WITH_GUARDIAN),
    DemoEvent("Öppet hus: Östervärn station area", EventKind.EXHIBITION, "ostervarn",
              19, time(13, 0), 4, "Östervärns stationshus", "Östervärnsgatan 2", None, ("sv", "en")),
    DemoEvent("Lunchseminarium: safer courtyards", EventKind.LUNCH_SEMINAR, "fredriksborg",
              23, time(12, 0), 1, "Fredriksborgs kvarterslokal", "Fredriksborgsgatan 8", 8, ("sv",),
              waitlist=False, fill=4,
              description="A short seminar on lighting and planting in courtyards. No waiting list: the room is small."),
    DemoEvent("Medborgardialog: homes on the Kirseberg hill", EventKind.CITIZEN_DIALOGUE, "sodra-kirseberg",
              27, time(18, 0), 2, "Kirsebergs kyrka, församlingssal", "Kirsebergstorget 4", 50, ("sv", "pl")),
    DemoEvent("Promenad och samtal i Seved", EventKind.OTHER, "sodra-sofielund",
              33, time(16, 0), 2, "Start at Seveds torg", "Rasmusgatan 1", 15, ("sv", "ar", "so")),
    DemoEvent("Utställning: the children's Herrgården", EventKind.EXHIBITION, "herrgarden",
              40, time(11, 0), 6, "Rosengård centrum", "Amiralsgatan 35", None, ("sv", "ar")),
]


@dataclass
class SeedSummary:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1

    def describe(self) -> str:
        if not self.created:
            return "Demo content was already there; nothing was added."
        return "Added " + ", ".join(f"{number} {kind}" for kind, number in sorted(self.created.items())) + "."


def database_is_empty() -> bool:
    return db.session.scalar(select(func.count()).select_from(Neighbourhood)) == 0


def seed_demo(now: datetime | None = None) -> SeedSummary:
    now = now or utcnow()
    summary = SeedSummary()
    neighbourhoods = _seed_neighbourhoods(summary)
    organisations = _seed_organisations(summary)
    _seed_accounts(organisations, summary)
    _seed_events(neighbourhoods, now, summary)
    db.session.flush()
    return summary


def _seed_neighbourhoods(summary: SeedSummary) -> dict[str, Neighbourhood]:
    existing = {n.slug: n for n in db.session.scalars(select(Neighbourhood))}
    for name, slug, district, description in NEIGHBOURHOODS:
        if slug not in existing:
            existing[slug] = Neighbourhood(name=name, slug=slug, district=district, description=description)
            db.session.add(existing[slug])
            summary.count("neighbourhoods")
    return existing


def _seed_organisations(summary: SeedSummary) -> dict[str, Organisation]:
    existing = {o.name: o for o in db.session.scalars(select(Organisation))}
    for name, kind in ORGANISATIONS:
        if name not in existing:
            existing[name] = Organisation(name=name, kind=kind)
            db.session.add(existing[name])
            summary.count("organisations")
    return existing


def _seed_accounts(organisations: dict[str, Organisation], summary: SeedSummary) -> None:
    for account in DEMO_ACCOUNTS:
        if user_by_email(account.email):
            continue
        user: User = create_user(
            email=account.email,
            name=account.name,
            password=account.password,
            role=account.role,
            staff_title=account.staff_title,
        )
        if account.organisation:
            user.organisation = organisations[account.organisation]
        summary.count("accounts")


def _local(day_offset: int, at: time, now: datetime) -> datetime:
    local_day = now.astimezone(STOCKHOLM).date() + timedelta(days=day_offset)
    return datetime.combine(local_day, at, tzinfo=STOCKHOLM)


def _seed_events(neighbourhoods: dict[str, Neighbourhood], now: datetime, summary: SeedSummary) -> None:
    existing = {(e.title, e.neighbourhood_id) for e in db.session.scalars(select(Event))}
    db.session.flush()
    for demo in DEMO_EVENTS:
        neighbourhood = neighbourhoods[demo.neighbourhood]
        if (demo.title, neighbourhood.id) in existing:
            continue
        starts_at = _local(demo.day, demo.start, now)
        event = Event(
            kind=demo.kind,
            title=demo.title,
            description=demo.description or demo.title,
            neighbourhood=neighbourhood,
            venue=demo.venue,
            address=f"{demo.address}, Malmö",
            accessibility_info=demo.accessibility,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=demo.hours),
            capacity=demo.capacity,
            waitlist_enabled=demo.waitlist,
            audience=demo.audience,
            status=EventStatus.PUBLISHED,
            languages=[EventLanguage(code=code) for code in demo.languages],
        )
        db.session.add(event)
        db.session.flush()
        summary.count("events")
        _fill(event, demo, now, summary)


def _fill(event: Event, demo: DemoEvent, now: datetime, summary: SeedSummary) -> None:
    """Demo sign-ups through the real registration rules, so counts and the waiting list are consistent."""
    children = 1 if demo.audience == Audience.CHILDREN_WITH_GUARDIAN else 0
    for number in range(1, demo.fill + 1):
        register(
            event.id,
            RegistrationRequest(
                contact_name=f"Demo participant {number}",
                email=f"deltagare{number}@demo.dialogue.se",
                adults=2 - children,
                children=children,
            ),
            now=now,
        )
        summary.count("registrations")
