"""Named errors. The CLI turns each into one line on stderr and an exit code."""

from __future__ import annotations


class PhytokgError(Exception):
    """Base class: a user-facing problem with a one-line message."""

    exit_code = 1


class InputError(PhytokgError):
    """A path that does not exist, an empty corpus, an unreadable document."""

    exit_code = 2


class GraphFileError(PhytokgError):
    """A graph file that does not exist or does not parse."""

    exit_code = 3


class QueryError(PhytokgError):
    """A SPARQL query that does not parse or fails to run."""

    exit_code = 4


class FormatError(PhytokgError):
    """An unknown export or result format."""

    exit_code = 5


class OntologyError(PhytokgError):
    """The ontology folder is missing or one of its files is malformed."""

    exit_code = 6


class StoreLockedError(PhytokgError):
    """Another process is writing to the same persistent store."""

    exit_code = 7


class ValidationFailed(PhytokgError):
    """The graph does not conform to the SHACL shapes."""

    exit_code = 8


class ServerError(PhytokgError):
    """The SPARQL server cannot be started, or an endpoint refuses a request."""

    exit_code = 9
