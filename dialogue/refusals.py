"""The one kind of error a rule raises when it stops a change.

Every domain's rule errors derive from Refusal. A view catches it, rolls back and shows `message` next to the
form field named by `field` (dialogue.forms.show_refusal), or above the form when `field` is None;
dialogue.forms.commit_change does all of that for a view.
"""


class Refusal(Exception):
    """A rule stopped the change; `message` is for the person, `field` names the form field it concerns."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class Forbidden(Refusal):
    """The acting user may not make this change at all: a view answers 403."""
