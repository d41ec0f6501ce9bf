"""Writes of the step plan: one transaction and one audit event per change."""


class WorkflowError(Exception):
    """A change was refused; `.errors` says why, one message per problem. Nothing was written."""

    def __init__(self, errors: list[str]):
        self.errors = [str(error) for error in errors]
        super().__init__("\n".join(self.errors))
