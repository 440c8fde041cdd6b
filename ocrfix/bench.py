"""``make bench``: speed and memory of ocrfix beside ftfy, written to BENCHMARKS.md.

Measures, on about 1 MB of OCR-like French (the development corpus damaged at
the ``heavy`` level, several seeds, plus the real OCR of seed 003):

- throughput (MB/s) of :func:`ocrfix.clean` and of each stage of
  :data:`ocrfix.pipeline.STAGES` on the text as it reaches that stage;
- start-up time of ``ocrfix clean`` on a one-line file;
- peak memory (resident set) of a process cleaning the whole text;
- ``ocrfix batch`` throughput over a folder of files with 1 and 2 jobs;

each beside ``ftfy.fix_text`` (or the ``ftfy`` command) on the same input, in
the same run, as a ratio (ocrfix / ftfy: above 1 means ocrfix is faster, or
for time and memory, costlier).  Stages added later show up by themselves.
Timings are the best of several runs; the machine may be shared, so compare
ratios rather than absolute figures between runs.

Usage: ``python -m ocrfix.bench [--output BENCHMARKS.md] [--megabytes 1.0]``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from . import __version__
from .config import DEFAULT
from .pipeline import STAGES, clean

__all__ = ["bench_text", "main"]


def bench_text(root: Path, megabytes: float = 1.0) -> list[str]:
    """Documents of OCR-like French adding up to about ``megabytes`` MB (UTF-8)."""
    from .corpus import clean_texts
    from .noise import damage

    golds = [t.read() for t in clean_texts(root)]
    docs = [p.read_text(encoding="utf-8") for p in sorted((root / "corpus" / "real").glob("*.ocr.txt"))]
    target = int(megabytes * 1_000_000)
    size = sum(len(d.encode("utf-8")) for d in docs)
    seed = 0
    while size < target:
        for g in golds:
            d = damage(g, "heavy", seed=seed).text
            docs.append(d)
            size += len(d.encode("utf-8"))
            if size >= target:
                break
        seed += 1
    return docs


def _best(fn: Callable[[], object], *, min_runs: int = 3, min_seconds: float = 1.0) -> float:
    times: list[float] = []
    start = time.perf_counter()
    while len(times) < min_runs or time.perf_counter() - start < min_seconds:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if len(times) >= 20:
            break
    return min(times)


def _mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def throughput(docs: list[str]) -> list[tuple[str, float, float]]:
    """(name, MB/s of ocrfix or the stage, MB/s of ftfy.fix_text on the same input)."""
    import ftfy

    rows = []
    mb = _mb(docs)
    t_ocrfix = _best(lambda: [clean(d) for d in docs])
    t_ftfy = _best(lambda: [ftfy.fix_text(d) for d in docs])
    rows.append(("ocrfix.clean (all stages)", mb / t_ocrfix, mb / t_ftfy))
    inputs = list(docs)
    for stage in STAGES:
        if not DEFAULT.enabled(stage.name):
            continue
        current = list(inputs)
        stage_mb = _mb(current)
        t = _best(lambda: [stage.fix(x, DEFAULT) for x in current], min_runs=2, min_seconds=0.5)
        t_f = _best(lambda: [ftfy.fix_text(x) for x in current], min_runs=2, min_seconds=0.5)
        rows.append((f"{stage.group}: {stage.name}", stage_mb / t, stage_mb / t_f))
        inputs = [stage.fix(x, DEFAULT).text for x in current]
    return rows


def _run(cmd: list[str], **kw) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - t0


def _tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else (shutil.which(name) or name)


def startup(tmp: Path, runs: int = 7) -> tuple[float, float]:
    """Median seconds of ``ocrfix clean --stdout`` and ``ftfy`` on a one-line file."""
    one = tmp / "une-ligne.txt"
    one.write_text("Les élus a I'écoute des habitants.\n", encoding="utf-8")
    ocrfix_cmd = [_tool("ocrfix"), "clean", "--stdout", str(one)]
    ftfy_cmd = [_tool("ftfy"), str(one)]
    _run(ocrfix_cmd), _run(ftfy_cmd)  # warm the file cache
    o = statistics.median(_run(ocrfix_cmd) for _ in range(runs))
    f = statistics.median(_run(ftfy_cmd) for _ in range(runs))
    return o, f


_PEAK = """
import sys
text = open(sys.argv[1], encoding="utf-8").read()
if sys.argv[2] == "ocrfix":
    import ocrfix
    ocrfix.clean(text)
elif sys.argv[2] == "ftfy":
    import ftfy
    ftfy.fix_text(text)
# VmHWM, not ru_maxrss: the latter keeps the parent's peak across exec
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        print(int(line.split()[1]))
"""


def peak_memory(big: Path) -> dict[str, float]:
    """Peak resident memory (MB) of a process reading ``big`` and cleaning it (or not)."""
    out = {}
    for what in ("python", "ocrfix", "ftfy"):
        r = subprocess.run([sys.executable, "-c", _PEAK, str(big), what], check=True,
                           capture_output=True, text=True)
        out[what] = int(r.stdout.strip()) / 1024  # kB
    return out


_FTFY_LOOP = """
import sys, pathlib, ftfy
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for p in sorted(src.glob("*.txt")):
    (dst / p.name).write_text(ftfy.fix_text(p.read_text(encoding="utf-8")), encoding="utf-8")
"""


def batch(tmp: Path, docs: list[str]) -> dict[str, float]:
    """MB/s of ``ocrfix batch`` with 1 and 2 jobs and of a ftfy loop over the same files."""
    src = tmp / "lot"
    src.mkdir()
    for i, d in enumerate(docs):
        (src / f"doc{i:04d}.txt").write_text(d, encoding="utf-8")
    mb = _mb(docs)
    out: dict[str, float] = {"files": len(docs), "megabytes": mb}
    for jobs in (1, 2):
        dst = tmp / f"propres{jobs}"
        t = min(_run([_tool("ocrfix"), "batch", str(src), "--out-dir", str(dst), "--jobs",
                      str(jobs), "--force", "--quiet"]) for _ in range(2))
        out[f"ocrfix_jobs{jobs}"] = mb / t
    dst = tmp / "ftfy"
    dst.mkdir()
    t = min(_run([sys.executable, "-c", _FTFY_LOOP, str(src), str(dst)]) for _ in range(2))
    out["ftfy_loop"] = mb / t
    return out


def _machine() -> dict[str, str]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import ftfy
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return {"date": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": f"{platform.system()} {platform.machine()}, {cpu}, {os.cpu_count()} CPUs",
            "python": platform.python_version(), "ocrfix": f"{__version__} (commit {commit})",
            "ftfy": ftfy.__version__}


def report(machine: dict, rows, start: tuple[float, float], mem: dict, bat: dict,
           mb: float) -> str:
    lines = ["# Benchmarks", "",
             "Written by `make bench` (`python -m ocrfix.bench`); do not edit by hand.  Each",
             "figure is beside `ftfy.fix_text` (or the `ftfy` command) on the same input in the",
             "same run; the ratio is ocrfix / ftfy.  Timings are the best of several runs on a",
             "machine that may be shared: compare ratios between runs, not absolute figures.", "",
             "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in machine.items()]
    lines += [f"| text | {mb:.2f} MB of OCR-like French: the development corpus damaged at "
              "the heavy level (several seeds) and the real OCR of seed 003 |", "",
              "## Throughput", "",
              "Each stage is timed on the text as it reaches it in the pipeline.", "",
              "| what | ocrfix MB/s | ftfy.fix_text MB/s | ratio |", "|---|---:|---:|---:|"]
    lines += [f"| {name} | {o:.2f} | {f:.2f} | {o / f:.2f} |" for name, o, f in rows]
    o, f = start
    lines += ["", "## Start-up", "",
              "Median wall time of cleaning a one-line file from the command line.", "",
              "| command | seconds | ftfy seconds | ratio |", "|---|---:|---:|---:|",
              f"| `ocrfix clean --stdout` vs `ftfy` | {o:.3f} | {f:.3f} | {o / f:.2f} |",
              "", "## Peak memory", "",
              "Peak resident set of a process that reads the whole text and cleans it in one call.",
              "",
              "| process | MB | ftfy MB | ratio |", "|---|---:|---:|---:|",
              f"| `ocrfix.clean` | {mem['ocrfix']:.0f} | {mem['ftfy']:.0f} | "
              f"{mem['ocrfix'] / mem['ftfy']:.2f} |",
              f"| (Python reading the text, no cleaning) | {mem['python']:.0f} | | |",
              "", "## Batch", "",
              f"`ocrfix batch --out-dir` over {bat['files']} files ({bat['megabytes']:.2f} MB), "
              "beside a Python loop calling `ftfy.fix_text` on each file (one process).", "",
              "| what | MB/s | ftfy loop MB/s | ratio |", "|---|---:|---:|---:|",
              f"| `ocrfix batch --jobs 1` | {bat['ocrfix_jobs1']:.2f} | {bat['ftfy_loop']:.2f} | "
              f"{bat['ocrfix_jobs1'] / bat['ftfy_loop']:.2f} |",
              f"| `ocrfix batch --jobs 2` | {bat['ocrfix_jobs2']:.2f} | {bat['ftfy_loop']:.2f} | "
              f"{bat['ocrfix_jobs2'] / bat['ftfy_loop']:.2f} |", ""]
    return "\n".join(lines)


def kept_sections(path: Path) -> str:
    r"""Sections other scripts wrote in ``path`` between ``<!-- NAME:start -->`` and
    ``<!-- NAME:end -->`` (``make bench-dask``), kept when the file is rewritten.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "B.md"
    >>> _ = p.write_text("# old\n<!-- x:start -->\n## X\n<!-- x:end -->\nold\n", encoding="utf-8")
    >>> kept_sections(p)
    '\n<!-- x:start -->\n## X\n<!-- x:end -->\n'
    >>> kept_sections(p.with_name("none.md"))
    ''
    """
    try:
        old = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    spans = re.finditer(r"<!-- ([\w-]+):start -->.*?<!-- \1:end -->", old, flags=re.S)
    return "".join("\n" + m.group(0) + "\n" for m in spans)


def main(argv: list[str] | None = None) -> int:
    from .corpus import repository_root

    parser = argparse.ArgumentParser(prog="python -m ocrfix.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=Path("BENCHMARKS.md"))
    parser.add_argument("--megabytes", type=float, default=1.0)
    args = parser.parse_args(argv)
    root = repository_root(Path.cwd())
    docs = bench_text(root, args.megabytes)
    mb = _mb(docs)
    print(f"bench: {len(docs)} documents, {mb:.2f} MB", file=sys.stderr)
    rows = throughput(docs)
    with tempfile.TemporaryDirectory(prefix="ocrfix-bench-") as tmp_:
        tmp = Path(tmp_)
        start = startup(tmp)
        big = tmp / "tout.txt"
        big.write_text("\n\n".join(docs), encoding="utf-8")
        mem = peak_memory(big)
        bat = batch(tmp, docs)
    text = report(_machine(), rows, start, mem, bat, mb) + kept_sections(args.output)
    args.output.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
