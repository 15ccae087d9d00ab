"""Demo proposals, feedback and answers, so that the demo shows the loop from what was said to what was done.

Called by dialogue.seed after neighbourhoods, organisations, accounts and events exist. Idempotent: a proposal is
found by neighbourhood and title, feedback by neighbourhood and text.
"""
import io
from dataclasses import dataclass
from datetime import datetime, timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.contributions.models import (
    Channel,
    Contribution,
    ContributionKind,
    Photo,
    ProposalStatus,
    Theme,
)
from dialogue.contributions.services import (
    FeedbackInput,
    ProposalInput,
    answer,
    assign,
    attach_photo,
    submit_feedback,
    submit_proposal,
    toggle_support,
)
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood

DEVELOPER_NEIGHBOURHOODS = ("herrgarden", "holma-kroksback", "lindangen", "amiralsstaden")


@dataclass(frozen=True)
class DemoProposal:
    neighbourhood: str
    title: str
    body: str
    theme: Theme
    channel: Channel
    days_ago: int
    people: int = 1
    place: str = ""
    language: str = "sv"
    with_drawing: bool = False
    answers: tuple[tuple[ProposalStatus, str, int], ...] = ()  # (to status, text, days after proposal)
    supported: bool = False


DEMO_PROPOSALS = [
    DemoProposal("herrgarden", "Gungor och klätterställning på innergården",
                 "Barnen dansade var de vill leka: nästan alla visade innergården vid Ramels väg. Där finns bara gräs.",
                 Theme.GREEN_SPACE_AND_PLAY, Channel.DANCE_OR_MOVEMENT, 40, people=14,
                 place="Innergården vid Ramels väg 50",
                 answers=((ProposalStatus.UNDER_REVIEW, "Vi tittar på innergården tillsammans med hyresgästerna i vår.", 6),
                          (ProposalStatus.PLANNED, "Gungor och en klätterställning byggs i maj. Barnens teckningar är underlaget.", 20)),
                 supported=True),
    DemoProposal("herrgarden", "Ljus på gångvägen till skolan",
                 "Flera barn ritade den mörka gångvägen som en läskig plats. Föräldrarna höll med.",
                 Theme.SAFETY, Channel.DRAWING, 30, people=9, place="Gångvägen mellan Ramels väg och skolan",
                 with_drawing=True),
    DemoProposal("holma-kroksback", "Fler bänkar i Kroksbäcksparken",
                 "Äldre i området vill kunna vila på vägen till centrum. Sagt under promenaden i parken.",
                 Theme.MEETING_PLACES, Channel.WALK, 25, people=6, place="Kroksbäcksparken, längs stora gången",
                 answers=((ProposalStatus.PLANNED, "Vi ställer ut sex bänkar längs stora gången i vår.", 5),
                          (ProposalStatus.IMPLEMENTED, "Sex nya bänkar står på plats sedan förra veckan. Tack för tipset!", 12))),
    DemoProposal("holma-kroksback", "En lokal för läxhjälp",
                 "Vi behöver en plats där barn kan göra läxor efter skolan, med vuxna som hjälper.",
                 Theme.SERVICES_AND_SHOPS, Channel.SAID_AT_EVENT, 18, people=4, language="ar"),
    DemoProposal("lindangen", "Odlingslådor vid centrum",
                 "Många vill odla grönsaker nära hemmet. Skrivet på ett papperskort på utställningen.",
                 Theme.GREEN_SPACE_AND_PLAY, Channel.PAPER_CARD, 15, people=3,
                 answers=((ProposalStatus.ALREADY_EXISTS, "Det finns odlingslotter bakom Lindängsskolan. Kontakta föreningen för en plats.", 4),)),
    DemoProposal("lindangen", "Säkrare övergångsställe vid Lindängsvägen",
                 "Bilarna kör fort och barnen går över här varje morgon.",
                 Theme.STREETS_AND_TRAFFIC, Channel.ONLINE, 9, place="Lindängsvägen vid busshållplatsen"),
    DemoProposal("amiralsstaden", "Bostäder med fyra rum för stora familjer",
                 "Vi är sju personer i en trea. Bygg stora lägenheter med rimlig hyra.",
                 Theme.HOUSING, Channel.SAID_AT_EVENT, 20, people=11,
                 answers=((ProposalStatus.UNDER_REVIEW, "Vi ser över lägenhetsfördelningen i etapp två och återkommer i höst.", 8),),
                 supported=True),
    DemoProposal("sodra-sofielund", "Kvällsöppen mötesplats för unga",
                 "Unga vill ha ett ställe att vara på kvällar och helger, inte bara gatan.",
                 Theme.CULTURE_AND_LEISURE, Channel.OTHER, 12, people=7),
    DemoProposal("sege-park", "Gemensam verkstad för cyklar",
                 "En plats där grannar kan laga cyklar tillsammans och låna verktyg.",
                 Theme.MEETING_PLACES, Channel.ONLINE, 5, language="en"),
]

DEMO_FEEDBACK = [
    ("herrgarden", 5, "Barnen älskade dansen och pratar fortfarande om den.", Channel.DANCE_OR_MOVEMENT),
    ("lindangen", 4, "Bra utställning, men skylten vid entrén var svår att hitta.", Channel.PAPER_CARD),
    ("holma-kroksback", 3, "Promenaden var bra, men vi hann inte prata om belysningen.", Channel.WALK),
    ("amiralsstaden", None, "Tack för att ni hade tolk på arabiska.", Channel.SAID_AT_EVENT),
]


def seed_contributions(now: datetime, count) -> None:
    """Add the demo contributions; `count(kind)` is called for every record added."""
    neighbourhoods = {n.slug: n for n in db.session.scalars(select(Neighbourhood))}
    developer = db.session.scalars(select(User).where(User.email == "byggaktor@demo.dialogue.se")).one_or_none()
    process_leader = db.session.scalars(
        select(User).where(User.email == "processledare@demo.dialogue.se")
    ).one_or_none()
    resident = db.session.scalars(select(User).where(User.email == "invanare@demo.dialogue.se")).one_or_none()
    if developer:
        for slug in DEVELOPER_NEIGHBOURHOODS:
            assign(developer, neighbourhoods[slug], assigned_by=process_leader or developer)
    for demo in DEMO_PROPOSALS:
        _seed_proposal(demo, neighbourhoods[demo.neighbourhood], now, developer, process_leader, resident, count)
    for slug, rating, text, channel in DEMO_FEEDBACK:
        neighbourhood = neighbourhoods[slug]
        exists = db.session.scalar(
            select(Contribution.id).where(
                Contribution.neighbourhood_id == neighbourhood.id,
                Contribution.kind == ContributionKind.FEEDBACK,
                Contribution.body == text,
            )
        )
        if exists:
            continue
        submit_feedback(
            neighbourhood,
            FeedbackInput(rating=rating, body=text, channel=channel, event_id=_an_event_id(neighbourhood)),
            author=None,
            logged_by=process_leader if channel != Channel.ONLINE else None,
            now=now - timedelta(days=3),
        )
        count("feedback")


def _an_event_id(neighbourhood: Neighbourhood) -> int | None:
    return db.session.scalar(
        select(Event.id).where(Event.neighbourhood_id == neighbourhood.id).order_by(Event.starts_at).limit(1)
    )


def _seed_proposal(demo, neighbourhood, now, developer, process_leader, resident, count) -> None:
    exists = db.session.scalar(
        select(Contribution.id).where(
            Contribution.neighbourhood_id == neighbourhood.id, Contribution.title == demo.title
        )
    )
    if exists:
        return
    created = now - timedelta(days=demo.days_ago)
    online = demo.channel == Channel.ONLINE
    proposal = submit_proposal(
        neighbourhood,
        ProposalInput(
            title=demo.title,
            body=demo.body,
            theme=demo.theme,
            place_description=demo.place,
            channel=demo.channel,
            language=demo.language,
            people_count=demo.people,
            event_id=None if online else _an_event_id(neighbourhood),
            contact_email=None if not online else "grannen@demo.dialogue.se",
        ),
        author=None,
        logged_by=None if online else process_leader,
        now=created,
    )
    count("proposals")
    if demo.with_drawing:
        attach_photo(proposal, _drawing())
    answerer = developer if developer and neighbourhood.slug in DEVELOPER_NEIGHBOURHOODS else process_leader
    for to_status, text, days_after in demo.answers:
        if answerer:
            answer(proposal, to_status, text, answerer, now=created + timedelta(days=days_after))
            count("answers")
    if demo.supported and resident:
        toggle_support(proposal, resident)


def _drawing() -> Photo:
    """A child's drawing of a dark path and a lamp, drawn here so that the demo ships no image files."""
    image = Image.new("RGB", (480, 320), "#fdfaf2")
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 220, 480, 320), fill="#6b8e4e")
    pen.polygon(((200, 320), (280, 320), (250, 200), (230, 200)), fill="#8c8c8c")
    pen.line((360, 230, 360, 90), fill="#333333", width=6)
    pen.ellipse((335, 60, 385, 110), fill="#ffd23f", outline="#333333", width=3)
    pen.ellipse((90, 170, 130, 210), fill="#e4572e")
    pen.line((110, 210, 110, 260), fill="#e4572e", width=5)
    output = io.BytesIO()
    image.save(output, format="PNG")
    return Photo(content_type="image/png", data=output.getvalue(), width=image.width, height=image.height)
