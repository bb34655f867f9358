"""The one error hierarchy of warreport.

Every error the package raises on purpose derives from :class:`WarreportError`.
Errors carry an exit code; only the edges (the CLI and the API's exception
handler) turn them into one-line messages, exit codes or HTTP statuses.
"""

from __future__ import annotations


class WarreportError(Exception):
    """Root of all warreport errors."""

    exit_code: int = 1
    http_status: int = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigError(WarreportError):
    """A setting has an invalid value or the config file is broken."""

    exit_code = 2
    http_status = 500


class InputError(WarreportError):
    """The input cannot be used: empty, binary, too large, undecodable, malformed."""

    exit_code = 3
    http_status = 422


class EmptyInputError(InputError):
    """The page or record holds no text."""


class BinaryInputError(InputError):
    """The bytes are not text (an image, an archive, a PDF, ...)."""


class TooLargeError(InputError):
    """The input exceeds the configured size cap."""

    http_status = 413


class EncodingError(InputError):
    """The bytes cannot be decoded as text in any plausible encoding."""


class FetchError(WarreportError):
    """A URL could not be fetched (network error, HTTP error, timeout)."""

    exit_code = 4
    http_status = 502


class UnsafeURLError(FetchError):
    """A URL points to a private, loopback or link-local address, or has a bad scheme."""

    exit_code = 5
    http_status = 422


class NotFoundError(WarreportError):
    """A named thing (document, event, place, subscription) does not exist."""

    exit_code = 6
    http_status = 404


class StoreError(WarreportError):
    """The database cannot be opened, migrated or written."""

    exit_code = 7
    http_status = 503


class GazetteerError(WarreportError):
    """The gazetteer is missing, corrupt, or cannot be built."""

    exit_code = 8
    http_status = 500


class ModelError(WarreportError):
    """A shipped NLP model or data file is missing or unusable."""

    exit_code = 9
    http_status = 500


class AuthError(WarreportError):
    """A write was attempted without a valid API token."""

    exit_code = 10
    http_status = 401


class RateLimitError(WarreportError):
    """Too many writes from one client."""

    exit_code = 11
    http_status = 429
