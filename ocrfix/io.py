"""Reading inputs and writing outputs safely.

Outputs are written to a temporary file in the destination folder, flushed
to disk, then renamed into place, so a reader never sees half a file and an
interrupted run leaves no partial output behind.  Inputs are only ever read.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

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


def printable(text: str | os.PathLike) -> str:
    r"""A file name or message as it is safe to print on one line.

    Bytes of a file name that are not UTF-8 (kept by Python as lone
    surrogates, ``surrogateescape``) are shown as ``\xNN``; control
    characters (a newline, ESC) as escapes too, so that a name can neither
    break a one-line message nor drive the terminal.

    >>> printable(os.fsdecode(b"scan\xe9.txt"))
    'scan\\xe9.txt'
    >>> printable("deux\nlignes\x1b[31m.txt")
    'deux\\nlignes\\x1b[31m.txt'
    >>> printable(Path("dossier/été.txt"))
    'dossier/été.txt'
    """
    s = os.fspath(text)
    if isinstance(s, bytes):
        raw = s
    else:
        try:
            raw = s.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # a lone surrogate that is not an escaped byte
            raw = s.encode("utf-8", "backslashreplace")
    return _CONTROL_CHARS.sub(_escape_control, raw.decode("utf-8", "backslashreplace"))


_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _escape_control(m: re.Match) -> str:
    ch = m.group()
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch, f"\\x{ord(ch):02x}")


def _fsync_folder(folder: Path) -> None:
    """Flush a folder's entries to disk (a rename is durable only then); best effort."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a folder
    finally:
        os.close(fd)


class Writer(Protocol):
    """Where ocrfix writes bytes: a binary file, the file :func:`atomic_output`
    yields, or stdout wrapped in :class:`WriteAll`."""

    def write(self, data: bytes, /) -> int: ...


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Writer]:
    """A binary file to write ``path`` through, in pieces if need be.

    The data goes to ``.NAME.<random>.tmp`` in the destination folder; when
    the block ends it is flushed to disk, renamed over ``path``, and the folder
    is flushed too: whatever happens, ``path`` is the old file or the new one,
    whole.  When the block raises (Ctrl-C and SIGTERM included: the command
    line turns SIGTERM into :class:`~ocrfix.errors.Interrupted`), the
    temporary file is removed and ``path`` left as it was.

    The new file gets the permissions of any new file (``0o666`` less the
    umask), or keeps those of the file it replaces.  An existing file is
    never opened for writing: a hard link to it elsewhere keeps its content.
    A failed write is an :class:`OutputError`; an ``OSError`` of the caller's
    own (reading its input) passes unchanged.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     with atomic_output(Path(d) / "out.txt") as f:
    ...         _ = f.write(b"une "); _ = f.write(b"page")
    ...     (Path(d) / "out.txt").read_text(), sorted(p.name for p in Path(d).iterdir())
    ('une page', ['out.txt'])
    """
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = None
    stem = os.fsdecode(os.fsencode(path.name)[:200])   # room for the rest in 255 bytes
    tmp: Path | None = None
    ours = True   # False while the caller's block runs: its OSErrors are its own
    try:
        try:
            while True:
                # named before it is created, so that an interrupt at any point finds it
                tmp = folder / f".{stem}.{secrets.token_hex(8)}.tmp"
                try:
                    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC,
                                 0o666)
                    break
                except FileExistsError:
                    continue
        except OSError as exc:
            tmp = None
            raise OutputError(f"cannot write in {folder}: {exc.strerror or exc}") from None
        with os.fdopen(fd, "wb") as f:
            if mode is not None:
                os.fchmod(f.fileno(), mode)
            ours = False
            yield _WriteErrors(f)
            ours = True
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        tmp = None
        _fsync_folder(folder)
    except BaseException as exc:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if isinstance(exc, OSError) and (ours or isinstance(exc, _WriteError)):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


class _WriteError(OSError):
    """A failed write into an :func:`atomic_output` file."""


class _WriteErrors:
    """The file :func:`atomic_output` yields: its ``write`` raises :class:`_WriteError`,
    told apart from an error of reading the input in the same block."""

    def __init__(self, f: BinaryIO) -> None:
        self._f = f

    def write(self, data: bytes) -> int:
        try:
            return self._f.write(data)
        except OSError as exc:
            raise _WriteError(exc.errno, exc.strerror) from exc

    def __getattr__(self, name: str):
        return getattr(self._f, name)


class WriteAll:
    """A binary stream whose ``write`` writes all it is given, or raises.

    A buffered write to a pipe can write part of the data and return its
    length without an error when the reader goes away (the kernel's SIGPIPE
    interrupts it); writing the rest then raises ``BrokenPipeError``.  Wrap
    stdout in this before writing to it, so that a closed pipe is never a
    silent loss.
    """

    def __init__(self, f: BinaryIO) -> None:
        self._f = f

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        while view:
            n = self._f.write(view)
            view = view[len(view) if n is None else n:]
        return len(data)

    def __getattr__(self, name: str):
        return getattr(self._f, name)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` atomically (:func:`atomic_output`)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_output(path) as f:
        f.write(raw)


def report_json(result: Cleaned, source: str | None = None) -> str:
    """The ``--report`` file: the edits and counts of one cleaned document."""
    data = result.report()
    if source is not None:
        data = {"format": data.pop("format"), "version": data.pop("version"),
                "source": printable(source), **data}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
