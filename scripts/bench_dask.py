"""Benchmark: the local pool (1 and 2 jobs) against a 2-worker Dask LocalCluster.

Run with ``make bench-dask`` (or ``python scripts/bench_dask.py --help``).  It
builds a folder of about 2,000 one-page files from the seeds (cut into pages,
some damaged: CRLF, mojibake, cp1252, ligatures), cleans it repeatedly with
each runner, measures the scheduler's cost per task, and prints a Markdown
section with the figures, their spread, and an estimate for 10 million pages
on 100 workers.  ``--write BENCHMARKS.md`` puts the section in that file,
between its markers, replacing the previous figures.

The pipeline changes as stages land: rerun this script to update the figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ocrfix import GROUPS, STAGES, Config  # noqa: E402
from ocrfix.batch import plan_jobs, run_batch  # noqa: E402
from ocrfix.io import clean_data  # noqa: E402

START, END = "<!-- bench-dask:start -->", "<!-- bench-dask:end -->"
PAGES, WORKERS = 10_000_000, 100
CPU_MEMORY = "cleaning only, in CPU seconds"
CPU_JOBS1 = "local pool, --jobs 1, in CPU seconds"


def make_corpus(folder: Path, n_files: int, seed: int = 9) -> None:
    """``n_files`` pages of 1-4 KB cut from the seeds, a third of them damaged."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))
             if not p.name.endswith(".clean.txt")]
    damage = [
        lambda t: t.encode("utf-8"),
        lambda t: t.encode("utf-8"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: t.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"),
        lambda t: t.encode("cp1252", errors="replace"),
        lambda t: t.replace("fi", "ﬁ").replace("fl", "ﬂ").encode("utf-8"),
    ]
    for i in range(n_files):
        text = rng.choice(texts)
        size = rng.randint(1_000, 4_000)
        start = rng.randint(0, max(0, len(text) - size))
        page = text[start:start + size]
        folder_i = folder / f"volume{i % 20:02d}" / f"liasse{i % 7}"
        folder_i.mkdir(parents=True, exist_ok=True)
        (folder_i / f"page{i:05d}.txt").write_bytes(rng.choice(damage)(page))


def _noop(x: int) -> int:
    return x


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=2000, help="files in the folder [2000]")
    ap.add_argument("--repeats", type=int, default=3, help="runs of each runner [3]")
    ap.add_argument("--tasks", type=int, default=2000, help="no-op tasks to time the scheduler")
    ap.add_argument("--write", type=Path, help="put the section in this Markdown file")
    args = ap.parse_args()
    import distributed

    work = Path(tempfile.mkdtemp(prefix="ocrfix-bench-dask-"))
    try:
        src = work / "src"
        make_corpus(src, args.files)
        t = time.perf_counter()
        plan = plan_jobs(src)
        plan_seconds = time.perf_counter() - t
        n = len(plan)
        n_dirs = len({j.source.parent for j in plan})
        megabytes = sum(j.source.stat().st_size for j in plan) / 1e6
        config = Config()
        print(f"{n} files, {megabytes:.2f} MB in {src}", file=sys.stderr)

        counter = iter(range(10**6))

        def fresh_plan():
            return plan_jobs(src, out_dir=work / f"out{next(counter)}")

        cpu = {"in memory": [], "jobs 1": []}  # CPU seconds of runs in this process

        def local(jobs_n):
            def run():
                jobs = fresh_plan()
                c = time.process_time()
                summary = run_batch(jobs, config, jobs_n=jobs_n)
                if jobs_n == 1:
                    cpu["jobs 1"].append(time.process_time() - c)
                assert not summary.failed, summary.failed[:3]
                return summary.seconds
            return run

        t = time.perf_counter()
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=":0", silence_logs=50)
        client = distributed.Client(cluster, set_as_default=False)
        startup = time.perf_counter() - t
        from ocrfix.distributed import run_batch_dask

        def on_cluster(chunk):
            def run():
                jobs = fresh_plan()
                summary = run_batch_dask(jobs, config, scheduler=client, chunk_size=chunk)
                assert not summary.failed, summary.failed[:3]
                return summary.seconds
            return run

        on_cluster(None)()  # warm the workers up (imports, first files)
        datas = [j.source.read_bytes() for j in plan]

        def in_memory():
            t, c = time.perf_counter(), time.process_time()
            for data in datas:
                clean_data(data, config)
            cpu["in memory"].append(time.process_time() - c)
            return time.perf_counter() - t

        results = []
        # interleave the runners so that a busy spell on the shared machine hits all
        runners = [("cleaning only: bytes in memory, 1 process, no files", in_memory),
                   ("local pool, --jobs 1", local(1)), ("local pool, --jobs 2", local(2)),
                   ("LocalCluster 2 workers, automatic task size", on_cluster(None)),
                   ("LocalCluster 2 workers, 1 file/task", on_cluster(1))]
        per = {label: [] for label, _ in runners}
        for r in range(args.repeats):
            for label, fn in runners:
                s = fn()
                per[label].append(s)
                print(f"  run {r + 1} {label}: {s:.2f} s, {n / s:.0f} files/s", file=sys.stderr)
        labels = [label for label, _ in runners]
        labels[1:1] = [CPU_MEMORY, CPU_JOBS1]
        per[CPU_MEMORY], per[CPU_JOBS1] = cpu["in memory"], cpu["jobs 1"]
        for label in labels:
            fps = sorted(n / s for s in per[label])
            mbs = sorted(megabytes / s for s in per[label])
            results.append({"label": label, "fps": fps, "mbs": mbs,
                            "median_fps": statistics.median(fps),
                            "median_mbs": statistics.median(mbs)})

        # the scheduler's cost per task: many no-op tasks, a window at a time
        overheads = []
        for _ in range(args.repeats):
            t = time.perf_counter()
            futures = client.map(_noop, range(args.tasks), pure=False)
            client.gather(futures)
            overheads.append((time.perf_counter() - t) / args.tasks)
            del futures
        overheads.sort()
        client.close()
        cluster.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    section = render(n, n_dirs, megabytes, plan_seconds, startup, results, overheads, args)
    print(section)
    if args.write:
        write_section(args.write, section)
        print(f"written to {args.write}", file=sys.stderr)
    return 0


def _n(x: int) -> str:
    return f"{x:,}".replace(",", "\u202f")


def _hms(seconds: float) -> str:
    h, rem = divmod(int(round(seconds)), 3600)
    m, s = divmod(rem, 60)
    return f"{h} h {m:02d} min" if h else f"{m} min {s:02d} s"


def render(n, n_dirs, megabytes, plan_seconds, startup, results, overheads, args) -> str:
    from ocrfix.distributed import chunk_size_for

    by_label = {r["label"]: r for r in results}
    cpu_rate = by_label[CPU_JOBS1]["median_fps"]
    wall = by_label["local pool, --jobs 1"]
    wall_rate = wall["median_fps"]
    o_med, o_min, o_max = statistics.median(overheads), overheads[0], overheads[-1]
    page_kb = megabytes * 1000 / n
    chunk = chunk_size_for(PAGES, WORKERS, 1 / cpu_rate)
    compute = PAGES / (WORKERS * cpu_rate)
    compute_wall = PAGES / (WORKERS * wall_rate)
    sched_auto = PAGES / chunk * o_med
    sched_one = PAGES * o_med
    total = max(compute, sched_auto) * 1.05
    lines = [
        START,
        "## Distributed batch (Dask): `make bench-dask`",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} by `scripts/bench_dask.py` on {n} one-page files "
        f"({megabytes:.2f} MB, {page_kb:.1f} kB a page on average, cut from the seeds, "
        f"a third damaged) in {n_dirs} folders on local disk (ext4); every output is "
        f"written through a temporary file and fsync.  Python {platform.python_version()}, "
        f"{os.cpu_count()} cores shared with other jobs: each runner ran {args.repeats} times, "
        "interleaved; the table gives the median and the range (slowest to fastest).  "
        "Time from the first file submitted to the last result; starting the 2-worker "
        f"LocalCluster took {startup:.1f} s more, and listing the folder "
        f"{plan_seconds * 1000:.0f} ms.",
        "",
        "| runner | files/s (median, range) | MB/s (median, range) |",
        "|---|---|---|",
    ]
    for r in results:
        lines.append(f"| {r['label']} | {r['median_fps']:.0f} ({r['fps'][0]:.0f}–{r['fps'][-1]:.0f}) "
                     f"| {r['median_mbs']:.2f} ({r['mbs'][0]:.2f}–{r['mbs'][-1]:.2f}) |")
    lines += [
        "",
        f"Scheduler cost per task: {o_med * 1000:.2f} ms ({o_min * 1000:.2f}–{o_max * 1000:.2f}), "
        f"from {args.tasks} no-op tasks timed {args.repeats} times with the client, the "
        "scheduler and both workers on the same 2 busy cores (a scheduler with a core of "
        "its own does better).",
        "",
        f"### Estimate: {_n(PAGES)} pages on {WORKERS} workers",
        "",
        f"- Per core: {cpu_rate:.0f} pages per CPU second for `--jobs 1`, reading, cleaning "
        "and writing each page as a file (CPU time, which the other jobs on this machine "
        f"disturb least; cleaning alone in memory: {by_label[CPU_MEMORY]['median_fps']:.0f}).  "
        f"{WORKERS} single-threaded workers: {_n(PAGES)} / ({WORKERS} × {cpu_rate:.0f}) = "
        f"**{_hms(compute)}** of work each.",
        f"- Scheduler: at that rate the automatic size (`chunk_size_for`) makes tasks of "
        f"{chunk} files: {_n(PAGES // chunk)} tasks × {o_med * 1000:.2f} ms = "
        f"{_hms(sched_auto)} for the one-thread scheduler, done while the workers clean"
        f"{' (under the cleaning time, so it does not set the pace)' if sched_auto < compute else ', so it sets the pace'}.  "
        f"One task per file would cost it {_hms(sched_one)}"
        f"{', longer than the cleaning' if sched_one > compute else ''}.",
        f"- Estimate: **{_hms(total)}** for the batch (the larger of the two, plus 5 % for "
        "stragglers and the tail), if the shared storage keeps up: "
        f"{PAGES * page_kb / 1e3 / compute:.0f} MB/s read and as much written "
        f"({PAGES * page_kb / 1e6:.0f} GB each way), with a write, fsync and rename per page.",
        f"- Upper bound from this machine's wall clock: `--jobs 1` ran at {wall_rate:.0f} "
        f"files/s ({wall['fps'][0]:.0f}–{wall['fps'][-1]:.0f}), waiting for the disk "
        "(an fsync per file) and for the CPU, which other jobs shared, which gives "
        f"{_hms(compute_wall)}.  Slow shared storage (fsync over NFS) adds to the time per "
        "page in the same way.",
        f"- Not measured: listing {_n(PAGES)} files with `os.walk` from one client (give "
        "`--from-list` a list made beforehand), and the client's memory for a job and a "
        "result per file (split a list of that size into batches of a million).",
        f"- Measured with {len(STAGES)} stages ({', '.join(GROUPS)}).  Stages that land "
        "later will slow cleaning per page: the cleaning time scales with the per-core "
        "rate, the scheduler's share stays the same (tasks grow to a second each).  Rerun "
        "`make bench-dask` when they land.",
        END,
    ]
    return "\n".join(lines) + "\n"


def write_section(path: Path, section: str, start: str = START, end: str = END) -> None:
    """Put ``section`` in ``path`` between its markers ``start`` and ``end``
    (replacing what was there), or at its end; ``scripts/bench_memory.py`` uses it too."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1].lstrip("\n")
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
