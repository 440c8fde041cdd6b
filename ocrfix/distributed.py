"""Cleaning on a Dask cluster, and functions to map over Dask or Spark data.

Two ways to scale past one machine:

- :func:`run_batch_dask` (``ocrfix batch DIR --scheduler tcp://HOST:8786``)
  sends files to the workers of an existing Dask cluster.  Each worker reads
  its inputs and writes its outputs itself, so **every worker must see the
  same paths** as the machine that starts the batch (shared storage: NFS, a
  parallel file system, a bucket mounted at the same place).  The outputs
  and the per-file outcomes are those of the local pool
  (:func:`ocrfix.batch.run_job` runs on the workers).
- :func:`clean_partition` and :func:`clean_record` clean documents that are
  already in memory, for ``dask.bag`` (``bag.map_partitions``) or Spark
  (``rdd.mapPartitions``); they need neither Dask nor Spark to run.

Workers are long-lived processes that clean many files each, so data a
stage loads lazily (the lexicon) is loaded once per worker, not per file.
A file that fails for a transient reason (an I/O error or timeout of a
network file system, a worker lost) is tried again; bad input never is.

>>> rows = clean_partition(["Lâ€™Ã©tat a dÃ©cidÃ©.", ("doc-2", b"")])
>>> rows[0]["text"], rows[0]["status"], rows[0]["counts"]
('L’état a décidé.', 'cleaned', {'repair_mojibake': 2})
>>> rows[1]["key"], rows[1]["status"], rows[1]["reason"]
('doc-2', 'failed', 'empty file')

Dask itself comes with the ``dask`` extra (``pip install 'ocrfix[dask]'``)
and is imported only when a batch is sent to a cluster.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .batch import FileResult, Job, Summary, run_job
from .config import DEFAULT, Config
from .errors import EmptyInputError, InputError, OcrfixError
from .io import clean_data
from .pipeline import clean

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client

logger = logging.getLogger(__name__)

__all__ = [
    "ClusterError",
    "MissingExtraError",
    "chunk_size_for",
    "clean_jobs",
    "clean_partition",
    "clean_record",
    "run_batch_dask",
]


class MissingExtraError(OcrfixError):
    """Dask is not installed (``pip install 'ocrfix[dask]'``)."""


class ClusterError(OcrfixError):
    """The Dask scheduler cannot be reached, or its workers cannot run ocrfix."""


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise MissingExtraError(
            "cleaning on a Dask cluster needs the dask extra: pip install 'ocrfix[dask]'"
        ) from None
    return distributed


# -- on the workers ---------------------------------------------------------

def clean_jobs(jobs: Sequence[Job], config: Config, force: bool = False, *,
               redo_after: float | None = None) -> list[FileResult]:
    """Clean ``jobs`` one after the other in this process (what a task does on a worker).

    ``redo_after`` is for a task tried again after its worker was lost: an
    output written since that time (by the lost attempt) is not "up to
    date", the file is cleaned again; older outputs are skipped as usual.
    """
    results = []
    for job in jobs:
        redo = force
        if not force and redo_after is not None:
            try:
                redo = job.target.stat().st_mtime >= redo_after
            except OSError:
                pass
        results.append(run_job(job, config, redo))
    return results


def _clean_task(jobs: Sequence[Job], config: Config, force: bool, delay: float,
                redo_after: float | None) -> tuple[list[FileResult], float]:
    """The task sent to a worker: :func:`clean_jobs`, and the seconds it took to clean."""
    if delay > 0:
        time.sleep(delay)
    start = time.perf_counter()
    results = clean_jobs(jobs, config, force, redo_after=redo_after)
    return results, time.perf_counter() - start


def _worker_version() -> str:
    return __version__


# -- on the client ----------------------------------------------------------

#: Seconds of cleaning per task the automatic size aims at (per 100 worker threads).
TARGET_TASK_SECONDS = 1.0
#: Files per task at most when the size is automatic.
MAX_CHUNK = 1000


def chunk_size_for(remaining: int, threads: int, seconds_per_file: float | None = None) -> int:
    """Files in the next task when the size is automatic.

    A task costs the scheduler one to a few milliseconds, as much as cleaning
    a page, and the scheduler is one thread for the whole cluster: tasks aim
    at a second of cleaning (more above 100 worker threads), from the time per
    file measured so far.  Until something is measured, and at the end of a
    batch, tasks stay small enough to give every thread four.

    >>> chunk_size_for(30, 2)                  # nothing measured yet
    3
    >>> chunk_size_for(10_000_000, 100, 0.005), chunk_size_for(10_000_000, 400, 0.005)
    (200, 800)
    >>> chunk_size_for(1_000, 100, 0.005)      # the tail of a batch
    2
    """
    balance = max(1, remaining // (4 * max(1, threads)))
    if seconds_per_file is None:
        return min(10, balance)
    target = TARGET_TASK_SECONDS * max(1.0, threads / 100)
    return max(1, min(MAX_CHUNK, balance, round(target / max(seconds_per_file, 1e-6))))


def _connect(scheduler: str) -> Client:
    distributed = _distributed()
    try:
        return distributed.Client(scheduler, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None


def _check_workers(client: Client) -> int:
    """Check that every worker runs this ocrfix; return the number of worker threads."""
    try:
        versions = client.run(_worker_version)
    except ImportError as exc:
        raise ClusterError(f"a Dask worker cannot import ocrfix ({exc}): install "
                           "ocrfix on every worker") from None
    other = {v for v in versions.values() if v != __version__}
    if other:
        raise ClusterError(f"Dask workers run ocrfix {', '.join(sorted(other))} and this "
                           f"machine {__version__}: install the same version everywhere")
    threads = sum(client.nthreads().values())
    if not threads:
        logger.warning("the Dask scheduler has no workers yet; waiting for some")
    return threads


def run_batch_dask(jobs: list[Job], config: Config, *, scheduler: str | Client,
                   force: bool = False,
                   on_result: Callable[[FileResult], None] | None = None,
                   chunk_size: int | None = None, retries: int = 2,
                   retry_delay: float = 1.0) -> Summary:
    """Run ``jobs`` on the Dask cluster at ``scheduler`` (an address or a ``Client``).

    Same outcome as :func:`ocrfix.batch.run_batch`: one :class:`FileResult`
    per job, in the order of ``jobs``; ``on_result`` is called as each file
    is done.  Files go in tasks of ``chunk_size`` files, or of a size
    adapted to the time a file takes (:func:`chunk_size_for`); a few tasks
    per worker thread are in flight, so that millions of files do not flood
    the scheduler.

    A file whose failure is transient (:attr:`FileResult.transient`) is tried
    again up to ``retries`` times, ``retry_delay`` seconds later, doubling.
    A task lost with its worker is rerun by Dask; if it keeps failing, its
    files are tried one by one, and one at a time (a single suspect in flight
    on the whole cluster), so that only the file that kills workers fails: a
    good file never shares a worker with another suspect, and is not
    reported failed because the file that killed workers ran beside it.

    Raises :class:`ClusterError` if the scheduler cannot be reached and
    :class:`MissingExtraError` without Dask.
    """
    distributed = _distributed()
    own_client = isinstance(scheduler, str)
    client = _connect(scheduler) if isinstance(scheduler, str) else scheduler
    try:
        return _DaskBatch(client, jobs, config, force, on_result, chunk_size, retries,
                          retry_delay).run(distributed)
    finally:
        if own_client:
            client.close()


def _absolute(job: Job) -> Job:
    return Job(Path(os.path.abspath(job.source)), Path(os.path.abspath(job.target)),
               None if job.report is None else Path(os.path.abspath(job.report)))


class _DaskBatch:
    """The client's side of one batch: tasks in flight, retries, results."""

    def __init__(self, client: Client, jobs: list[Job], config: Config, force: bool,
                 on_result: Callable[[FileResult], None] | None, chunk_size: int | None,
                 retries: int, retry_delay: float) -> None:
        self.client, self.jobs, self.config, self.force = client, jobs, config, force
        self.on_result, self.chunk_size = on_result, chunk_size
        self.retries, self.retry_delay = retries, retry_delay
        # workers have their own current folder: they get absolute paths
        self.sent = [_absolute(job) for job in jobs]
        self.results: list[FileResult | None] = [None] * len(jobs)
        self.next = 0  # jobs before this index have been sent at least once
        self.again: list[tuple[list[int], int, bool]] = []  # (indices, attempt, worker lost)
        # files of a lost task, tried alone and one at a time: (index, attempt)
        self.suspects: list[tuple[int, int]] = []
        self.suspect_running: Any = None  # the future of the suspect in flight
        self.tasks: dict[Any, tuple[list[int], int, bool]] = {}
        self.files_timed, self.seconds = 0, 0.0
        self.started_at = time.time()
        self.threads = 1

    def run(self, distributed: Any) -> Summary:
        start = time.perf_counter()
        self.threads = max(1, _check_workers(self.client))
        window = max(16, 4 * self.threads)
        done = distributed.as_completed(loop=self.client.loop)
        try:
            self._submit(done, window)
            for fut in done:
                idx, attempt, lost = self.tasks.pop(fut)
                suspect = fut is self.suspect_running
                if suspect:
                    self.suspect_running = None
                try:
                    chunk, seconds = fut.result()
                except distributed.CancelledError:
                    for i in idx:
                        self._fail(i, "cancelled: the Dask scheduler was lost")
                except Exception as exc:  # the task, not a file, failed: worker lost
                    killed = type(exc).__name__ == "KilledWorker"
                    if len(idx) > 1 or (killed and not suspect):
                        # maybe only a neighbour of the file that killed the
                        # worker: each file is tried alone, after the others
                        self.suspects[:0] = [(i, attempt) for i in reversed(idx)]
                    else:
                        what = "worker lost while cleaning it" if killed else "task failed"
                        self._fail(idx[0], f"{what}: {exc}")
                else:
                    self.files_timed += len(idx)
                    self.seconds += seconds
                    self._collect(idx, attempt, lost, chunk)
                fut.release()
                self._submit(done, window)
        except BaseException:
            self.client.cancel(list(self.tasks))
            raise
        return Summary([r for r in self.results if r is not None], time.perf_counter() - start)

    def _submit(self, done: Any, window: int) -> None:
        while len(self.tasks) < window:
            suspect = bool(self.suspects) and self.suspect_running is None
            if suspect:
                i, attempt = self.suspects.pop()
                idx, lost = [i], True
            elif self.again:
                idx, attempt, lost = self.again.pop()
            elif self.next < len(self.jobs):
                size = self.chunk_size or chunk_size_for(
                    len(self.jobs) - self.next, self.threads,
                    self.seconds / self.files_timed if self.files_timed else None)
                idx, attempt, lost = list(range(self.next, min(self.next + size,
                                                               len(self.jobs)))), 0, False
                self.next = idx[-1] + 1
            else:
                return
            delay = self.retry_delay * 2 ** (attempt - 1) if attempt else 0.0
            fut = self.client.submit(_clean_task, [self.sent[i] for i in idx], self.config,
                                     self.force, delay, self.started_at if lost else None,
                                     pure=False)
            self.tasks[fut] = (idx, attempt, lost)
            if suspect:
                self.suspect_running = fut
            done.add(fut)

    def _collect(self, idx: list[int], attempt: int, lost: bool,
                 chunk: list[FileResult]) -> None:
        again = []
        for i, r in zip(idx, chunk):
            if r.status == "failed" and r.transient and attempt < self.retries:
                logger.info("%s: %s; trying again", r.source, r.reason)
                again.append(i)
            elif r.status == "failed" and r.transient:
                self._finish(i, replace(r, reason=f"{r.reason} (tried {attempt + 1} times)"))
            else:
                self._finish(i, r)
        if again:
            self.again.append((again, attempt + 1, lost))

    def _fail(self, i: int, reason: str) -> None:
        self._finish(i, FileResult(self.jobs[i].source, self.jobs[i].target, "failed", reason))

    def _finish(self, i: int, result: FileResult) -> None:
        # name the files as the jobs do, as the local pool does
        result = replace(result, source=self.jobs[i].source, target=self.jobs[i].target)
        self.results[i] = result
        if self.on_result:
            self.on_result(result)


# -- for documents already in Dask or Spark ---------------------------------

def clean_record(record: str | bytes | tuple[Any, str | bytes], config: Config | None = None,
                 *, edits: bool = True) -> dict[str, Any]:
    """Clean one document held in memory; never raises for bad input.

    ``record`` is the text (``str``), its raw bytes (decoded as files are),
    or a ``(key, text_or_bytes)`` pair.  Returns a plain dict, ready for
    ``dask.bag`` or a Spark ``Row``: ``key`` (``None`` without one), ``text``
    (``None`` on failure), ``status`` (``cleaned``, ``unchanged`` or
    ``failed``), ``reason``, ``encoding``, ``counts`` (edits per stage) and,
    with ``edits=True``, ``edits`` (the report's list of edits).

    >>> row = clean_record(("p. 12", "Le ﬁnancement"))
    >>> row["key"], row["text"], row["edits"][0]["stage"]
    ('p. 12', 'Le financement', 'fix_latin_ligatures')
    """
    config = config or DEFAULT
    key, doc = record if isinstance(record, tuple) else (None, record)
    row: dict[str, Any] = {"key": key, "text": None, "status": "failed", "reason": "",
                           "encoding": None, "counts": {}}
    if edits:
        row["edits"] = []
    try:
        if isinstance(doc, str):
            if not doc.strip():
                raise EmptyInputError("empty document" if not doc else "only whitespace")
            result = clean(doc, config)
        elif isinstance(doc, (bytes, bytearray, memoryview)):
            result = clean_data(bytes(doc), config)
        else:
            raise InputError(f"not text but {type(doc).__name__}")
    except OcrfixError as exc:
        row["reason"] = str(exc)
        return row
    row.update(text=result.text, status="cleaned" if result.edits else "unchanged",
               encoding=result.encoding, counts=result.counts())
    if edits:
        row["edits"] = [e.to_dict() for e in result.edits]
    return row


def clean_partition(records: Iterable[str | bytes | tuple[Any, str | bytes]],
                    config: Config | None = None, *, edits: bool = True
                    ) -> list[dict[str, Any]]:
    """Clean a partition of documents: the list of :func:`clean_record` of each.

    Map it over a ``dask.bag`` (``bag.map_partitions(clean_partition)``) or a
    Spark RDD (``rdd.mapPartitions(clean_partition)``); pass a config with
    ``functools.partial(clean_partition, config=...)``.  Each worker process
    loads the data of the stages once, for all its partitions.  The result is
    a list, not a generator, because Dask sends partitions between workers.
    """
    return [clean_record(record, config, edits=edits) for record in records]
