"""Cleaning on a Dask cluster: a LocalCluster of 2 worker processes on this machine.

One cluster serves the whole module; the tree is small, so the module stays fast.
"""

import errno
import hashlib
import logging
import os
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from ocrfix import Config
from ocrfix.batch import plan_jobs, run_batch
from ocrfix.cli import main
from ocrfix.distributed import clean_partition, run_batch_dask

from .conftest import CLEAN_SEEDS, OCR_SEED

distributed = pytest.importorskip(
    "distributed",
    reason="the dask extra is not installed (pip install 'ocrfix[dask]'): "
           "skipping the Dask cluster tests")


@pytest.fixture(scope="module")
def cluster():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=":0", silence_logs=logging.ERROR)
    yield cluster
    cluster.close()


@pytest.fixture(scope="module")
def client(cluster):
    client = distributed.Client(cluster, set_as_default=False)
    yield client
    client.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_tree(root: Path) -> None:
    """About thirty files in nested folders: clean, damaged, and bad input."""
    texts = [p.read_bytes() for p in [*CLEAN_SEEDS, OCR_SEED]]
    variants = [
        lambda b: b,
        lambda b: b.replace(b"\n", b"\r\n"),
        lambda b: b.decode("utf-8").encode("utf-8").decode("latin-1").encode("utf-8"),  # mojibake
        lambda b: b.decode("utf-8").encode("cp1252", errors="replace"),
        lambda b: b.decode("utf-8").replace("fi", "ﬁ").encode("utf-8"),
    ]
    for i, data in enumerate(texts):
        for j, variant in enumerate(variants):
            folder = root / f"fonds{i % 2}" / f"liasse{j}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"doc{i}.txt").write_bytes(variant(data))
    (root / "fonds0" / "mauvais.txt").write_bytes(b"%PDF-1.4 binary")
    (root / "fonds1" / "vide.txt").write_bytes(b"")
    (root / "fonds1" / "ancien.clean.txt").write_text("une sortie, pas une entrée", encoding="utf-8")


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _summary_line(output: str) -> str:
    line = next(x for x in output.splitlines() if " files: " in x)
    return line.split(" in ")[0]


@pytest.mark.parametrize("chunk", [None, "4"], ids=["auto-chunks", "chunks-of-4"])
def test_cluster_outputs_are_byte_identical_to_jobs_1(cluster, tmp_path, chunk):
    src = tmp_path / "src"
    make_tree(src)
    before = {p: _sha(p) for p in src.rglob("*") if p.is_file()}
    runner = CliRunner()
    local = runner.invoke(main, ["batch", str(src), "--jobs", "1", "--out-dir",
                                 str(tmp_path / "out1"), "--report", str(tmp_path / "rep1")])
    args = ["batch", str(src), "--scheduler", cluster.scheduler_address,
            "--out-dir", str(tmp_path / "out2"), "--report", str(tmp_path / "rep2")]
    if chunk:
        args += ["--chunk-size", chunk]
    dask = runner.invoke(main, args)
    # a bad file is reported, not fatal: the same messages, the same exit code
    assert local.exit_code == dask.exit_code == 1, dask.output
    for res in (local, dask):
        assert "mauvais.txt: this is a PDF document" in res.output
        assert "vide.txt: empty file" in res.output
    failures = sorted(x for x in dask.output.splitlines() if x.startswith("ocrfix: "))
    assert failures == sorted(x for x in local.output.splitlines() if x.startswith("ocrfix: "))
    assert _summary_line(dask.output) == _summary_line(local.output)
    assert "27 files: " in _summary_line(dask.output)
    out1, out2 = _files(tmp_path / "out1"), _files(tmp_path / "out2")
    assert len(out1) == 25 and out1 == out2
    assert _files(tmp_path / "rep1") == _files(tmp_path / "rep2")
    assert any(b"\xe2\x80\x99" in data for data in out2.values())  # something was repaired
    assert {p: _sha(p) for p in src.rglob("*") if p.is_file()} == before


def test_relative_paths_are_those_of_this_machine_not_of_the_workers(cluster, tmp_path,
                                                                      monkeypatch):
    make_tree(tmp_path / "src")
    monkeypatch.chdir(tmp_path)  # the workers stay in the folder they started in
    (tmp_path / "liste").write_text("src/fonds0/liasse2/doc0.txt\nsrc/fonds0/mauvais.txt\n",
                                    encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(main, ["batch", "src", "--scheduler", cluster.scheduler_address,
                               "--out-dir", "out", "--report", "rep"])
    assert res.exit_code == 1
    assert "ocrfix: src/fonds0/mauvais.txt: this is a PDF document" in res.output
    assert (tmp_path / "out/fonds0/liasse2/doc0.clean.txt").exists()
    assert (tmp_path / "rep/fonds0/liasse2/doc0.txt.json").exists()
    res = runner.invoke(main, ["batch", "--from-list", "liste", "--scheduler",
                               cluster.scheduler_address])
    assert "ocrfix: src/fonds0/mauvais.txt: this is a PDF document" in res.output
    assert (tmp_path / "src/fonds0/liasse2/doc0.clean.txt").exists()


def test_progress_comes_file_by_file_in_order_of_jobs(client, tmp_path):
    make_tree(tmp_path)
    jobs = plan_jobs(tmp_path)
    seen = []
    summary = run_batch_dask(jobs, Config(), scheduler=client, on_result=seen.append,
                             chunk_size=3)
    assert sorted(r.source for r in seen) == sorted(j.source for j in jobs)
    assert [r.source for r in summary.results] == [j.source for j in jobs]
    assert summary.by_status()["failed"] == 2


def test_empty_batch(client):
    summary = run_batch_dask([], Config(), scheduler=client)
    assert summary.results == []


def test_workers_are_long_lived_processes_that_clean_many_files(client, tmp_path):
    """Each worker process cleans many files, so what a stage caches (the lexicon)
    is loaded once per worker, not once per file."""
    make_tree(tmp_path)
    jobs = plan_jobs(tmp_path)
    pids = client.run(os.getpid)
    assert len(set(pids.values())) == 2 and os.getpid() not in pids.values()
    with distributed.get_task_stream(client) as stream:
        summary = run_batch_dask(jobs, Config(), scheduler=client, chunk_size=1)
    assert len(summary.results) == len(jobs) == 27
    tasks = [t for t in stream.data if "_clean_task" in str(t["key"])]
    assert len(tasks) == len(jobs)
    assert {t["worker"] for t in tasks} <= set(pids)
    assert client.run(os.getpid) == pids  # the same processes, none restarted


def _lexicon_loaded() -> int:
    from ocrfix.lexicon import lexicon

    lexicon()
    return os.getpid()


def _lexicon_cache_info() -> tuple[int, int]:
    from ocrfix.lexicon import lexicon

    info = lexicon.cache_info()
    return info.misses, info.hits


def test_the_lexicon_is_loaded_once_per_worker_not_per_task(client, tmp_path):
    """Tasks on a worker share its process: the lexicon, cached by its loader,
    is read from the package once per worker whatever the number of tasks."""
    for worker in client.nthreads():
        futures = [client.submit(_lexicon_loaded, workers=[worker], pure=False)
                   for _ in range(5)]
        assert len(set(client.gather(futures))) == 1  # one process ran them all
    for misses, hits in client.run(_lexicon_cache_info).values():
        assert misses == 1 and hits >= 4
    # and when stages use it (words), a whole batch still loads it once per worker
    make_tree(tmp_path)
    run_batch_dask(plan_jobs(tmp_path), Config(), scheduler=client, chunk_size=1)
    assert all(misses == 1 for misses, _ in client.run(_lexicon_cache_info).values())


def _install_flaky_reads(log_dir: str, fail_first: dict[str, int]) -> None:
    """On a worker: reads of the named files fail with EIO the first N times.

    Every read of a watched file leaves a numbered mark in ``log_dir``, shared
    by the workers, so that the test can count them.
    """
    import ocrfix.batch as batch

    real = getattr(batch, "_real_read_bytes", None) or batch.read_bytes
    batch._real_read_bytes = real

    def read_bytes(path, *args, **kwargs):
        if path.name in fail_first:
            n = 1
            while True:
                try:
                    os.close(os.open(os.path.join(log_dir, f"{path.name}.{n}"),
                                     os.O_CREAT | os.O_EXCL))
                    break
                except FileExistsError:
                    n += 1
            if n <= fail_first[path.name]:
                try:
                    raise OSError(errno.EIO, os.strerror(errno.EIO))
                except OSError:
                    from ocrfix.errors import InputError
                    raise InputError("cannot read: Input/output error") from None
        return real(path, *args, **kwargs)

    batch.read_bytes = read_bytes


def _remove_flaky_reads() -> None:
    import ocrfix.batch as batch

    batch.read_bytes = batch._real_read_bytes


def test_only_transient_failures_are_tried_again(client, tmp_path):
    src, log = tmp_path / "src", tmp_path / "log"
    src.mkdir()
    log.mkdir()
    (src / "reseau.txt").write_text("Lâ€™Ã©tat.\n", encoding="utf-8")
    (src / "panne.txt").write_text("Le café.\n", encoding="utf-8")
    (src / "mauvais.txt").write_bytes(b"%PDF-1.4 binary")
    watched = {"reseau.txt": 2, "panne.txt": 99, "mauvais.txt": 0}
    client.run(_install_flaky_reads, str(log), watched)
    try:
        summary = run_batch_dask(plan_jobs(src), Config(), scheduler=client, retries=2,
                                 retry_delay=0.01)
    finally:
        client.run(_remove_flaky_reads)
    by_name = {r.source.name: r for r in summary.results}
    reads = {name: len(list(log.glob(name + ".*"))) for name in watched}
    # failed twice with EIO, then cleaned
    assert by_name["reseau.txt"].status == "cleaned" and reads["reseau.txt"] == 3
    assert (src / "reseau.clean.txt").read_text(encoding="utf-8") == "L’état.\n"
    # always failing: tried 1 + 2 times, then reported
    assert by_name["panne.txt"].status == "failed" and reads["panne.txt"] == 3
    assert by_name["panne.txt"].reason == "cannot read: Input/output error (tried 3 times)"
    # bad input is never tried again
    assert by_name["mauvais.txt"].status == "failed" and reads["mauvais.txt"] == 1
    assert "PDF" in by_name["mauvais.txt"].reason


def test_same_results_as_the_local_pool_through_the_api(client, tmp_path):
    make_tree(tmp_path / "a")
    make_tree(tmp_path / "b")
    local = run_batch(plan_jobs(tmp_path / "a"), Config(), jobs_n=1)
    dask = run_batch_dask(plan_jobs(tmp_path / "b"), Config(), scheduler=client)

    def strip(r, root):
        return (r.source.relative_to(root), r.status, r.reason, r.counts, r.bytes_in)

    assert [strip(r, tmp_path / "a") for r in local.results] == \
        [strip(r, tmp_path / "b") for r in dask.results]


def test_clean_partition_over_a_dask_bag(client):
    import dask.bag as db

    docs = [("p1", "Lâ€™Ã©tat a dÃ©cidÃ©."), ("p2", "Le ﬁnancement"),
            ("p3", b"%PDF-1.4"), ("p4", "Rien à changer.")]
    bag = db.from_sequence(docs, npartitions=2).map_partitions(clean_partition)
    rows = client.compute(bag).result(timeout=120)
    got = {r["key"]: (r["status"], r["text"]) for r in rows}
    assert got == {"p1": ("cleaned", "L’état a décidé."), "p2": ("cleaned", "Le financement"),
                   "p3": ("failed", None), "p4": ("unchanged", "Rien à changer.")}


def test_unreachable_scheduler_is_a_clear_error(tmp_path):
    import dask

    (tmp_path / "a.txt").write_text("Le café.\n", encoding="utf-8")
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        res = CliRunner().invoke(main, ["batch", str(tmp_path), "--scheduler",
                                        "tcp://127.0.0.1:9"])
    assert res.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in res.output
    assert "Traceback" not in res.output
    assert not (tmp_path / "a.clean.txt").exists()


def test_scheduler_without_the_extra_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    res = CliRunner().invoke(main, ["batch", str(tmp_path), "--scheduler", "tcp://h:8786"])
    assert res.exit_code == 2
    assert "pip install 'ocrfix[dask]'" in res.output


def test_a_file_that_kills_its_worker_fails_alone(tmp_path):
    """A worker lost during a task: its files are tried one by one, so only the
    file that kills workers fails; the others of its task are cleaned."""
    import dask
    from distributed.diagnostics.plugin import WorkerPlugin

    class Poison(WorkerPlugin):  # nested: sent by value to every worker, new ones too
        def setup(self, worker):
            import ocrfix.batch as batch

            real = batch.read_bytes

            def read_bytes(path, *args, **kwargs):
                if path.name == "poison.txt":
                    os._exit(1)
                return real(path, *args, **kwargs)

            batch.read_bytes = read_bytes

    for name in ("a.txt", "b.txt", "c.txt", "poison.txt"):
        (tmp_path / name).write_text("Lâ€™Ã©tat.\n", encoding="utf-8")
    # an output from an earlier run, newer than its input, corrected by hand
    (tmp_path / "c.clean.txt").write_text("L’État.\n", encoding="utf-8")
    now = time.time()
    os.utime(tmp_path / "c.txt", (now - 200, now - 200))
    os.utime(tmp_path / "c.clean.txt", (now - 100, now - 100))
    # a task is lost with the first worker that dies running it; one task per
    # thread, so that no other task waits on the worker that dies
    with dask.config.set({"distributed.scheduler.allowed-failures": 0,
                          "distributed.scheduler.worker-saturation": 1.0}):
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=":0",
                                      silence_logs=logging.CRITICAL) as cluster, \
                distributed.Client(cluster, set_as_default=False) as client:
            client.register_plugin(Poison())
            summary = run_batch_dask(plan_jobs(tmp_path), Config(), scheduler=client,
                                     chunk_size=4)
    by_name = {r.source.name: r for r in summary.results}
    # a and b were cleaned by the lost attempt, then again, not skipped
    assert by_name["a.txt"].status == by_name["b.txt"].status == "cleaned"
    assert by_name["c.txt"].status == "skipped"
    assert (tmp_path / "c.clean.txt").read_text(encoding="utf-8") == "L’État.\n"
    assert by_name["poison.txt"].status == "failed"
    assert by_name["poison.txt"].reason.startswith("worker lost while cleaning it")
    assert not (tmp_path / "poison.clean.txt").exists()
