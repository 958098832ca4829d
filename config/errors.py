"""The one error type services raise when a rule refuses an action."""


class DomainError(Exception):
    """A rule refused the action. `messages` are translated sentences for the user, each naming
    the field or row and the reason; `field` is set when one form field is at fault."""

    def __init__(self, *messages, field: str | None = None):
        self.messages = [str(m) for m in messages]
        self.field = field
        super().__init__("; ".join(self.messages))
