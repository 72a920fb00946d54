"""One family of errors for everything a caller of the core (window, command line, a
user's script) can be told: the message is a sentence for people, never a traceback.

`Desk` turns the core modules' own errors (LabelError, StoreError, ExportError,
EvidenceError, the verdict and stance checks' ValueError) into these, keeping the cause.
"""

from __future__ import annotations


class DeskError(Exception):
    """Something that can't be done as asked; str(error) says what and why."""


class NotFound(DeskError):
    """An article, claim or source that does not exist (any more)."""


class InvalidInput(DeskError):
    """A value the core refuses: unknown verdict or stance, a span outside the text, a bad
    URL, an empty annotator name..."""


class StorageError(DeskError):
    """The database can't be opened, read or written (read-only, full, locked, gone)."""


class ExportFailed(DeskError):
    """An export target or option the core refuses."""


class BadExportTarget(ExportFailed):
    """The output path itself is wrong (a folder, a device, the database, no name): refused
    before anything is read or written, so the command line calls it a usage error."""


class NlpUnavailable(DeskError):
    """Suggestions or evidence need a spaCy model that is not installed."""
