"""Typed exceptions.  The command line turns each into a one-line message."""

from __future__ import annotations


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
