"""Collections given as a list of paths (``ocrfix batch --from-list FILE``).

A large collection is often spread over many folders, or chosen by another
tool (``find``, a database query).  Its list holds one path per line, or
paths separated by NUL bytes as ``find -print0`` writes them; blank lines are
ignored and relative paths are read from the current folder.

>>> parse_path_list(b"a/scan.txt\\r\\n\\nb/autre scan.txt\\n")
[PosixPath('a/scan.txt'), PosixPath('b/autre scan.txt')]
>>> parse_path_list(b"a.txt\\0b\\nc.txt\\0")
[PosixPath('a.txt'), PosixPath('b\\nc.txt')]
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from .batch import Job, job_for, special_file
from .io import is_clean_output, output_path_for, printable

logger = logging.getLogger(__name__)

__all__ = ["parse_path_list", "read_path_list", "common_root", "plan_jobs_from_list"]


def parse_path_list(data: bytes) -> list[Path]:
    """The paths of a list: NUL-separated if it holds a NUL, else one per line.

    Names that are not valid UTF-8 are kept as the file system gives them
    (``os.fsdecode``); duplicates are dropped, the first occurrence kept.
    """
    if b"\0" in data:
        items = data.split(b"\0")
    else:
        items = [line.rstrip(b"\r") for line in data.split(b"\n")]
    seen: set[str] = set()
    paths = []
    for item in items:
        if not item.strip():
            continue
        name = os.fsdecode(item)
        key = os.path.normpath(name)
        if key not in seen:
            seen.add(key)
            paths.append(Path(name))
    return paths


def read_path_list(source: str | Path) -> list[Path]:
    """Read a list of paths from a file, or from stdin when ``source`` is ``-``."""
    if str(source) == "-":
        return parse_path_list(sys.stdin.buffer.read())
    return parse_path_list(Path(source).read_bytes())


def common_root(paths: Iterable[Path]) -> Path:
    """The deepest folder holding every path (``--out-dir`` mirrors the tree from it).

    >>> common_root([Path("/arch/1890/a.txt"), Path("/arch/1891/b/c.txt")]).as_posix()
    '/arch'
    >>> common_root([Path("/arch/1890/a.txt")]).as_posix()
    '/arch/1890'
    """
    parents = [os.path.dirname(os.path.abspath(p)) for p in paths]
    return Path(os.path.commonpath(parents)) if parents else Path.cwd()


def plan_jobs_from_list(paths: list[Path], out_dir: Path | None = None,
                        report_dir: Path | None = None) -> list[Job]:
    """Jobs for listed files, in the order given.

    ocrfix's own outputs (``*.clean.txt``) are left out, as in a folder, so a
    list made by ``find -name '*.txt'`` after a first run gives no
    ``*.clean.clean.txt``.  Outputs go beside each file, or under ``out_dir``
    in the tree below :func:`common_root`; report names are the paths below
    that root.
    """
    paths = [p for p in paths if not is_clean_output(p)]
    for p in [p for p in paths if special_file(p)]:   # a FIFO would block, /dev/zero never end
        logger.warning("%s: skipped, not a regular file (%s)", printable(p), special_file(p))
        paths.remove(p)
    root = common_root(paths)
    jobs = []
    for p in paths:
        job = job_for(Path(os.path.abspath(p)), root, out_dir, report_dir)
        # messages name the file as the list does
        jobs.append(Job(p, job.target if out_dir else output_path_for(p), job.report))
    return jobs
