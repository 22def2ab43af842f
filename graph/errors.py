"""Named errors. The CLI turns each into one line on stderr and an exit code.

Exit codes (README, "Exit codes"): 0 success; 1 another error (an I/O error, a bug);
2 a usage error found by the command-line parser (unknown option, missing argument);
3 graph file; 4 query; 5 format; 6 ontology; 7 store locked; 8 validation failed;
9 server (serve, push); 10 input (a missing or unreadable document, a bad option value);
130 interrupted. Each code is one kind of problem: 2 stays Click's.
"""

from __future__ import annotations


class PhytokgError(Exception):
    """Base class: a user-facing problem with a one-line message."""

    exit_code = 1


class InputError(PhytokgError):
    """A path that does not exist, an empty corpus, an unreadable document, a bad value."""

    exit_code = 10


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
