"""The project's indicators for a period and a neighbourhood (or all of them), counted by the database.

What counts, for every figure:
- The period is a run of whole local days (Europe/Stockholm), both ends included. An event belongs to it when
  it *starts* on one of those days: 00:30 on the first day and 23:30 on the last day are inside, whatever the
  date in UTC.
- An event counts only when it was HELD (its closing report is written). Drafts, published events that have
  not been reported, and cancelled events never count, not even with co-hosts.
- With a neighbourhood chosen: events of that neighbourhood, answers to proposals of that neighbourhood,
  contributions made there, initiatives linked to it.

Every figure is an aggregate (COUNT DISTINCT over a UNION, SUM, GROUP BY) computed by the database; no rows are
loaded into Python. The number of statements is the same whatever the amount of data.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Float, and_, case, cast, exists, extract, func, literal, literal_column, select, union_all
from sqlalchemy.sql.elements import ColumnElement

from dialogue.attendance.models import ClosingReport, WalkIn, closing_report_organisations
from dialogue.contributions.models import Answer, Channel, Contribution, ContributionKind, Theme
from dialogue.events.models import Event, EventKind, EventStatus, event_cohosts
from dialogue.extensions import db
from dialogue.initiatives.models import (
    Initiative,
    InitiativeKind,
    InitiativeStatus,
    initiative_neighbourhoods,
    initiative_partners,
)
from dialogue.local_time import local_midnight_utc
from dialogue.organisations.models import Organisation, OrganisationKind
from dialogue.registrations.models import Registration, RegistrationStatus

SECONDS_PER_DAY = 86_400
TESTED_STATUSES = (InitiativeStatus.TESTED, InitiativeStatus.SPREAD)


@dataclass(frozen=True)
class Period:
    """Local days `first_day` to `last_day`, both included; `neighbourhood_id` None means every neighbourhood."""

    first_day: date
    last_day: date
    neighbourhood_id: int | None = None

    @property
    def starts_at(self) -> datetime:
        return local_midnight_utc(self.first_day)

    @property
    def ends_before(self) -> datetime:
        return local_midnight_utc(self.last_day + timedelta(days=1))


# --- The records the figures count (shared with the lists behind the figures) ---------------------------------


def started_in(column, period: Period) -> list[ColumnElement]:
    return [column >= period.starts_at, column < period.ends_before]


def held_event_conditions(period: Period) -> list[ColumnElement]:
    """Held events that started in the period (and in the neighbourhood)."""
    # The status as a literal, as in the partial index over held events (ix_events_held_starts).
    conditions = [Event.status == literal_column(f"'{EventStatus.HELD.value}'"), *started_in(Event.starts_at, period)]
    if period.neighbourhood_id is not None:
        conditions.append(Event.neighbourhood_id == period.neighbourhood_id)
    return conditions


def has_cohost() -> ColumnElement:
    return exists().where(event_cohosts.c.event_id == Event.id)


def people_at_door() -> ColumnElement:
    """People of checked-in confirmed registrations (adults and children) plus walk-ins, for the current event:
    what the closing report suggests as its attendee count."""
    registered = select(func.coalesce(func.sum(Registration.adults + Registration.children), 0)).where(
        Registration.event_id == Event.id,
        Registration.status == RegistrationStatus.CONFIRMED,
        Registration.checked_in_at.is_not(None),
    )
    walked_in = select(func.coalesce(func.sum(WalkIn.party_size), 0)).where(WalkIn.event_id == Event.id)
    return registered.scalar_subquery() + walked_in.scalar_subquery()


def people_reached_of_event() -> ColumnElement:
    """The closing report's attendee count; for a held event without one, the count at the door.

    The report's number wins because staff write it after the event: it starts as checked-in plus walk-ins,
    and they correct it for people the door missed (children who ran in, a crowd at an exhibition). Needs
    closing_reports outer-joined to events.
    """
    return func.coalesce(ClosingReport.attendees, people_at_door())


def participations(period: Period):
    """One row per way an organisation took part, columns (organisation_id, cohosted, attended, answered):
    co-hosted a held event, was named in a held event's closing report, or answered a proposal in the period.
    A UNION ALL, so that the list behind the figure can say how often; the figures count distinct ids."""
    held = held_event_conditions(period)
    cohosted = (
        select(
            event_cohosts.c.organisation_id.label("organisation_id"),
            literal(1).label("cohosted"),
            literal(0).label("attended"),
            literal(0).label("answered"),
        )
        .join(Event, Event.id == event_cohosts.c.event_id)
        .where(*held)
    )
    attended = (
        select(closing_report_organisations.c.organisation_id, literal(0), literal(1), literal(0))
        .join(Event, Event.id == closing_report_organisations.c.event_id)
        .where(*held)
    )
    answered = select(Answer.organisation_id, literal(0), literal(0), literal(1)).where(
        Answer.organisation_id.is_not(None), *started_in(Answer.created_at, period)
    )
    if period.neighbourhood_id is not None:  # the proposal's neighbourhood
        answered = answered.join(Contribution, Contribution.id == Answer.contribution_id).where(
            Contribution.neighbourhood_id == period.neighbourhood_id
        )
    return union_all(cohosted, attended, answered).subquery("participations")


def initiative_conditions(period: Period, kind: InitiativeKind) -> list[ColumnElement]:
    """Initiatives of `kind`, tested or spread, first tried out (tested_on) on a day of the period; with a
    neighbourhood chosen, linked to it. Innovations also need a property owner among their partners."""
    conditions = [
        Initiative.kind == kind,
        Initiative.status.in_(TESTED_STATUSES),
        Initiative.tested_on >= period.first_day,
        Initiative.tested_on <= period.last_day,
    ]
    if kind == InitiativeKind.INNOVATION:
        conditions.append(
            exists()
            .where(
                initiative_partners.c.initiative_id == Initiative.id,
                initiative_partners.c.organisation_id == Organisation.id,
                Organisation.kind == OrganisationKind.PROPERTY_OWNER,
            )
            .correlate(Initiative)
        )
    if period.neighbourhood_id is not None:
        conditions.append(
            exists().where(
                initiative_neighbourhoods.c.initiative_id == Initiative.id,
                initiative_neighbourhoods.c.neighbourhood_id == period.neighbourhood_id,
            )
        )
    return conditions


def contribution_conditions(period: Period) -> list[ColumnElement]:
    """Contributions (proposals and feedback) made in the period, except hidden ones (moderated away) and
    duplicates merged into another proposal (they count once, through the proposal they joined)."""
    conditions = [
        *started_in(Contribution.created_at, period),
        Contribution.hidden_at.is_(None),
        Contribution.merged_into_id.is_(None),
    ]
    if period.neighbourhood_id is not None:
        conditions.append(Contribution.neighbourhood_id == period.neighbourhood_id)
    return conditions


def proposal_conditions(period: Period) -> list[ColumnElement]:
    return [*contribution_conditions(period), Contribution.kind == ContributionKind.PROPOSAL]


# --- The figures -------------------------------------------------------------------------------------------------


@dataclass
class ProposalAnswers:
    """Proposals made in the period, how many have been answered by now, and the median time to the first
    answer in days (None when none is answered)."""

    proposals: int
    answered: int
    median_days: float | None

    @property
    def share(self) -> float | None:
        return self.answered / self.proposals if self.proposals else None


@dataclass
class Indicators:
    """The figures of the report for `period`. "Held event" below always means: status held, started on a local
    day of the period, in the chosen neighbourhood if one is chosen.

    1. property_owners: distinct organisations of kind property owner that co-hosted a held event
       (event_cohosts), were named in a held event's closing report (closing_report_organisations), or answered
       a proposal (answers.organisation_id) with an answer written in the period, to a proposal of the chosen
       neighbourhood. An organisation active many times counts once.
    2. organisations: the same, organisations of any kind.
    3. collaboration_meetings: held events with at least one co-hosting organisation.
    4. inclusive_activities: held events with inclusive_method set.
    5. innovations: initiatives of kind innovation with at least one partner of kind property owner, status
       tested or spread, tested_on a day of the period (and linked to the chosen neighbourhood).
    6. learning_formats: initiatives of kind learning format, status tested or spread, tested_on a day of the
       period (and linked to the chosen neighbourhood).
    Beside them:
    - people_reached: the sum over held events of the closing report's attendees; for a held event without a
      report, its people at the door (see people_reached_of_event for why the report wins).
    - held_events_per_kind: held events counted per kind (every kind present, zeros included).
    - contributions_per_channel / contributions_per_theme (None: without a theme): contributions created in the
      period in the neighbourhood, without hidden ones and without duplicates merged into another proposal.
    - proposal_answers: of those contributions the proposals, how many have a first answer by now, and the
      median days from proposal to first answer (see proposal_answers).
    """

    period: Period
    property_owners: int
    organisations: int
    collaboration_meetings: int
    inclusive_activities: int
    innovations: int
    learning_formats: int
    people_reached: int
    held_events_per_kind: dict[EventKind, int] = field(default_factory=dict)
    contributions_per_channel: dict[Channel, int] = field(default_factory=dict)
    contributions_per_theme: dict[Theme | None, int] = field(default_factory=dict)
    proposal_answers: ProposalAnswers = field(default_factory=lambda: ProposalAnswers(0, 0, None))

    @property
    def held_events(self) -> int:
        return sum(self.held_events_per_kind.values())

    @property
    def contributions(self) -> int:
        return sum(self.contributions_per_channel.values())


def _count_if(condition) -> ColumnElement:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def organisation_counts(period: Period) -> tuple[int, int]:
    """(property owners, organisations of any kind) that took part: each counted once however often, as the
    organisations among those that took part (a semi-join), without sorting every way they took part."""
    taking_part = participations(period)
    row = db.session.execute(
        select(func.count(), _count_if(Organisation.kind == OrganisationKind.PROPERTY_OWNER)).where(
            Organisation.id.in_(select(taking_part.c.organisation_id))
        )
    ).one()
    return int(row[1]), int(row[0])


@dataclass
class _EventFigures:
    per_kind: dict[EventKind, int]
    collaboration: int
    inclusive: int
    people: int


def event_figures(period: Period) -> _EventFigures:
    """Held events per kind, with those in collaboration, those with inclusive methods and the people reached:
    one GROUP BY over the period's held events."""
    rows = db.session.execute(
        select(
            Event.kind,
            func.count(),
            _count_if(has_cohost()),
            _count_if(Event.inclusive_method.is_(True)),
            func.coalesce(func.sum(people_reached_of_event()), 0),
        )
        .select_from(Event)
        .outerjoin(ClosingReport, ClosingReport.event_id == Event.id)
        .where(*held_event_conditions(period))
        .group_by(Event.kind)
    ).all()
    found = {kind: (held, collaboration, inclusive, people) for kind, held, collaboration, inclusive, people in rows}
    # At most one row per kind: adding up these few aggregates is not a loop over events.
    return _EventFigures(
        per_kind={kind: int(found.get(kind, (0,))[0]) for kind in EventKind},
        collaboration=int(sum(values[1] for values in found.values())),
        inclusive=int(sum(values[2] for values in found.values())),
        people=int(sum(values[3] for values in found.values())),
    )


def initiative_counts(period: Period) -> tuple[int, int]:
    """(innovations with property owners, tested learning formats)."""
    innovations = and_(*initiative_conditions(period, InitiativeKind.INNOVATION))
    formats = and_(*initiative_conditions(period, InitiativeKind.LEARNING_FORMAT))
    row = db.session.execute(
        select(_count_if(innovations), _count_if(formats))
        .select_from(Initiative)
        .where(Initiative.status.in_(TESTED_STATUSES), Initiative.tested_on.between(period.first_day, period.last_day))
    ).one()
    return int(row[0]), int(row[1])


def contributions_per_channel_and_theme(period: Period) -> tuple[dict, dict]:
    """(contributions per channel, per theme) in one pass over the period's contributions, which the covering index
    ix_contributions_counted answers without reading the rows: the database counts each pair of channel and theme
    (at most a few dozen rows), and adding those up per channel and per theme is not a loop over contributions."""
    rows = db.session.execute(
        select(Contribution.channel, Contribution.theme, func.count())
        .where(*contribution_conditions(period))
        .group_by(Contribution.channel, Contribution.theme)
    ).all()
    per_channel, per_theme = Counter(), Counter()
    for channel, theme, count in rows:
        per_channel[channel] += int(count)
        per_theme[theme] += int(count)
    return per_channel, per_theme


def proposal_answers(period: Period) -> ProposalAnswers:
    """Share answered and the median days from proposal to first answer, both computed by the database:
    percentile_cont on PostgreSQL; on SQLite, which has no percentile function, the middle one or two values
    of the sorted durations, fetched with LIMIT/OFFSET from the count."""
    conditions = proposal_conditions(period)
    if db.session.get_bind().dialect.name == "postgresql":
        days = cast(extract("epoch", Contribution.first_answered_at - Contribution.created_at), Float) / SECONDS_PER_DAY
        proposals, answered, median = db.session.execute(
            select(
                func.count(), func.count(Contribution.first_answered_at), func.percentile_cont(0.5).within_group(days)
            ).where(*conditions)
        ).one()
        return ProposalAnswers(int(proposals), int(answered), float(median) if median is not None else None)

    proposals, answered = db.session.execute(
        select(func.count(), func.count(Contribution.first_answered_at)).where(*conditions)
    ).one()
    median = None
    if answered:
        days = (func.julianday(Contribution.first_answered_at) - func.julianday(Contribution.created_at)).label("days")
        middle = (
            select(days)
            .where(*conditions, Contribution.first_answered_at.is_not(None))
            .order_by(days)
            .limit(2 - answered % 2)
            .offset((answered - 1) // 2)
            .subquery()
        )
        median = float(db.session.scalar(select(func.avg(middle.c.days))))
    return ProposalAnswers(int(proposals), int(answered), median)


def compute_indicators(period: Period) -> Indicators:
    """Every figure of the report, in six statements at most (five on PostgreSQL), whatever the amount of data.
    The page, the CSV, the XLSX and the benchmark use this; the lists behind the figures use the same conditions."""
    property_owners, organisations = organisation_counts(period)
    events = event_figures(period)
    innovations, learning_formats = initiative_counts(period)
    per_channel, per_theme = contributions_per_channel_and_theme(period)
    return Indicators(
        period=period,
        property_owners=property_owners,
        organisations=organisations,
        collaboration_meetings=events.collaboration,
        inclusive_activities=events.inclusive,
        innovations=innovations,
        learning_formats=learning_formats,
        people_reached=events.people,
        held_events_per_kind=events.per_kind,
        contributions_per_channel={channel: per_channel.get(channel, 0) for channel in Channel},
        contributions_per_theme={**{theme: per_theme.get(theme, 0) for theme in Theme}, None: per_theme.get(None, 0)},
        proposal_answers=proposal_answers(period),
    )
