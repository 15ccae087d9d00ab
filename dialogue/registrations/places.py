"""Taking a registration's places on PostgreSQL: the statement that takes the event's row lock writes the
registration too, so that the lock is held for one statement and the commit.

During a burst of sign-ups for one event every registration queues for the event's row lock, and whatever one does
while it holds the lock, all the others wait for. So the registration is checked and its email written before
(dialogue.registrations.services), and then one statement takes the lock and the places, or a place in the queue,
inserts the registration with its children and access needs, and queues its email; the commit follows. A place in
the queue is the event's `waitlist_length` once the statement has raised it: a count of the waiting registrations
would not do, since a statement that waited for the lock still reads the other tables as they were when it began
(PostgreSQL's READ COMMITTED), and the ones that joined the queue meanwhile would be missing.

The statement takes the lock, and writes, only while the event is as it was read (the same revision: time, place
and status; still open for registration) and the outcome is the one the email was written for: confirmed when the
party's places fit, waiting when they do not and the event has a waiting list. Otherwise it changes nothing and
takes no lock, and the caller reads the event again or locks it and decides there. The registration's id is drawn
under the lock, so ids are the order of sign-up.
"""

from datetime import datetime
from functools import lru_cache

from sqlalchemy import CTE, ColumnElement, Select, bindparam, insert, inspect, or_, select, update
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from dialogue.outbox.messages import Message, values_for_statement
from dialogue.outbox.queue import insert_with
from dialogue.registrations.models import Registration, RegistrationAccessNeed, RegistrationChild

_events = Event.__table__
_registrations = Registration.__table__
_children = RegistrationChild.__table__
_access_needs = RegistrationAccessNeed.__table__
# The registration's columns as its INSERT writes them: every one but the id, which the sequence draws.
_COLUMNS = [attribute for attribute in inspect(Registration).column_attrs if attribute.key != "id"]


def confirm_as_read(event: Event, registration: Registration, confirmation: Message, now: datetime) -> bool:
    """Take the party's places and the event's lock, insert the confirmed `registration` and queue `confirmation`,
    in one statement; False when the event is no longer as read or the places do not fit, and nothing changed."""
    statement = _confirming(*_shape(registration), len(confirmation.attachments))
    row = db.session.execute(statement, _values(event, registration, confirmation, now)).one_or_none()
    if row is None:
        return False
    _persisted(registration, row.id)
    set_committed_value(event, "places_taken", row.places_taken)
    set_committed_value(event, "updated_at", now)
    return True


def wait_as_read(event: Event, registration: Registration, notice: Message, now: datetime) -> int | None:
    """Join the waiting list and take the event's lock, insert the waiting `registration` and queue `notice` with
    its place in the queue, in one statement; the place, or None when the event is no longer as read, the party's
    places fit or there is no waiting list, and nothing changed."""
    statement = _waiting(*_shape(registration), len(notice.attachments))
    row = db.session.execute(statement, _values(event, registration, notice, now)).one_or_none()
    if row is None:
        return None
    _persisted(registration, row.id)
    set_committed_value(event, "places_taken", row.places_taken)
    set_committed_value(event, "waitlist_length", row.waitlist_length)
    set_committed_value(event, "updated_at", now)
    return row.waitlist_length


# The statements, built once for each shape (how many children, access needs and attachments) and executed with
# the values of each registration. No parameter is named like a column of events: an UPDATE would take it as a value
# to set.


@lru_cache(maxsize=256)
def _confirming(children: int, access_needs: int, attachments: int) -> Select:
    taken = (
        update(_events)
        .where(
            *_open_as_read(), or_(_events.c.capacity.is_(None), _events.c.places_taken + _party() <= _events.c.capacity)
        )
        .values(
            places_taken=_events.c.places_taken + _party(),
            updated_at=bindparam("read_now", type_=_events.c.updated_at.type),
        )
        .returning(_events.c.id, _events.c.places_taken)
        .cte("taken")
    )
    registered, details = _insert(taken, children, access_needs)
    return (
        select(registered.c.id, taken.c.places_taken)
        .join_from(registered, taken, registered.c.event_id == taken.c.id)
        .add_cte(*details, *insert_with(registered, attachments))
    )


@lru_cache(maxsize=256)
def _waiting(children: int, access_needs: int, attachments: int) -> Select:
    joined = (
        update(_events)
        .where(
            *_open_as_read(),
            _events.c.waitlist_enabled.is_(True),
            _events.c.capacity.is_not(None),
            _events.c.places_taken + _party() > _events.c.capacity,
        )
        .values(
            waitlist_length=_events.c.waitlist_length + 1,
            updated_at=bindparam("read_now", type_=_events.c.updated_at.type),
        )
        .returning(_events.c.id, _events.c.places_taken, _events.c.waitlist_length)
        .cte("joined")
    )
    registered, details = _insert(joined, children, access_needs)
    return (
        select(registered.c.id, joined.c.places_taken, joined.c.waitlist_length)
        .join_from(registered, joined, registered.c.event_id == joined.c.id)
        .add_cte(*details, *insert_with(joined, attachments, fill_in=joined.c.waitlist_length))
    )


def _party() -> ColumnElement:
    return bindparam("read_party", type_=_events.c.places_taken.type)


def _open_as_read() -> list[ColumnElement[bool]]:
    """The event as it was read (its revision), and still open for registration at `now`."""
    now = bindparam("read_now", type_=_events.c.starts_at.type)
    return [
        _events.c.id == bindparam("read_event_id", type_=_events.c.id.type),
        _events.c.revision == bindparam("read_revision", type_=_events.c.revision.type),
        _events.c.status == EventStatus.PUBLISHED,
        _events.c.starts_at > now,
        or_(_events.c.registration_opens_at.is_(None), _events.c.registration_opens_at <= now),
        or_(_events.c.registration_closes_at.is_(None), _events.c.registration_closes_at > now),
    ]


def _insert(source: CTE, children: int, access_needs: int) -> tuple[CTE, list[CTE]]:
    """The registration's INSERT, once for each row of `source`, and the INSERTs of its children and access needs."""
    values = {
        attribute.columns[0].name: bindparam(f"new_{attribute.key}", type_=attribute.columns[0].type)
        for attribute in _COLUMNS
    }
    registered = (
        insert(_registrations)
        .from_select(list(values), select(*values.values()).select_from(source))
        .returning(_registrations.c.id, _registrations.c.event_id)
        .cte("registered")
    )
    details = []
    for position in range(1, children + 1):
        child = {"registration_id": registered.c.id} | {
            name: bindparam(f"child_{position}_{name}", type_=_children.c[name].type)
            for name in ("position", "first_name", "age")
        }
        details.append(insert(_children).from_select(list(child), select(*child.values())).cte(f"child_{position}"))
    for number in range(1, access_needs + 1):
        need = {
            "registration_id": registered.c.id,
            "need": bindparam(f"access_need_{number}", type_=_access_needs.c.need.type),
        }
        details.append(
            insert(_access_needs).from_select(list(need), select(*need.values())).cte(f"access_need_{number}")
        )
    return registered, details


def _shape(registration: Registration) -> tuple[int, int]:
    return len(registration.child_details), len(registration.access_needs)


def _values(event: Event, registration: Registration, message: Message, now: datetime) -> dict:
    values = {
        "read_event_id": event.id,
        "read_revision": event.revision,
        "read_now": now,
        "read_party": registration.adults + registration.children,
    }
    values |= {f"new_{attribute.key}": getattr(registration, attribute.key) for attribute in _COLUMNS}
    for child in registration.child_details:
        values |= {f"child_{child.position}_{name}": getattr(child, name) for name in ("position", "first_name", "age")}
    for number, need in enumerate(registration.access_needs, start=1):
        values[f"access_need_{number}"] = need.need
    return values | values_for_statement(message)


def _persisted(registration: Registration, registration_id: int) -> None:
    """The session takes the inserted registration, its children and needs as rows it has read: nothing to flush."""
    registration.id = registration_id
    for detail in (*registration.child_details, *registration.access_needs):
        detail.registration_id = registration_id
        make_transient_to_detached(detail)
    make_transient_to_detached(registration)
    db.session.add(registration)
