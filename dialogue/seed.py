"""Demo content for Malmö. Every record is found by its natural key first, so seeding twice adds nothing."""
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select

from dialogue.accounts.models import User
from dialogue.accounts.services import create_user, user_by_email
from dialogue.contributions.demo import seed_contributions
from dialogue.database import utcnow
from dialogue.events.models import (
    Audience,
    Event,
    EventKind,
    EventLanguage,
    EventStatus,
)
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.organisations.models import Organisation, OrganisationKind
from dialogue.outbox.models import OutboxMessage
from dialogue.permissions import Role
from dialogue.registrations.services import RegistrationRequest, register
from dialogue.workspace_demo import seed_workspace

STOCKHOLM = ZoneInfo("Europe/Stockholm")

NEIGHBOURHOODS = [
    ("Amiralsstaden", "amiralsstaden", "Innerstaden/Rosengård",
     "En ny stadsdel växer fram längs Amiralsgatan, mellan Rosengård och innerstaden. Den planeras tillsammans "
     "med dem som bor och arbetar här."),
    ("Södra Sofielund (Seved)", "sodra-sofielund", "Södra Innerstaden",
     "Ett tätt bostadsområde där fastighetsägare, staden och invånare arbetar tillsammans för trygghet och fler "
     "mötesplatser."),
    ("Lindängen", "lindangen", "Fosie",
     "Bostäder från 1970-talet runt ett grönt centrum. Området rustas nu upp tillsammans med dem som bor här."),
    ("Holma-Kroksbäck", "holma-kroksback", "Hyllie",
     "Två bostadsområden vid Kroksbäcksparken. Här planeras nya bostäder och bättre gång- och cykelvägar."),
    ("Herrgården", "herrgarden", "Rosengård",
     "Området med Malmös yngsta invånare. Många familjer vill ha fler platser att leka och träffas på."),
    ("Segevång", "segevang", "Husie",
     "Småhus och hyresrätter nära Sege å. Här planeras nya bostäder, och grönområdena ska bli lättare att nå."),
    ("Södra Kirseberg", "sodra-kirseberg", "Kirseberg",
     "En gammal arbetarstadsdel på Kirsebergsbacken med koloniträdgårdar. Industriområdet i söder ska bli bostäder."),
    ("Sege Park", "sege-park", "Husie",
     "Ett före detta sjukhusområde som blir en hållbar stadsdel, med bostäder och odlingar som grannarna delar på."),
    ("Östervärn", "ostervarn", "Kirseberg",
     "En ny stadsdel runt Östervärns station, med bostäder, skolor och parker på gammal järnvägsmark."),
    ("Fredriksborg", "fredriksborg", "Väster",
     "Hyresbostäder nära hamnen. Innergårdarna rustas nu upp, och de boende är med och bestämmer hur."),
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
    accessibility: str = "Entré utan trappsteg och tillgänglighetsanpassad toalett."
    description: str = ""


DEMO_EVENTS = [
    DemoEvent("Medborgardialog: den nya parken i Amiralsstaden", EventKind.CITIZEN_DIALOGUE, "amiralsstaden",
              3, time(17, 30), 2, "Rosengårds bibliotek", "Rosengårdsvägen 52", 40, ("sv", "ar", "en"),
              accessibility="Entré utan trappsteg och tillgänglighetsanpassad toalett. Det finns hörslinga i salen.",
              description="Vad ska den nya parken i Amiralsstaden ha plats för? Ta med dina idéer, så ritar vi in "
                          "dem på kartan tillsammans.\n\n"
                          "Vi bjuder på fika. Du kan prata svenska, arabiska eller engelska med oss."),
    DemoEvent("Dansworkshop: dansa din innergård", EventKind.DANCE_WORKSHOP, "herrgarden",
              5, time(15, 0), 1.5, "Herrgårdens fritidsgård", "Ramels väg 50", 12, ("sv", "ar", "so"),
              audience=Audience.CHILDREN_WITH_GUARDIAN, fill=8,
              accessibility="Lokalen ligger i markplan. Det finns omklädningsrum och tillgänglighetsanpassad toalett.",
              description="Barnen visar med kroppen var de tycker om att leka och var de känner sig otrygga. "
                          "Ingen behöver säga något – dansen får berätta.\n\n"
                          "För barn 6–12 år tillsammans med en vårdnadshavare. Ha kläder som är sköna att röra sig i."),
    DemoEvent("Lunchseminarium: bygga tillsammans med området", EventKind.LUNCH_SEMINAR, "sodra-sofielund",
              7, time(11, 45), 1.25, "Seveds mötesplats", "Rasmusgatan 10", 25, ("sv",),
              audience=Audience.PROPERTY_OWNERS_AND_BUILDERS,
              accessibility="Ramp vid entrén från Rasmusgatan. Tillgänglighetsanpassad toalett.",
              description="Fastighetsägare och byggaktörer berättar vad de har lärt sig av att arbeta med invånarna "
                          "i Seved. Vad fungerade, och vad skulle de göra annorlunda nästa gång?\n\n"
                          "Vi bjuder på vegetarisk lunch."),
    DemoEvent("Utställning: Lindängen förr och nu", EventKind.EXHIBITION, "lindangen",
              9, time(10, 0), 8, "Lindängens centrum", "Lindängsplan 3", None, ("sv", "en", "fi"),
              accessibility="Utställningen ligger i entréplan i centrumhuset. Det finns stolar att vila på.",
              description="Foton och modeller visar hur Lindängen ska rustas upp. Skriv en lapp med vad du tycker "
                          "och sätt upp den på väggen. Vi läser alla lappar och tar med dem i det fortsatta arbetet."
                          "\n\nKom när det passar dig. Processledare finns på plats hela dagen."),
    DemoEvent("Medborgardialog: gångvägar genom Kroksbäcksparken", EventKind.CITIZEN_DIALOGUE, "holma-kroksback",
              11, time(18, 0), 2, "Kroksbäcks café", "Kroksbäcksparken 1", 10, ("sv", "bs", "ar"), fill=7,
              accessibility="Promenaden går på asfalterade gångvägar utan trappor. Skriv i anmälan om du behöver "
                            "en kortare runda.",
              description="Vilka vägar känns trygga på kvällen, och var saknas det belysning? Vi går genom parken "
                          "tillsammans och pratar om det vi ser.\n\n"
                          "Vi börjar och slutar på caféet. Räkna med en promenad på ungefär två kilometer."),
    DemoEvent("Samtal om Sege Parks gemensamma odlingar", EventKind.CITIZEN_DIALOGUE, "sege-park",
              14, time(17, 0), 2, "Sege Park, hus 9", "Sege Park 9", 30, ("sv", "en"),
              accessibility="Hus 9 har hiss och tillgänglighetsanpassad toalett. Parkering för rörelsehindrade "
                            "finns vid entrén.",
              description="Hur vill du använda odlingarna i Sege Park? Vi pratar om vem som ska sköta dem, vad som "
                          "ska växa där och hur fler grannar kan vara med."),
    DemoEvent("Dansworkshop för familjer i Segevång", EventKind.DANCE_WORKSHOP, "segevang",
              16, time(10, 0), 1.5, "Segevångsbadet, sal 2", "Ystadvägen 54", 20, ("sv", "fi"),
              audience=Audience.CHILDREN_WITH_GUARDIAN,
              accessibility="Salen ligger i entréplan. Det finns skötbord och tillgänglighetsanpassad toalett.",
              description="Dans för hela familjen. Tillsammans visar vi vilka platser i Segevång vi tycker om och "
                          "vilka vi vill förändra.\n\n"
                          "För barn i alla åldrar tillsammans med en vårdnadshavare. Du behöver inte kunna dansa."),
    DemoEvent("Öppet hus: området runt Östervärns station", EventKind.EXHIBITION, "ostervarn",
              19, time(13, 0), 4, "Östervärns stationshus", "Östervärnsgatan 2", None, ("sv", "en"),
              accessibility="Entré utan trappsteg. Tillgänglighetsanpassad toalett finns på bottenvåningen.",
              description="Hur ska den nya stadsdelen runt Östervärns station se ut? Titta på skisserna, ställ "
                          "frågor till stadsbyggnadskontoret och berätta vad du tycker att området behöver."),
    DemoEvent("Lunchseminarium: tryggare innergårdar", EventKind.LUNCH_SEMINAR, "fredriksborg",
              23, time(12, 0), 1, "Fredriksborgs kvarterslokal", "Fredriksborgsgatan 8", 8, ("sv",),
              waitlist=False, fill=4,
              accessibility="Tröskel på 3 centimeter vid entrén. Tillgänglighetsanpassad toalett.",
              description="Ett kort seminarium om belysning och växter på innergårdar, med exempel från "
                          "Fredriksborg och andra områden i Malmö. Vi bjuder på smörgås.\n\n"
                          "Lokalen är liten, så det finns ingen väntelista."),
    DemoEvent("Medborgardialog: bostäder på Kirsebergsbacken", EventKind.CITIZEN_DIALOGUE, "sodra-kirseberg",
              27, time(18, 0), 2, "Kirsebergs kyrka, församlingssal", "Kirsebergstorget 4", 50, ("sv", "pl"),
              accessibility="Ramp vid sidoingången. Det finns hörslinga i församlingssalen.",
              description="Industriområdet i södra Kirseberg ska bli bostäder. Var med och tyck till om hur högt "
                          "husen ska vara, var det ska bli grönt och hur de nya gatorna ska knytas ihop med resten "
                          "av Kirseberg."),
    DemoEvent("Promenad och samtal i Seved", EventKind.OTHER, "sodra-sofielund",
              33, time(16, 0), 2, "Samling vid Seveds torg", "Rasmusgatan 1", 15, ("sv", "ar", "so"),
              accessibility="Promenaden är ungefär 1,5 kilometer på plan mark. Vi tar pauser längs vägen.",
              description="Vi promenerar genom Seved tillsammans med fastighetsägare och medarbetare från Malmö "
                          "stad. Visa oss platser du tycker om och platser som behöver bli bättre."),
    DemoEvent("Utställning: barnens Herrgården", EventKind.EXHIBITION, "herrgarden",
              40, time(11, 0), 6, "Rosengård centrum", "Amiralsgatan 35", None, ("sv", "ar"),
              accessibility="Utställningen finns i gallerian, i markplan. Det finns bänkar att vila på.",
              description="Barnen i Herrgården har ritat, fotograferat och byggt modeller av området de vill ha. "
                          "Kom och se deras förslag och skriv en hälsning till dem."),
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
    last_message_before = db.session.scalar(select(func.max(OutboxMessage.id))) or 0
    neighbourhoods = _seed_neighbourhoods(summary)
    organisations = _seed_organisations(summary)
    _seed_accounts(organisations, summary)
    _seed_events(neighbourhoods, now, summary)
    seed_workspace(now, summary.count)
    seed_contributions(now, summary.count)
    # The demo's sign-ups and answers go through the real rules, which queue email; its people are made up, so
    # none of that mail is kept.
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.id > last_message_before))
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
                contact_name=f"Demodeltagare {number}",
                email=f"deltagare{number}@demo.dialogue.se",
                adults=2 - children,
                children=children,
            ),
            now=now,
        )
        summary.count("registrations")
