"""Diagnostics: problems found in a site's files, as data, printed as `path:line:col: severity: msg`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from .model import Location


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One problem, sortable by file, line and column."""

    location: Location
    severity: Severity
    message: str

    def __str__(self) -> str:
        return format_diagnostic(self)


def format_diagnostic(diagnostic: Diagnostic) -> str:
    where = diagnostic.location
    parts = [where.path]
    if where.line:
        parts.append(str(where.line))
        if where.column:
            parts.append(str(where.column))
    return f"{':'.join(parts)}: {diagnostic.severity.value}: {diagnostic.message}"


def error(location: Location, message: str) -> Diagnostic:
    return Diagnostic(location, Severity.ERROR, message)


def warning(location: Location, message: str) -> Diagnostic:
    return Diagnostic(location, Severity.WARNING, message)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` suffix naming the closest choice, or an empty string."""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class SiteError(Exception):
    """A build that cannot go on; carries every diagnostic found so far."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} problem(s)")
        self.diagnostics = diagnostics
