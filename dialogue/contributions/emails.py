"""The email to a proposer when their proposal is answered, queued in the answering transaction."""

from flask_babel import gettext as _

from dialogue.contributions.models import Answer, Contribution
from dialogue.outbox.links import links_available
from dialogue.outbox.messages import Message, in_language, link, queue, render
from dialogue.outbox.models import OutboxMessage

PROPOSAL_STATUS_CHANGED = "proposal_status_changed"


def proposal_status_changed(proposal: Contribution, answer: Answer) -> OutboxMessage | None:
    """Tell the proposer who left an email address about the answer (also a progress update in the same
    status: it is news to them)."""
    if not proposal.contact_email:
        return None
    with links_available(), in_language(proposal.language) as language:
        subject = _("An answer to your proposal: %(title)s", title=proposal.title)
        text, html = render(
            PROPOSAL_STATUS_CHANGED,
            language,
            subject,
            proposal=proposal,
            answer=answer,
            proposal_url=link("contributions.show_proposal", proposal_id=proposal.id),
        )
    message = Message(PROPOSAL_STATUS_CHANGED, language, proposal.contact_email, "", subject, text, html)
    return queue(message, dedupe_key=f"answer:{answer.id}")
