"""Reading inputs and writing outputs safely.

Outputs are written to a temporary file in the destination folder, flushed
to disk, then renamed into place, so a reader never sees half a file and an
interrupted run leaves no partial output behind.  Inputs are only ever read.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .config import Config
from .errors import EmptyInputError, InputError, InputTooLargeError, OutputError
from .pipeline import Cleaned, clean_bytes

#: Suffix of the files ocrfix writes: ``scan.txt`` -> ``scan.clean.txt``.
CLEAN_SUFFIX = ".clean.txt"
#: Default largest input read in one piece (bytes).
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
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied (cannot read)") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None


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


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and ``os.replace``."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write in {folder}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


def report_json(result: Cleaned, source: str | None = None) -> str:
    """The ``--report`` file: the edits and counts of one cleaned document."""
    data = result.report()
    if source is not None:
        data = {"format": data.pop("format"), "version": data.pop("version"),
                "source": source, **data}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
