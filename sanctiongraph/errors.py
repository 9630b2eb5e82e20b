"""The small exception tree: every error a user can act on, printed by the CLI as one line."""

from __future__ import annotations


class SanctiongraphError(Exception):
    """Base of every error our code raises on purpose; the CLI shows it without a traceback."""


class ConfigError(SanctiongraphError):
    """A setting, option or environment variable is wrong."""


class NotFoundError(SanctiongraphError):
    """A named thing (loader, query, firm, source) does not exist."""


class SourceError(SanctiongraphError):
    """A problem with a source file, located as precisely as we can (file, record, field)."""

    def __init__(
        self,
        problem: str,
        *,
        path: str | None = None,
        line: int | None = None,
        record: str | None = None,
        field: str | None = None,
    ) -> None:
        self.problem = problem
        self.path = path
        self.line = line
        self.record = record
        self.field = field
        super().__init__(self._render())

    def _render(self) -> str:
        where = self.path or "<source>"
        if self.line is not None:
            where += f":{self.line}"
        parts = [where]
        if self.record is not None:
            parts.append(f"record {self.record}")
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        return ": ".join(parts) + f": {self.problem}"


class SourceFormatError(SourceError):
    """A structural surprise (wrong columns, truncated, wrong encoding): the whole load fails."""


class RecordError(SourceError):
    """One bad record: it is skipped and counted under its reason, the load goes on."""


class UnexpectedCountsError(SourceError):
    """A source produced far fewer or more records than its loader declares: it is probably broken."""


class StoreError(SanctiongraphError):
    """The RDF store could not be opened or written."""


class QueryError(SanctiongraphError):
    """A SPARQL or Cypher query failed or got bad parameters."""


class FetchError(SanctiongraphError):
    """Downloading a source failed."""
