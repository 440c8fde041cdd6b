"""Typed exceptions.  The command line turns each into a one-line message."""

from __future__ import annotations

import errno


class OcrfixError(Exception):
    """Base class of every error ocrfix raises on purpose."""


class InputError(OcrfixError):
    """The input cannot be cleaned (the message says why)."""


class BinaryInputError(InputError):
    """The input is not text: NUL bytes, or the signature of a known binary format."""


class DecodingError(InputError):
    """The bytes cannot be decoded in the requested or any plausible encoding."""


class EmptyInputError(InputError):
    """The input is empty or holds only whitespace."""


class InputTooLargeError(InputError):
    """The input exceeds the configured size limit."""


class OutputError(OcrfixError):
    """An output cannot be written where asked (exists, or is the input itself)."""


class Interrupted(KeyboardInterrupt):
    """A signal other than Ctrl-C (SIGTERM) asked ocrfix to stop.

    A :class:`KeyboardInterrupt`, so that every clean-up made for Ctrl-C (a
    temporary file removed, a pool stopped) runs for it too; the command line
    exits with ``128 + signum`` (143 for SIGTERM), as a shell reports a
    process killed by that signal.

    >>> import signal
    >>> Interrupted(signal.SIGTERM).exit_code
    143
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = int(signum)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


#: ``errno`` values of failures that may pass when tried again: I/O errors and
#: timeouts of network file systems, busy or interrupted calls.  A missing,
#: unreadable or undecodable file is bad input and is never retried.
TRANSIENT_ERRNOS = frozenset(
    getattr(errno, name) for name in (
        "EIO", "EAGAIN", "EINTR", "EBUSY", "ESTALE", "ETIMEDOUT", "ENETDOWN",
        "ENETUNREACH", "ENETRESET", "ECONNABORTED", "ECONNRESET", "ECONNREFUSED",
        "EHOSTDOWN", "EHOSTUNREACH", "ENOLINK", "ECOMM", "EREMOTEIO")
    if hasattr(errno, name))


def is_transient(exc: BaseException) -> bool:
    """Whether ``exc``, or an error it was raised from, may pass if tried again.

    Typed errors keep the ``OSError`` they replace as their context, so a read
    that failed with ``EIO`` on a network share is transient:

    >>> try:
    ...     try:
    ...         raise OSError(errno.EIO, "Input/output error")
    ...     except OSError:
    ...         raise InputError("cannot read: Input/output error") from None
    ... except InputError as e:
    ...     is_transient(e)
    True
    >>> is_transient(InputError("empty file")), is_transient(FileNotFoundError(errno.ENOENT, "x"))
    (False, False)
    """
    seen: set[int] = set()
    stack: list[BaseException | None] = [exc]
    while stack:
        e = stack.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, TimeoutError) or (isinstance(e, OSError) and e.errno in TRANSIENT_ERRNOS):
            return True
        stack += [e.__cause__, e.__context__]
    return False
