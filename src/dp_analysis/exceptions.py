"""The project's own exceptions and warnings.

Every message is written for an analyst: it names the file, the row and the
column where it can, and says what was expected.
"""

from __future__ import annotations


class DPAnalysisError(Exception):
    """Base class of every error dp-analysis raises on purpose."""


class DataValidationError(DPAnalysisError):
    """A source failed validation at the loading border.

    ``problems`` holds one :class:`Problem` per finding, so that callers (the
    command line, a dashboard) can show all of them, not only the first.
    """

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        lines = [f"{source}: {len(problems)} problem(s) found"]
        lines += [f"  - {problem}" for problem in problems[:20]]
        if len(problems) > 20:
            lines.append(f"  ... and {len(problems) - 20} more")
        super().__init__("\n".join(lines))


class Problem:
    """One finding: where it is and what was expected there."""

    __slots__ = ("column", "message", "reason", "row")

    def __init__(
        self,
        reason: str,
        message: str,
        row: int | None = None,
        column: str | None = None,
    ):
        self.reason = reason
        self.message = message
        self.row = row
        self.column = column

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message

    def __repr__(self) -> str:
        return f"Problem({self.reason!r}, {str(self)!r})"


class ScenarioError(DPAnalysisError):
    """A scenario file is missing a key or holds a value of the wrong kind."""


class PublicationError(DPAnalysisError):
    """The monthly refresh could not publish; the last site is untouched."""


class DPAnalysisWarning(UserWarning):
    """A data problem that does not stop the run but belongs in the report."""
