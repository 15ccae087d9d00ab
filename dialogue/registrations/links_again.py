"""Sending someone their registration links again: a guest who lost the email with the manage link types their
address on the event's page.

The page answers the same whether or not the address is registered, so nobody learns who is registered for an
event. When it is, every active registration of the address for that event gets a new manage link by email, and
the old link stops working: only its hash was stored, so the old secret cannot be sent again, and a link that
someone else may have seen is retired with it. The address's owner is the only one who receives the new one.
"""

from sqlalchemy import select

from dialogue.accounts.models import normalise_email
from dialogue.extensions import db
from dialogue.registrations import emails
from dialogue.registrations.models import Registration, RegistrationStatus, new_manage_token


def send_links_again(event_id: int, email: str) -> int:
    """Give each active registration of `email` for the event a new manage link and queue an email with it;
    returns how many, which the caller must not show (the answer is the same for every address)."""
    registrations = db.session.scalars(
        select(Registration)
        .where(
            Registration.event_id == event_id,
            Registration.email == normalise_email(email),
            Registration.status != RegistrationStatus.CANCELLED,
            Registration.anonymised_at.is_(None),
        )
        .order_by(Registration.id)
    ).all()
    for registration in registrations:
        token, registration.manage_token_hash = new_manage_token()
        emails.registration_links_again(registration, token)
    db.session.flush()
    return len(registrations)
