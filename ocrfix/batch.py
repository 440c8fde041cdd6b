"""Cleaning a folder of files with a pool of worker processes.

One bad file never stops a batch: each file's outcome is a :class:`FileResult`
and the summary counts cleaned, unchanged, skipped and failed files.
"""

from __future__ import annotations

import logging
import os
import signal
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .errors import Interrupted, OcrfixError, is_transient
from .htmlreport import html_path_for, render_html
from .io import (
    as_file_text,
    clean_data,
    input_size,
    is_clean_output,
    open_input,
    output_path_for,
    printable,
    read_bytes,
    report_json,
    write_atomic,
)
from .stream import clean_file, stream_threshold

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Job:
    source: Path
    target: Path
    report: Path | None = None


@dataclass(frozen=True, slots=True)
class FileResult:
    """What happened to one file: ``status`` is cleaned, unchanged, skipped or failed."""

    source: Path
    target: Path
    status: str
    reason: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    bytes_in: int = 0
    #: a failure that may pass if tried again (I/O error, timeout), not bad input
    transient: bool = False


def find_inputs(root: Path, pattern: str = "*.txt",
                unlisted: list[tuple[Path, str]] | None = None) -> Iterator[Path]:
    """Files under ``root`` matching ``pattern``, skipping ocrfix's own outputs.

    Symbolic links to folders are not followed (no loops); hidden folders are
    skipped.  Only regular files (or links to them) are inputs: a FIFO or a
    device would block or never end, so it is skipped with a warning.  A
    folder that cannot be listed is added to ``unlisted`` with the reason
    (logged as a warning when no list is given).
    """
    def cannot_list(exc: OSError) -> None:
        folder = Path(exc.filename) if exc.filename is not None else root
        reason = f"cannot list this folder: {exc.strerror or exc}"
        if unlisted is None:
            logger.warning("%s: %s", printable(folder), reason)
        else:
            unlisted.append((folder, reason))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=cannot_list):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if p.match(pattern) and not is_clean_output(p) and not name.startswith("."):
                if special_file(p):
                    logger.warning("%s: skipped, not a regular file (%s)",
                                   printable(p), special_file(p))
                    continue
                yield p


def special_file(p: Path) -> str:
    """What ``p`` is when it exists and is not a regular file ('' otherwise).

    A broken link or a link loop is left to the run, which names the error.
    """
    try:
        mode = p.stat().st_mode
    except OSError:
        return ""
    if stat.S_ISREG(mode):
        return ""
    for test, what in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a folder")):
        if test(mode):
            return what
    return "not a regular file"


def plan_jobs(root: Path, pattern: str = "*.txt", out_dir: Path | None = None,
              report_dir: Path | None = None,
              unlisted: list[tuple[Path, str]] | None = None) -> list[Job]:
    return [job_for(src, root, out_dir, report_dir)
            for src in find_inputs(root, pattern, unlisted)]


def job_for(src: Path, root: Path, out_dir: Path | None = None,
            report_dir: Path | None = None) -> Job:
    """The job of ``src``, a file under ``root``: ``--out-dir`` mirrors the tree from ``root``."""
    rel = src.relative_to(root)
    target = output_path_for(out_dir / rel if out_dir else src)
    report = None
    if report_dir is not None:
        report = report_dir / (rel.as_posix() + ".json")   # the tree mirrored: no two files share a report
    return Job(src, target, report)


def run_job(job: Job, config: Config, force: bool = False) -> FileResult:
    """Clean one file.  Never raises for a bad file; reports it instead."""
    src, dst = job.source, job.target
    try:
        # up to date only when the run that wrote it also finished its report (HTML
        # last; a file cleaned in pieces has only its JSON report, written last)
        if not force and dst.exists() and (job.report is None
                                           or html_path_for(job.report).exists()
                                           or (job.report.exists()
                                               and (input_size(src) or 0) > stream_threshold())):
            try:
                if dst.stat().st_mtime >= src.stat().st_mtime:
                    return FileResult(src, dst, "skipped", "output is up to date")
            except OSError:
                pass
        size = input_size(src)
        if size is not None and size > stream_threshold():
            return _run_streamed(job, config)
        data = read_bytes(src)
        result = clean_data(data, config)
        dst.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(dst, as_file_text(result.text))
        if job.report is not None:
            job.report.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(job.report, report_json(result, str(src)))
            write_atomic(html_path_for(job.report), render_html(result, name=printable(src)))
        status = "cleaned" if result.edits else "unchanged"
        return FileResult(src, dst, status, counts=result.counts(), bytes_in=len(data))
    except OcrfixError as exc:
        return FileResult(src, dst, "failed", str(exc), transient=is_transient(exc))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if exc.filename is not None and exc.strerror:  # which file or folder: the output's?
            reason = f"{reason}: {printable(exc.filename)}"
        return FileResult(src, dst, "failed", reason, transient=is_transient(exc))
    except Exception as exc:  # a bug: report it, keep the batch going
        logger.debug("unexpected error on %s", printable(src), exc_info=True)  # --debug
        return FileResult(src, dst, "failed",
                          f"internal error: {exc!r} (run with --debug for details)")


def _run_streamed(job: Job, config: Config) -> FileResult:
    """``run_job`` for a file above the streaming threshold, cleaned in pieces
    (:mod:`ocrfix.stream`).  Its report is the JSON one only: the HTML page
    shows a whole document in memory; a page left by an earlier run of the
    same file would describe that run, so it goes."""
    src, dst = job.source, job.target
    with open_input(src) as f:
        dst.parent.mkdir(parents=True, exist_ok=True)
        if job.report is not None:
            job.report.parent.mkdir(parents=True, exist_ok=True)
        r = clean_file(f, dst, config, report=job.report, source_name=printable(src))
    reason = ""
    if job.report is not None:
        html_path_for(job.report).unlink(missing_ok=True)
        reason = f"{r.bytes_in / 1e6:.0f} MB, cleaned in pieces: JSON report only"
    return FileResult(src, dst, "cleaned" if r.edits else "unchanged", reason,
                      counts=r.ordered_counts(), bytes_in=r.bytes_in)


@dataclass
class Summary:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0

    def by_status(self) -> Counter:
        return Counter(r.status for r in self.results)

    def stage_counts(self) -> Counter:
        c: Counter = Counter()
        for r in self.results:
            c.update(r.counts)
        return c

    @property
    def megabytes(self) -> float:
        return sum(r.bytes_in for r in self.results) / 1e6

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]


def run_batch(jobs: list[Job], config: Config, *, jobs_n: int = 1, force: bool = False,
              on_result: Callable[[FileResult], None] | None = None) -> Summary:
    """Run ``jobs`` with ``jobs_n`` worker processes (1: in this process).

    Results are returned in the order of ``jobs``, whatever order they finish in.
    """
    start = time.perf_counter()
    results: list[FileResult | None] = [None] * len(jobs)
    if jobs_n <= 1 or len(jobs) <= 1:
        for i, job in enumerate(jobs):
            result = results[i] = run_job(job, config, force)
            if on_result:
                on_result(result)
    else:
        with ProcessPoolExecutor(max_workers=jobs_n, initializer=_init_worker) as pool:
            futures: dict = {}
            # the workers start (with the first submits) while SIGINT and SIGTERM are
            # held back, so that none is hit before _init_worker has set what it does
            # with them; then Ctrl-C works again while the rest is queued
            held = _hold_signals()
            try:
                for i, job in enumerate(jobs):
                    futures[pool.submit(_run_job_in_worker, job, config, force)] = i
                    if held is not None and i + 1 >= jobs_n:
                        _release_signals(held)
                        held = None
                if held is not None:      # fewer files than workers
                    _release_signals(held)
                    held = None
                for fut in as_completed(futures):
                    i = futures[fut]
                    try:
                        results[i] = fut.result()
                    except Exception as exc:  # a worker died
                        results[i] = FileResult(jobs[i].source, jobs[i].target, "failed",
                                                f"worker failed: {exc!r}")
                    if on_result:
                        on_result(results[i])
            except BaseException:
                # Ctrl-C, SIGTERM or a failing callback: no new file is started, and the
                # workers stop their current one (its temporary file removed) and return
                for fut in futures:
                    fut.cancel()
                _stop_workers(pool)
                raise
            finally:
                if held is not None:
                    _release_signals(held)
    return Summary([r for r in results if r is not None], time.perf_counter() - start)


# --- pool workers and signals ---------------------------------------------
#
# Ctrl-C in a terminal reaches every process of the group.  The workers ignore
# it and leave the decision to the parent, which cancels the files not started
# and sends each worker SIGTERM: a worker in the middle of a file raises
# Interrupted there (write_atomic removes its temporary file) and returns; an
# idle one only notes it, then skips whatever it is still handed.  Outputs that
# exist are therefore whole, and no worker prints a traceback.

_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_worker_stop = False
_worker_busy = False


def _hold_signals() -> set | None:
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)


def _release_signals(held: set | None) -> None:
    if held is not None and hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _init_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_on_sigterm)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)


def _worker_on_sigterm(signum: int, frame: object) -> None:
    global _worker_stop
    _worker_stop = True
    if _worker_busy:
        raise Interrupted(signum)


def _run_job_in_worker(job: Job, config: Config, force: bool) -> FileResult:
    """:func:`run_job` in a pool worker, which stops at its parent's SIGTERM."""
    global _worker_busy
    interrupted = FileResult(job.source, job.target, "failed", "interrupted")
    if _worker_stop:
        return interrupted
    _worker_busy = True
    try:
        if _worker_stop:
            return interrupted
        return run_job(job, config, force)
    except KeyboardInterrupt:
        return interrupted
    finally:
        _worker_busy = False


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """SIGTERM to each worker of ``pool`` (the executor keeps them in ``_processes``)."""
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            proc.terminate()
        except (OSError, ValueError, AttributeError):
            pass

