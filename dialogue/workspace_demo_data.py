"""The texts and figures of the workspace demo (see dialogue.workspace_demo), in Swedish, as in Malmö."""
from dataclasses import dataclass
from datetime import time

from dialogue.events.models import Audience, EventKind
from dialogue.initiatives.models import InitiativeKind, InitiativeStatus
from dialogue.organisations.models import OrganisationKind, SiteRelation

DANCE_NOTE = "Dans som uttryck för barnens behov: barnen visar med kroppen det de inte har ord för."

MORE_ORGANISATIONS = [
    ("Heimstaden", OrganisationKind.PROPERTY_OWNER),
    ("Riksbyggen", OrganisationKind.BUILDER),
    ("Skånes Dansteater", OrganisationKind.PUBLIC_BODY),
    ("Herrgårds kvinnoförening", OrganisationKind.ASSOCIATION),
    ("Lindängens föräldraförening", OrganisationKind.ASSOCIATION),
]

# (organisation, neighbourhood slug, relation)
SITES = [
    ("MKB Fastighets AB", "holma-kroksback", SiteRelation.OWNS),
    ("MKB Fastighets AB", "lindangen", SiteRelation.OWNS),
    ("MKB Fastighets AB", "fredriksborg", SiteRelation.OWNS),
    ("MKB Fastighets AB", "sege-park", SiteRelation.BUILDS),
    ("Trianon", "sodra-sofielund", SiteRelation.OWNS),
    ("Trianon", "lindangen", SiteRelation.OWNS),
    ("Victoriahem", "herrgarden", SiteRelation.OWNS),
    ("Heimstaden", "segevang", SiteRelation.OWNS),
    ("Heimstaden", "sodra-kirseberg", SiteRelation.OWNS),
    ("Skanska", "amiralsstaden", SiteRelation.BUILDS),
    ("Skanska", "ostervarn", SiteRelation.BUILDS),
    ("NCC", "sodra-kirseberg", SiteRelation.BUILDS),
    ("NCC", "sege-park", SiteRelation.BUILDS),
    ("Riksbyggen", "ostervarn", SiteRelation.BUILDS),
]

PARTICIPANT_NAMES = [
    "Amina Ahmed", "Erik Johansson", "Fatima Ali", "Mehmet Yilmaz", "Sara Lindberg", "Ali Hassan",
    "Lejla Hodžić", "Anders Persson", "Noor Karim", "Maja Svensson", "Omar Farah", "Elin Nilsson",
    "Jonas Holm", "Zeynep Kaya", "Aino Virtanen", "Kalle Andersson", "Hodan Warsame", "Piotr Nowak",
]


@dataclass(frozen=True)
class HeldEvent:
    title: str
    kind: EventKind
    neighbourhood: str  # slug
    days_ago: int
    start: time
    hours: float
    venue: str
    address: str
    capacity: int | None
    description: str
    minutes: str
    languages: tuple[str, ...] = ("sv",)
    audience: Audience = Audience.EVERYONE
    accessibility: str = "Entré utan trappsteg och tillgänglighetsanpassad toalett."
    inclusive_note: str = ""  # set: the event used inclusive methods
    cohosts: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()  # other organisations named in the closing report
    registrations: int = 0
    no_shows: int = 0
    walk_ins: tuple[tuple[str, int], ...] = ()  # (name, party size)


HELD_EVENTS = [
    HeldEvent(
        "Dansworkshop: barnens Herrgården", EventKind.DANCE_WORKSHOP, "herrgarden", 112, time(15, 0), 1.5,
        "Herrgårdens fritidsgård", "Ramels väg 50", 20,
        "Barnen dansar fram sina favoritplatser och de platser de undviker. För barn 6–12 år med en vuxen.",
        "Barnen visade innergården vid Ramels väg som sin viktigaste lekplats och den mörka "
        "gångvägen till skolan som otrygg. Victoriahem tar med förslagen till planeringen av innergårdarna.",
        languages=("sv", "ar", "so"), audience=Audience.CHILDREN_WITH_GUARDIAN, inclusive_note=DANCE_NOTE,
        cohosts=("Skånes Dansteater", "Herrgårds kvinnoförening"), participants=("Victoriahem",),
        registrations=8, no_shows=1, walk_ins=(("", 2), ("Familjen Rahimi", 3)),
    ),
    HeldEvent(
        "Medborgardialog: trygghet i Kroksbäcksparken", EventKind.CITIZEN_DIALOGUE, "holma-kroksback", 96,
        time(18, 0), 2, "Kroksbäcks café", "Kroksbäcksparken 1", 40,
        "Vi pratar i små grupper om var i parken det känns tryggt och otryggt, och vad som skulle hjälpa.",
        "Samtal i fyra grupper: på svenska, arabiska, bosniska och somaliska. Belysning längs stora gången och fler "
        "bänkar var det som flest tog upp. MKB ser över belysningen tillsammans med stadsfastighetskontoret.",
        languages=("sv", "ar", "bs", "so"),
        inclusive_note="Dialog i grupper per språk, med tolk på arabiska, bosniska och somaliska.",
        cohosts=("MKB Fastighets AB", "Kroksbäcks café"), participants=("Hyresgästföreningen Malmö",),
        registrations=14, no_shows=2, walk_ins=(("", 3), ("", 1), ("Hussein", 2)),
    ),
    HeldEvent(
        "Lunchseminarium: byggaktörer möter Seved", EventKind.LUNCH_SEMINAR, "sodra-sofielund", 84,
        time(11, 45), 1.25, "Seveds mötesplats", "Rasmusgatan 10", 30,
        "Fastighetsägare i Seved berättar hur de har arbetat med de boende för ett tryggare område.",
        "Trianon visade hur gemensamma städdagar och en kvällsöppen lokal har förändrat Rasmusgatan. Skanska och "
        "NCC vill pröva samma arbetssätt i sina nya projekt.",
        audience=Audience.PROPERTY_OWNERS_AND_BUILDERS,
        cohosts=("Trianon",), participants=("Skanska", "NCC", "Malmö stad, stadsbyggnadskontoret"),
        registrations=12, no_shows=1,
    ),
    HeldEvent(
        "Utställning: så kan Östervärn bli", EventKind.EXHIBITION, "ostervarn", 70, time(12, 0), 5,
        "Östervärns stationshus", "Östervärnsgatan 2", None,
        "Skisser och en modell av den nya stadsdelen. Säg vad du tycker, på plats eller på en lapp.",
        "Omkring 60 besökare under eftermiddagen. Många frågade om skolan och om cykelvägen mot centrum. "
        "Lapparna är inskrivna som förslag.",
        languages=("sv", "en"), participants=("Skanska", "Riksbyggen"),
        walk_ins=(("", 12), ("Klass 5B, Östervärnsskolan", 24), ("", 9), ("", 15)),
    ),
    HeldEvent(
        "Lunchseminarium: innergårdar som mötesplatser", EventKind.LUNCH_SEMINAR, "fredriksborg", 56,
        time(12, 0), 1, "Fredriksborgs kvarterslokal", "Fredriksborgsgatan 8", 20,
        "Hur blir en innergård en plats där grannar möts? Exempel från Fredriksborg och Herrgården.",
        "MKB berättade om upprustningen av innergårdarna i Fredriksborg. Heimstaden och Victoriahem vill göra "
        "studiebesök i vår.",
        audience=Audience.PROPERTY_OWNERS_AND_BUILDERS,
        cohosts=("MKB Fastighets AB",), participants=("Heimstaden", "Victoriahem", "Malmö universitet"),
        registrations=10, no_shows=2,
    ),
    HeldEvent(
        "Promenad: barnens skolväg i Lindängen", EventKind.OTHER, "lindangen", 42, time(14, 30), 1.5,
        "Samling vid Lindängens centrum", "Lindängsplan 3", 25,
        "Barnen leder promenaden längs sin skolväg och fotograferar det de tycker om och det som är läskigt.",
        "Barnen fotograferade övergångsstället vid Lindängsvägen och den mörka tunneln under Eriksfältsgatan. "
        "Trianon sätter upp belysning i tunneln.",
        languages=("sv", "ar"), audience=Audience.CHILDREN_WITH_GUARDIAN,
        inclusive_note="Barnanpassad promenad: barnen leder och berättar med sina egna foton.",
        cohosts=("Trianon", "Lindängens föräldraförening"), participants=("MKB Fastighets AB",),
        registrations=9, no_shows=1, walk_ins=(("", 2),),
    ),
    HeldEvent(
        "Studiebesök: odlingarna i Sege Park", EventKind.OTHER, "sege-park", 35, time(13, 0), 2.5,
        "Sege Park, hus 9", "Sege Park 9", 25,
        "Fastighetsägare och byggaktörer besöker de gemensamma odlingarna och träffar de boende som sköter dem.",
        "De boende visade hur odlingslotterna fördelas och sköts. Byggaktörerna diskuterade hur odlingar kan "
        "planeras in från början i nya kvarter.",
        audience=Audience.PROPERTY_OWNERS_AND_BUILDERS,
        cohosts=("NCC", "MKB Fastighets AB"), participants=("Heimstaden", "Malmö universitet"),
        registrations=11, no_shows=0,
    ),
    HeldEvent(
        "Samråd: industriområdet i södra Kirseberg", EventKind.CITIZEN_DIALOGUE, "sodra-kirseberg", 24,
        time(18, 0), 2, "Kirsebergs kyrka, församlingssal", "Kirsebergstorget 4", 60,
        "Stadsbyggnadskontoret visar förslaget till detaljplan. Vad behöver de nya kvarteren?",
        "Många ville behålla koloniträdgårdarna och önskade en förskola i första etappen. Heimstaden och NCC "
        "svarar på frågorna om hyror och byggtider i ett skriftligt svar.",
        languages=("sv", "pl"),
        cohosts=("NCC", "Heimstaden"), participants=("Malmö stad, stadsbyggnadskontoret",),
        registrations=16, no_shows=3, walk_ins=(("", 4), ("", 2)),
    ),
    HeldEvent(
        "Dansworkshop: rörelse och lek i Segevång", EventKind.DANCE_WORKSHOP, "segevang", 12, time(10, 0), 1.5,
        "Segevångsbadet, sal 2", "Ystadvägen 54", 16,
        "Familjer dansar fram hur de vill använda grönområdena längs Sege å.",
        "Barnen dansade fram en plats för vattenlek vid Sege å och en säkrare väg till badet. Heimstaden tar med "
        "förslagen till gårdsplaneringen.",
        languages=("sv", "fi"), audience=Audience.CHILDREN_WITH_GUARDIAN, inclusive_note=DANCE_NOTE,
        cohosts=("Skånes Dansteater",), participants=("Heimstaden",),
        registrations=6, no_shows=1, walk_ins=(("", 2),),
    ),
]


@dataclass(frozen=True)
class DemoInitiative:
    name: str
    kind: InitiativeKind
    status: InitiativeStatus
    description: str
    partners: tuple[str, ...]
    neighbourhoods: tuple[str, ...] = ()
    events: tuple[str, ...] = ()  # titles of held or upcoming demo events
    tested_days_ago: int | None = None


INITIATIVES = [
    DemoInitiative(
        "Belysning som de boende styr", InitiativeKind.INNOVATION, InitiativeStatus.SPREAD,
        "Gångvägsbelysning som tänds starkare när någon går förbi, på de platser de boende pekade ut som "
        "otrygga. Prövad i Kroksbäcksparken och nu på väg till Lindängen.",
        ("MKB Fastighets AB", "Malmö universitet"), ("holma-kroksback", "lindangen"),
        ("Medborgardialog: trygghet i Kroksbäcksparken",), tested_days_ago=80,
    ),
    DemoInitiative(
        "Kvällsöppen gårdslokal", InitiativeKind.INNOVATION, InitiativeStatus.TESTED,
        "En tom lokal i bottenvåningen blir mötesplats för unga på kvällarna, skött av en förening med "
        "hyresfritt avtal.",
        ("Trianon", "Seveds fritidsförening"), ("sodra-sofielund",),
        ("Lunchseminarium: byggaktörer möter Seved",), tested_days_ago=60,
    ),
    DemoInitiative(
        "Byggbod som mötesplats", InitiativeKind.INNOVATION, InitiativeStatus.TESTED,
        "Under byggtiden står en byggbod öppen två eftermiddagar i veckan, där grannarna kan fråga och "
        "tycka till.",
        ("NCC", "Heimstaden"), ("sodra-kirseberg",),
        ("Samråd: industriområdet i södra Kirseberg",), tested_days_ago=20,
    ),
    DemoInitiative(
        "Felanmälan med bilder och på flera språk", InitiativeKind.INNOVATION, InitiativeStatus.IDEA,
        "Hyresgäster ska kunna anmäla fel med en bild och på sitt eget språk.",
        ("Victoriahem",), ("herrgarden",),
    ),
    DemoInitiative(
        "Dans som uttryck för barnens behov", InitiativeKind.METHOD, InitiativeStatus.SPREAD,
        "Barn visar med dans och rörelse var de leker och var de känner sig otrygga, utan att behöva ord. "
        "Processledaren översätter rörelserna till förslag tillsammans med barnen.",
        ("Skånes Dansteater", "Herrgårds kvinnoförening"), ("herrgarden", "segevang"),
        ("Dansworkshop: barnens Herrgården", "Dansworkshop: rörelse och lek i Segevång"), tested_days_ago=112,
    ),
    DemoInitiative(
        "Dialog i grupper per språk", InitiativeKind.METHOD, InitiativeStatus.TESTED,
        "Deltagarna samtalar i grupper på sitt eget språk med en tolk, och grupperna redovisar för varandra.",
        ("Hyresgästföreningen Malmö",), ("holma-kroksback",),
        ("Medborgardialog: trygghet i Kroksbäcksparken",), tested_days_ago=96,
    ),
    DemoInitiative(
        "Lunchseminarieserien Bygga tillsammans", InitiativeKind.LEARNING_FORMAT, InitiativeStatus.SPREAD,
        "En lunchtimme i månaden där fastighetsägare och byggaktörer delar med sig av vad de har lärt sig av att "
        "arbeta med de boende.",
        ("Trianon", "MKB Fastighets AB", "Skanska", "NCC"), (),
        ("Lunchseminarium: byggaktörer möter Seved", "Lunchseminarium: innergårdar som mötesplatser",
         "Lunchseminarium: bygga tillsammans med området", "Lunchseminarium: tryggare innergårdar"),
        tested_days_ago=84,
    ),
    DemoInitiative(
        "Studiebesök hos grannar som odlar", InitiativeKind.LEARNING_FORMAT, InitiativeStatus.TESTED,
        "Byggaktörer och fastighetsägare besöker ett område där de boende redan gör det som planeras någon "
        "annanstans, och lär av dem.",
        ("NCC", "MKB Fastighets AB", "Malmö universitet"), ("sege-park",),
        ("Studiebesök: odlingarna i Sege Park",), tested_days_ago=35,
    ),
]
