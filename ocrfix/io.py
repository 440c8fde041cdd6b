"""Reading inputs and writing outputs safely.

Outputs are written to a temporary file in the destination folder, flushed
to disk, then renamed into place, so a reader never sees half a file and an
interrupted run leaves no partial output behind.  Inputs are only ever read.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .config import Config
from .errors import EmptyInputError, InputError, InputTooLargeError, OutputError
from .pipeline import Cleaned, clean_bytes

#: Suffix of the files ocrfix writes: ``scan.txt`` -> ``scan.clean.txt``.
CLEAN_SUFFIX = ".clean.txt"
#: Default largest input read in one piece (bytes).  Larger files are cleaned in
#: pieces (:mod:`ocrfix.stream`); the limit holds where a whole document must be
#: in memory: ``ocrfix diff`` and its HTML report.
DEFAULT_MAX_BYTES = 512 * 1024 * 1024


def output_path_for(path: Path) -> Path:
    """Where the cleaned text of ``path`` goes by default.

    >>> output_path_for(Path("dossier/scan.txt")).as_posix()
    'dossier/scan.clean.txt'
    >>> output_path_for(Path("notes")).as_posix()
    'notes.clean.txt'
    """
    if path.suffix == ".txt":
        return path.with_name(path.name[: -len(".txt")] + CLEAN_SUFFIX)
    return path.with_name(path.name + CLEAN_SUFFIX)


def is_clean_output(path: Path) -> bool:
    return path.name.endswith(CLEAN_SUFFIX)


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a whole input, with errors turned into :class:`InputError`."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputTooLargeError(
                f"{size / 1e6:.0f} MB is over the limit of {max_bytes / 1e6:.0f} MB")
        with path.open("rb") as f:
            return f.read()
    except InputError:
        raise
    except OSError as exc:
        raise _input_error(exc) from None


def _input_error(exc: OSError) -> InputError:
    if isinstance(exc, IsADirectoryError):
        return InputError("is a directory")
    if isinstance(exc, FileNotFoundError):
        return InputError("no such file")
    if isinstance(exc, PermissionError):
        return InputError("permission denied (cannot read)")
    return InputError(f"cannot read: {exc.strerror or exc}")


def input_size(path: Path) -> int | None:
    """The size of an input in bytes, or ``None`` when it cannot be known
    (reading it will then say why)."""
    try:
        return path.stat().st_size
    except OSError:
        return None


def open_input(path: Path) -> BinaryIO:
    """Open an input to read it in pieces (:mod:`ocrfix.stream`); errors as in
    :func:`read_bytes`.  Such inputs have no size limit."""
    try:
        f = path.open("rb")
    except OSError as exc:
        raise _input_error(exc) from None
    if not f.seekable():       # a FIFO: read it like standard input
        from .stream import spool_stdin
        with f:
            return spool_stdin(b"", f)
    return f


def clean_data(data: bytes, config: Config) -> Cleaned:
    """Clean bytes read from a file; empty or blank input is an error."""
    if not data.strip():
        raise EmptyInputError("empty file" if not data else "only whitespace")
    result = clean_bytes(data, config)
    if not result.original.strip():
        raise EmptyInputError("only whitespace")
    return result


def as_file_text(text: str) -> str:
    """The text as written to a file: ends with exactly one newline if not empty."""
    return text if not text or text.endswith("\n") else text + "\n"


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through, in pieces: a temporary file in
    the same folder, flushed, fsynced and renamed into place when the block
    ends; removed, leaving ``path`` as it was, when the block raises.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     with atomic_output(Path(d) / "out.txt") as f:
    ...         _ = f.write(b"une "); _ = f.write(b"page")
    ...     (Path(d) / "out.txt").read_text(), sorted(p.name for p in Path(d).iterdir())
    ('une page', ['out.txt'])
    """
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write in {folder}: {exc.strerror or exc}") from None
    writing = False   # an OSError of the caller's block is the caller's, not a write error
    try:
        with os.fdopen(fd, "wb") as f:
            yield _WriteErrors(f)
            writing = True
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError) and (writing or isinstance(exc, _WriteError)):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


class _WriteError(OSError):
    """An error of a write into an :func:`atomic_output` file."""


class _WriteErrors:
    """A file whose ``write`` raises :class:`_WriteError`, to tell it from an
    error of reading the input in the same block."""

    def __init__(self, f: BinaryIO):
        self._f = f

    def write(self, data: bytes) -> int:
        try:
            return self._f.write(data)
        except OSError as exc:
            raise _WriteError(exc.errno, exc.strerror) from exc

    def __getattr__(self, name: str):
        return getattr(self._f, name)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and ``os.replace``."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_output(path) as f:
        f.write(raw)


def report_json(result: Cleaned, source: str | None = None) -> str:
    """The ``--report`` file: the edits and counts of one cleaned document."""
    data = result.report()
    if source is not None:
        data = {"format": data.pop("format"), "version": data.pop("version"),
                "source": source, **data}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
