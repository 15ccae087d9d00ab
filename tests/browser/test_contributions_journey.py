"""From what was said at an event to the builder's answer in public, in Chromium, with axe-core on every page.

A process leader logs in, opens an event in one of the developer's neighbourhoods and logs five items from it
(three proposals and two pieces of feedback, one proposal with a photo of a paper card): a first try misses a
title and saves nothing. The developer (MKB) finds the photographed proposal in the review queue and answers it,
setting it to "planned" (a first try without text is refused). A resident then reads the answer, with MKB's name,
under "You said, we did" on the neighbourhood page and on the proposal's page, next to the photo.

Texts come from the app's own catalogs (live_server.texts); elements are found by role and accessible name. Every
page passes axe-core, carries the run's language and direction on <html> (right to left in Arabic) and is no wider
than the window. Swedish and English keep the browser's default size; Arabic and Finnish are walked on a phone
(390×844, where the signed-in menu is folded behind a button) and on a computer (1280×800).
"""

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask_babel import force_locale
from PIL import Image, ImageDraw
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dialogue import labels
from dialogue.accounts.models import User
from dialogue.contributions.models import Answer, Channel, Contribution, ContributionKind, ProposalStatus, Theme
from dialogue.contributions.services import assign
from dialogue.demo import DEMO_ACCOUNTS, DEMO_EVENTS
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from tests.browser.steps import SIZES

BROWSER_LOCALE = {"sv": "sv-SE", "en": "en-GB", "ar": "ar", "fi": "fi-FI"}
ACCOUNTS = {account.email.split("@")[0]: account for account in DEMO_ACCOUNTS}
PROCESS_LEADER, DEVELOPER, RESIDENT = ACCOUNTS["processledare"], ACCOUNTS["byggaktor"], ACCOUNTS["invanare"]
DEVELOPER_ORGANISATION = "MKB Fastighets AB"
EXIF_MAKE, EXIF_ARTIST = 0x010F, 0x013B
CAMERA_MAKE, PHOTOGRAPHER = "Dialogue Testkamera", "Fotografens namn i EXIF"
PHOTO_SIZE = (640, 480)


@dataclass(frozen=True)
class LoggedRow:
    """One row of the log-input form, as the process leader fills it in."""

    kind: ContributionKind
    channel: Channel
    people: int
    body: str
    theme: Theme | None = None
    title: str = ""
    rating: int | None = None
    with_photo: bool = False

    @property
    def is_proposal(self) -> bool:
        return self.kind == ContributionKind.PROPOSAL


def rows_for(place: str) -> list[LoggedRow]:
    """Five items from an event in `place`; titles name the place, so the runs in two neighbourhoods never meet."""
    return [
        LoggedRow(
            ContributionKind.PROPOSAL,
            Channel.PAPER_CARD,
            3,
            f"Skrivet på ett kort i {place}: barnen vill plaska i vatten på sommaren.",
            theme=Theme.GREEN_SPACE_AND_PLAY,
            title=f"Vattenlek på gården i {place}",
            with_photo=True,
        ),
        LoggedRow(
            ContributionKind.PROPOSAL,
            Channel.WALK,
            7,
            f"Det är mörkt vid busshållplatsen i {place} på kvällen. Flera sa det under promenaden.",
            theme=Theme.SAFETY,
            title=f"Mer ljus vid busshållplatsen i {place}",
        ),
        LoggedRow(
            ContributionKind.PROPOSAL,
            Channel.SAID_AT_EVENT,
            12,
            f"Ett bord med bänkar vid torget i {place}, där grannar kan fika tillsammans.",
            theme=Theme.MEETING_PLACES,
            title=f"Bord och bänkar vid torget i {place}",
        ),
        LoggedRow(
            ContributionKind.FEEDBACK,
            Channel.SAID_AT_EVENT,
            1,
            f"Bra att det fanns tolk i {place}, men lokalen var för varm.",
            theme=Theme.CULTURE_AND_LEISURE,
            rating=4,
        ),
        LoggedRow(
            ContributionKind.FEEDBACK,
            Channel.DRAWING,
            2,
            f"Två barn i {place} ritade en glad sol: de vill komma tillbaka.",
        ),
    ]


def photo_with_exif(directory: Path) -> Path:
    """A real JPEG of a paper card, carrying EXIF with a camera and a person's name that must not be stored."""
    image = Image.new("RGB", PHOTO_SIZE, "#fffdf5")
    pen = ImageDraw.Draw(image)
    pen.rectangle((40, 40, 600, 440), outline="#1d3557", width=6)
    for line in range(5):
        pen.line((80, 110 + line * 60, 560, 110 + line * 60), fill="#457b9d", width=4)
    pen.ellipse((470, 330, 560, 420), fill="#2a9d8f")
    exif = Image.Exif()
    exif[EXIF_MAKE] = CAMERA_MAKE
    exif[EXIF_ARTIST] = PHOTOGRAPHER
    path = directory / "papperskort.jpg"
    image.save(path, format="JPEG", quality=90, exif=exif)
    with Image.open(path) as upload:  # the test's own premise: the upload really carries the metadata
        assert upload.getexif()[EXIF_ARTIST] == PHOTOGRAPHER
    return path


def label(t, value) -> str:
    """What the app calls an enum value (a kind, a theme, a channel, a status) in the run's language."""
    with t.app.test_request_context(), force_locale(t.language):
        return labels.label(value)


# --- The database, read through the live server's app.


@dataclass(frozen=True)
class SeededEvent:
    id: int
    title: str
    neighbourhood_id: int
    neighbourhood_name: str


def load_event(live_server, slug: str) -> SeededEvent:
    title = next(event.title for event in DEMO_EVENTS if event.neighbourhood == slug)
    with live_server.app.app_context():
        event = db.session.scalars(select(Event).where(Event.title == title)).one()
        assert event.neighbourhood.slug == slug
        return SeededEvent(event.id, event.title, event.neighbourhood_id, event.neighbourhood.name)


def contribution_ids(live_server, event_id: int) -> set[int]:
    with live_server.app.app_context():
        return set(db.session.scalars(select(Contribution.id).where(Contribution.event_id == event_id)))


def stored_items(live_server, ids: set[int]) -> dict[str, tuple]:
    """What was stored, by text: kind, title, theme, channel, people, rating, status, where, who, photo type."""
    with live_server.app.app_context():
        contributions = db.session.scalars(
            select(Contribution)
            .where(Contribution.id.in_(ids))
            .options(selectinload(Contribution.photo), selectinload(Contribution.logged_by))
        ).all()
        return {
            item.body: (
                item.kind,
                item.title,
                item.theme,
                item.channel,
                item.people_count,
                item.rating,
                item.status,
                item.neighbourhood_id,
                item.event_id,
                item.logged_by.email,
                item.author_id,
                item.photo.content_type if item.photo else None,
            )
            for item in contributions
        }


def expected_item(row: LoggedRow, event: SeededEvent) -> tuple:
    return (
        row.kind,
        row.title if row.is_proposal else None,
        row.theme,
        row.channel,
        row.people,
        row.rating,
        ProposalStatus.NEW if row.is_proposal else None,
        event.neighbourhood_id,
        event.id,
        PROCESS_LEADER.email,
        None,
        "image/jpeg" if row.with_photo else None,
    )


def proposal_and_photo(live_server, title: str) -> tuple[int, bytes]:
    with live_server.app.app_context():
        proposal = db.session.scalars(select(Contribution).where(Contribution.title == title)).one()
        return proposal.id, proposal.photo.data


def answers_of(live_server, proposal_id: int) -> tuple[ProposalStatus, list[tuple]]:
    """The proposal's status and its answers: from, to, text, organisation, author."""
    with live_server.app.app_context():
        entries = db.session.scalars(
            select(Answer)
            .where(Answer.contribution_id == proposal_id)
            .options(selectinload(Answer.organisation), selectinload(Answer.author))
            .order_by(Answer.id)
        ).all()
        return db.session.get(Contribution, proposal_id).status, [
            (entry.from_status, entry.to_status, entry.text, entry.organisation.name, entry.author.email)
            for entry in entries
        ]


def assign_developer(live_server, slug: str) -> None:
    """The demo developer answers in four neighbourhoods and the journey runs in six, each in its own (the queue, the
    titles and "You said, we did" are per neighbourhood): the process leader assigns the developer the others."""
    if slug in DEVELOPER.neighbourhoods:
        return
    with live_server.app.app_context():
        users = {user.email: user for user in db.session.scalars(select(User))}
        neighbourhood = db.session.scalars(select(Neighbourhood).where(Neighbourhood.slug == slug)).one()
        assign(users[DEVELOPER.email], neighbourhood, assigned_by=users[PROCESS_LEADER.email])
        db.session.commit()


def organisation_of(live_server, email: str) -> str:
    with live_server.app.app_context():
        return db.session.scalars(select(User).where(User.email == email)).one().organisation.name


# --- The browser.


@dataclass
class Journey:
    """One browser page walked through the app by one person after another, checked on every page."""

    page: object
    t: object
    check_page: object  # the check_page fixture
    screenshot: object
    language: str
    name: str  # the language, and the size where it is set: "sv", "ar-phone"

    def check(self, page, what: str) -> None:
        self.check_page(page, f"{what} ({self.name})", self.language)

    def go(self, action) -> None:
        """Runs an action that loads a new page (a click or a form submission) and waits for that page."""
        with self.page.expect_navigation():
            action()

    def shot(self, name: str) -> None:
        self.screenshot(self.page, f"contributions-{self.name}-{name}")

    def unfold_menu(self) -> None:
        """On a phone the signed-in menu is folded behind a button, and every new page starts with it folded."""
        button = self.page.locator("summary.site-menu-button")
        if button.is_visible() and not self.page.locator("details.site-menu[open]").count():
            button.click()

    def menu_link(self, name: str):
        self.unfold_menu()
        menu = self.page.get_by_role("navigation", name=self.t("Main menu"))
        return menu.get_by_role("link", name=self.t(name), exact=True)

    def heading(self):
        return self.page.get_by_role("heading", level=1)

    def log_in(self, account) -> None:
        t = self.t
        self.go(self.menu_link("Log in").click)
        expect(self.heading()).to_have_text(t("Log in"))
        self.check(self.page, "login page")
        self.page.get_by_label(t("Email address"), exact=True).fill(account.email)
        self.page.get_by_label(t("Password"), exact=True).fill(account.password)
        self.go(self.page.locator("main").get_by_role("button", name=t("Log in"), exact=True).click)
        expect(self.page.locator(".flashes")).to_have_text(t("You are logged in."))
        # An account remembers the language its owner last chose (other browser tests switch the demo accounts):
        # this journey keeps to its own.
        if self.page.locator("html").get_attribute("lang") != self.language:
            self.go(self.page.locator("form.language-switcher").locator(f"button[value='{self.language}']").click)
        expect(self.page.locator("html")).to_have_attribute("lang", self.language)

    def log_out(self) -> None:
        self.unfold_menu()
        menu = self.page.get_by_role("navigation", name=self.t("Main menu"))
        self.go(menu.get_by_role("button", name=self.t("Log out")).click)
        expect(self.page.locator(".flashes")).to_have_text(self.t("You are logged out."))
        expect(self.menu_link("Log in")).to_be_visible()

    def log_row(self, number: int):
        return self.page.get_by_role("group", name=self.t("Item %(number)s", number=number), exact=True)

    def fill_row(self, number: int, row: LoggedRow, photo: Path | None, title: str) -> None:
        t, group = self.t, self.log_row(number)
        group.get_by_label(t("Kind"), exact=True).select_option(label=label(t, row.kind))
        group.get_by_label(t("Theme"), exact=True).select_option(
            label=label(t, row.theme) if row.theme else t("Choose a theme")
        )
        group.get_by_label(t("Title"), exact=True).fill(title)
        group.get_by_label(t("What was said"), exact=True).fill(row.body)
        group.get_by_label(t("Channel"), exact=True).select_option(label=label(t, row.channel))
        group.get_by_label(t("People behind it"), exact=True).fill(str(row.people))
        group.get_by_label(t("Rating (feedback)"), exact=True).select_option(
            label=str(row.rating) if row.rating else t("No rating")
        )
        if photo is not None:
            group.get_by_label(t("Photo of a card or drawing"), exact=True).set_input_files(photo)


def log_five_items(journey: Journey, live_server, event: SeededEvent, rows: list[LoggedRow], photo: Path) -> None:
    """The process leader, logged in, goes from the neighbourhood to the event and logs its input."""
    page, t = journey.page, journey.t
    journey.go(journey.menu_link("Neighbourhoods").click)
    journey.go(page.get_by_role("link", name=event.neighbourhood_name, exact=True).click)
    expect(journey.heading()).to_have_text(event.neighbourhood_name)
    journey.check(page, "neighbourhood page as a process leader")
    journey.go(page.get_by_role("link", name=event.title, exact=True).click)
    expect(journey.heading()).to_have_text(event.title)
    journey.check(page, "event page as a process leader")
    journey.go(page.get_by_role("link", name=t("Log input from this event")).click)

    expect(journey.heading()).to_have_text(t("Log input from %(title)s", title=event.title))
    expect(page.locator("fieldset.log-row")).to_have_count(5)
    journey.check(page, "log-input form")
    journey.shot("1-log-input")

    # A first try: the second proposal has no title. Nothing is saved; every other value is kept.
    ids_before = contribution_ids(live_server, event.id)
    for number, row in enumerate(rows, start=1):
        journey.fill_row(number, row, photo if row.with_photo else None, title="" if number == 2 else row.title)
    save = page.get_by_role("button", name=t("Save all items"))
    journey.go(save.click)
    expect(page).to_have_title(re.compile("^" + re.escape(t("Error") + ":")))
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        [f"{t('Item %(number)s', number=2)}, {t('Title')}: {t('A proposal needs a title.')}"]
    )
    expect(summary).to_contain_text(t("Photos have to be chosen again after the page reloads."))
    missing_title = journey.log_row(2).get_by_label(t("Title"), exact=True)
    expect(missing_title).to_have_attribute("aria-invalid", "true")
    expect(missing_title).to_have_accessible_description(re.compile(re.escape(t("A proposal needs a title."))))
    expect(journey.log_row(2).get_by_label(t("What was said"), exact=True)).to_have_value(rows[1].body)
    expect(journey.log_row(2).get_by_label(t("People behind it"), exact=True)).to_have_value(str(rows[1].people))
    expect(journey.log_row(1).get_by_label(t("Title"), exact=True)).to_have_value(rows[0].title)
    expect(journey.log_row(4).get_by_label(t("Rating (feedback)"), exact=True)).to_have_value(str(rows[3].rating))
    assert contribution_ids(live_server, event.id) == ids_before
    journey.check(page, "log-input form with an error")
    journey.shot("2-log-input-error")

    # Corrected, the photo chosen again, and saved: the staff list of the event's contributions.
    missing_title.fill(rows[1].title)
    journey.log_row(1).get_by_label(t("Photo of a card or drawing"), exact=True).set_input_files(photo)
    journey.go(save.click)
    expect(journey.heading()).to_have_text(t("Contributions in %(name)s", name=event.neighbourhood_name))
    expect(page.locator(".flashes")).to_have_text(t.plural("%(num)s item was saved.", "%(num)s items were saved.", 5))
    expect(page.get_by_label(t("Event"), exact=True)).to_have_value(str(event.id))
    for row in rows:
        expect(page.locator("table.data")).to_contain_text(row.title or row.body)
    journey.check(page, "staff list after logging")

    new_ids = contribution_ids(live_server, event.id) - ids_before
    assert stored_items(live_server, new_ids) == {row.body: expected_item(row, event) for row in rows}


def answer_as_developer(
    journey: Journey, live_server, event: SeededEvent, rows: list[LoggedRow], proposal_id: int, answer_text: str
) -> None:
    """The developer, logged in, finds the proposal in the review queue and answers it: planned."""
    page, t = journey.page, journey.t
    proposal = next(row for row in rows if row.with_photo)
    journey.go(journey.menu_link("Review proposals").click)
    expect(journey.heading()).to_have_text(t("Review proposals"))
    journey.check(page, "review queue")
    filters = page.get_by_role("form", name=t("Filter proposals"))
    filters.get_by_label(t("Neighbourhood"), exact=True).select_option(label=event.neighbourhood_name)
    filters.get_by_label(t("Only unanswered proposals"), exact=True).check()
    journey.go(filters.get_by_role("button", name=t("Show proposals")).click)
    queue = page.get_by_role("table", name=t("Proposals to review, page %(page)s of %(pages)s", page=1, pages=1))
    for row in rows:
        if row.is_proposal:
            expect(queue.get_by_role("rowheader", name=row.title, exact=True)).to_be_visible()
    queue_row = queue.locator(f"#proposal-{proposal_id}")
    expect(queue_row).to_contain_text(label(t, ProposalStatus.NEW))
    expect(queue_row).to_contain_text(t("Not yet"))
    journey.check(page, "filtered review queue")
    journey.shot("3-review-queue")
    # The link ends in visually hidden text, which the browser sets off with a space: "Answer : <title>".
    answer_link = re.compile(rf"^{re.escape(t('Answer'))}\s?: {re.escape(proposal.title)}$")
    journey.go(queue_row.get_by_role("link", name=answer_link).click)

    # The answer page: the proposal with its photo, not answered yet.
    expect(journey.heading()).to_have_text(proposal.title)
    expect(page.locator("#review-text")).to_have_text(proposal.body)
    photo = page.get_by_role("img", name=t("Photo of the paper card or drawing this proposal came from"))
    expect(photo).to_be_visible()
    assert photo.evaluate("image => image.complete && image.naturalWidth") == PHOTO_SIZE[0]
    expect(page.get_by_text(t("Nobody has answered this proposal yet."))).to_be_visible()
    journey.check(page, "answer page")
    journey.shot("4-answer-page")

    # Publishing without text is refused; with text, the answer is public and the proposal planned.
    planned = page.get_by_role("radio", name=label(t, ProposalStatus.PLANNED), exact=True)
    planned.check()
    publish = page.get_by_role("button", name=t("Publish the answer"))
    journey.go(publish.click)
    refusal = t("Write an answer: every change of status is explained in public.")
    expect(page.get_by_role("alert")).to_contain_text(refusal)
    expect(planned).to_be_checked()
    assert answers_of(live_server, proposal_id) == (ProposalStatus.NEW, [])
    journey.check(page, "answer page with an error")
    page.get_by_role("textbox", name=t("Your answer")).fill(answer_text)
    journey.go(publish.click)
    expect(page.locator(".flashes")).to_have_text(t("Your answer is published and the proposal's status is updated."))
    expect(page.locator("#current-status")).to_have_text(label(t, ProposalStatus.PLANNED))
    expect(page.locator("#answer-history")).to_contain_text(answer_text)
    expect(page.locator("#answer-history")).to_contain_text(DEVELOPER_ORGANISATION)
    assert answers_of(live_server, proposal_id) == (
        ProposalStatus.PLANNED,
        [(ProposalStatus.NEW, ProposalStatus.PLANNED, answer_text, DEVELOPER_ORGANISATION, DEVELOPER.email)],
    )
    journey.check(page, "answer page after answering")
    journey.shot("5-answered")


def read_as_resident(
    journey: Journey, event: SeededEvent, proposal: LoggedRow, answer_text: str, photo_data: bytes
) -> None:
    """The resident, logged in, reads the answer on the neighbourhood page and on the proposal's page."""
    page, t = journey.page, journey.t
    journey.go(journey.menu_link("Neighbourhoods").click)
    journey.check(page, "neighbourhood list")
    journey.go(page.get_by_role("link", name=event.neighbourhood_name, exact=True).click)
    you_said = page.get_by_role("region", name=t("You said, we did"))
    answered = you_said.get_by_role("listitem").filter(has=page.get_by_role("link", name=proposal.title, exact=True))
    expect(answered).to_have_count(1)
    expect(answered).to_contain_text(answer_text)
    expect(answered).to_contain_text(t("Answered by %(who)s", who=DEVELOPER_ORGANISATION))
    expect(answered).to_contain_text(label(t, ProposalStatus.PLANNED))
    expect(you_said.get_by_role("listitem").first).to_contain_text(proposal.title)  # the latest answer first
    journey.check(page, "neighbourhood page as a resident")
    journey.shot("6-neighbourhood")

    journey.go(answered.get_by_role("link", name=proposal.title, exact=True).click)
    expect(journey.heading()).to_have_text(proposal.title)
    answers = page.get_by_role("region", name=t("Answers"))
    expect(answers).to_contain_text(answer_text)
    expect(answers).to_contain_text(DEVELOPER_ORGANISATION)
    photo = page.get_by_role("img", name=t("Photo for the proposal: %(title)s", title=proposal.title))
    expect(photo).to_be_visible()
    assert photo.evaluate("image => image.complete && image.naturalWidth") == PHOTO_SIZE[0]
    served = page.request.get(photo.get_attribute("src"))
    assert (served.status, served.headers["content-type"], served.headers["x-content-type-options"]) == (
        200,
        "image/jpeg",
        "nosniff",
    )
    assert served.body() == photo_data
    journey.check(page, "proposal page as a resident")
    journey.shot("7-proposal")


# (language, neighbourhood, size): each run in a neighbourhood of its own.
RUNS = {
    "swedish": ("sv", "herrgarden", None),
    "english": ("en", "lindangen", None),
    "arabic-phone": ("ar", "holma-kroksback", "phone"),
    "arabic-computer": ("ar", "amiralsstaden", "computer"),
    "finnish-phone": ("fi", "sodra-kirseberg", "phone"),
    "finnish-computer": ("fi", "ostervarn", "computer"),
}


@pytest.mark.parametrize(("language", "neighbourhood_slug", "size"), RUNS.values(), ids=RUNS.keys())
def test_logged_input_is_answered_and_the_answer_is_public(
    new_page, live_server, check_page, screenshot, tmp_path, language, neighbourhood_slug, size
):
    assign_developer(live_server, neighbourhood_slug)
    assert organisation_of(live_server, DEVELOPER.email) == DEVELOPER_ORGANISATION
    event = load_event(live_server, neighbourhood_slug)
    rows = rows_for(event.neighbourhood_name)
    photographed = next(row for row in rows if row.with_photo)
    answer_text = f"Vi bygger en vattenlek på gården i {event.neighbourhood_name} i juni. Korten är underlaget."
    page = new_page(locale=BROWSER_LOCALE[language], **SIZES.get(size, {}))
    name = language if size is None else f"{language}-{size}"
    journey = Journey(page, live_server.texts(language), check_page, screenshot, language, name)

    # A link's language is remembered like the switcher's choice, and outlives logging in and out.
    page.goto(f"/?lang={language}")
    expect(page.locator("html")).to_have_attribute("lang", language)

    journey.log_in(PROCESS_LEADER)
    log_five_items(journey, live_server, event, rows, photo_with_exif(tmp_path))
    proposal_id, photo_data = proposal_and_photo(live_server, photographed.title)
    with Image.open(io.BytesIO(photo_data)) as stored:
        assert (stored.format, stored.size) == ("JPEG", PHOTO_SIZE)
        assert not stored.getexif()
        assert "exif" not in stored.info
    assert CAMERA_MAKE.encode() not in photo_data and PHOTOGRAPHER.encode() not in photo_data
    journey.log_out()

    journey.log_in(DEVELOPER)
    answer_as_developer(journey, live_server, event, rows, proposal_id, answer_text)
    journey.log_out()

    journey.log_in(RESIDENT)
    read_as_resident(journey, event, photographed, answer_text, photo_data)
    expect(page.locator("html")).to_have_attribute("lang", language)
