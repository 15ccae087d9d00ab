"""The warning that an unused account will be deleted, in the account's language, queued in the purge's
transaction."""

from datetime import date

from flask_babel import gettext as _

from dialogue.accounts.models import User
from dialogue.outbox.links import public_request_context, public_url
from dialogue.outbox.messages import Message, in_language, queue, render
from dialogue.outbox.models import OutboxMessage

UNUSED_ACCOUNT_WARNING = "unused_account_warning"


def unused_account_warning(user: User, deleted_on: date) -> OutboxMessage | None:
    """Once per warning: a second purge on the same day queues nothing more."""
    with public_request_context(), in_language(user.preferred_language) as language:
        subject = _("Your account on Dialogue will be deleted")
        login_url = public_url("accounts.login")
        privacy_url = public_url("privacy.page")
        text, html = render(
            UNUSED_ACCOUNT_WARNING,
            language,
            subject,
            user=user,
            login_url=login_url,
            privacy_url=privacy_url,
            deleted_on=deleted_on,
        )
    message = Message(UNUSED_ACCOUNT_WARNING, language, user.email, user.name, subject, text, html)
    return queue(message, dedupe_key=f"{UNUSED_ACCOUNT_WARNING}:{user.id}:{deleted_on.isoformat()}")
