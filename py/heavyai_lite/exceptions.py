"""DB-API 2.0 (PEP 249) exception hierarchy."""


class Warning(Exception):  # noqa: A001 - name required by PEP 249
    """Important warnings (unused by this client, defined for DB-API)."""


class Error(Exception):
    """Base class of every error raised by heavyai_lite."""


class InterfaceError(Error):
    """Misuse of the client itself (no session available, closed cursor...)."""


class DatabaseError(Error):
    """The HeavyDB server rejected a request (a Thrift ``TDBException``).

    ``error_msg`` holds the server's message verbatim.
    """

    def __init__(self, error_msg, method=None):
        super().__init__(error_msg)
        self.error_msg = error_msg
        self.method = method


class DataError(DatabaseError):
    pass


class OperationalError(DatabaseError):
    """The server could not be reached or answered with an HTTP/protocol error."""

    def __init__(self, message, url=None, status=None):
        super().__init__(message)
        self.url = url
        self.status = status


class IntegrityError(DatabaseError):
    pass


class InternalError(DatabaseError):
    pass


class ProgrammingError(DatabaseError):
    pass


class NotSupportedError(DatabaseError):
    pass
