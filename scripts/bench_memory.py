"""Benchmark: wall time, throughput and peak memory of ``ocrfix clean`` on big files.

Run with ``make bench-memory`` (or ``python scripts/bench_memory.py --help``).
It builds files of 5, 50 and 500 MB by repeating the noisy development corpus
(``corpus/noisy/dev/medium/*.ocr.txt``, written by ``make corpus``), runs
``ocrfix clean FILE -o OUT`` on each in a subprocess with every stage on, and
reports the wall time, the CPU time, the throughput and the peak resident set
of that process (``ru_maxrss`` of its only child, read by a small launcher
process).  Files above the streaming threshold (8 MB) are cleaned in pieces
(:mod:`ocrfix.stream`); below it, in one piece.

``--results FILE`` keeps the figures of every run in a JSON file, so that the
500 MB run can go on in the background while the others are written:
``--write BENCHMARKS.md`` puts the section, with every figure of the results
file, in BENCHMARKS.md between its markers (the mechanism of
``scripts/bench_dask.py``).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_dask import write_section  # noqa: E402

from ocrfix.stream import PIECE_CHARS, STREAM_BYTES, STREAM_BYTES_ENV  # noqa: E402

START, END = "<!-- bench-memory:start -->", "<!-- bench-memory:end -->"
SOURCES = "corpus/noisy/dev/medium/*.ocr.txt"

#: Runs the command given as arguments and prints its exit code, wall seconds,
#: peak resident set (kB) and CPU seconds.  A process of its own, small, so
#: that ``RUSAGE_CHILDREN`` holds only the one child measured.
_LAUNCHER = """
import resource, subprocess, sys, time
t = time.perf_counter()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
wall = time.perf_counter() - t
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(r.returncode, wall, u.ru_maxrss, u.ru_utime + u.ru_stime)
"""


def measure(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, float]:
    """Exit code, wall and CPU seconds, and peak RSS (MB) of ``cmd`` in a subprocess."""
    out = subprocess.run([sys.executable, "-c", _LAUNCHER, *cmd], capture_output=True,
                         text=True, check=True, env=env).stdout.split()
    code, wall, rss_kb, cpu = int(out[0]), float(out[1]), int(out[2]), float(out[3])
    return {"returncode": code, "seconds": wall, "cpu_seconds": cpu, "peak_rss_mb": rss_kb / 1024}


def source_text() -> str:
    files = sorted(ROOT.glob(SOURCES))
    if not files:
        sys.exit(f"no {SOURCES}: run `make corpus` first")
    return "\n\n".join(p.read_text(encoding="utf-8").strip("\n") for p in files) + "\n\n"


def make_file(path: Path, megabytes: float, text: str) -> int:
    """``path`` filled with ``text`` repeated up to ``megabytes`` (written in pieces)."""
    block = text.encode("utf-8")
    target = int(megabytes * 1e6)
    written = 0
    with path.open("wb") as f:
        while written < target:
            part = block[: target - written]
            if len(part) < len(block):       # end on a whole line
                part = part[: part.rfind(b"\n") + 1] or part
            f.write(part)
            written += len(part)
            if len(part) < len(block):
                break
    return written


def run_size(work: Path, megabytes: float, text: str, ocrfix: str,
             options: list[str]) -> dict:
    src = work / f"big-{megabytes:g}MB.txt"
    size = make_file(src, megabytes, text)
    dst = work / f"big-{megabytes:g}MB.clean.txt"
    print(f"{size / 1e6:.0f} MB: ocrfix clean {' '.join(options)} ...", file=sys.stderr, flush=True)
    m = measure([ocrfix, "clean", str(src), "-o", str(dst), "--force", *options])
    if m["returncode"] != 0:
        sys.exit(f"ocrfix clean failed on {src} (exit {m['returncode']})")
    threshold = int(os.environ.get(STREAM_BYTES_ENV) or STREAM_BYTES)
    row = {"megabytes": size / 1e6, "options": " ".join(options),
           "streamed": size > threshold, "output_megabytes": dst.stat().st_size / 1e6,
           "date": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), **m}
    row["mb_per_s"] = row["megabytes"] / m["seconds"]
    src.unlink()
    dst.unlink()
    print(f"  {m['seconds']:.0f} s, {row['mb_per_s']:.2f} MB/s, peak RSS "
          f"{m['peak_rss_mb']:.0f} MB", file=sys.stderr, flush=True)
    return row


def render(rows: list[dict], baseline: dict) -> str:
    lines = [
        START,
        "## Memory on big files: `make bench-memory`",
        "",
        f"Written by `scripts/bench_memory.py` ({platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs shared with other jobs, Python {platform.python_version()}).  "
        f"Each file repeats the noisy development corpus (`{SOURCES}`, {len(source_text()) / 1e3:.0f} kB) "
        "and is cleaned by `ocrfix clean FILE -o OUT` (every stage on, or the options given), "
        "in a process of its own; peak RSS is that process's `ru_maxrss`, and MB/s is per "
        "second of wall time (CPU s shows how much of it the process had).  Files above "
        f"{STREAM_BYTES / 2**20:.0f} MiB are cleaned in pieces of about {PIECE_CHARS / 1e6:g} "
        "million characters (`ocrfix/stream.py`): their memory does not grow with their size.  "
        f"For scale, `ocrfix clean` of a one-line file peaks at {baseline['peak_rss_mb']:.0f} MB "
        "(Python, the stages and the lexicon).",
        "",
        "| input MB | read | options | wall s | CPU s | MB/s | peak RSS MB | measured |",
        "|---:|---|---|---:|---:|---:|---:|---|",
    ]
    for r in sorted(rows, key=lambda r: (r["megabytes"], r["options"])):
        lines.append(
            f"| {r['megabytes']:.0f} | {'in pieces' if r['streamed'] else 'whole'} | "
            f"{r['options'] or 'all stages'} | {r['seconds']:.0f} | {r['cpu_seconds']:.0f} | "
            f"{r['mb_per_s']:.2f} | {r['peak_rss_mb']:.0f} | {r['date']} |")
    lines += ["", "Rerun `make bench-memory` when stages change: with every stage on, cleaning "
              "runs at about 0.05-0.1 MB per CPU second, so 500 MB takes hours; "
              "`python scripts/bench_memory.py --sizes 5,50 --results R.json --write BENCHMARKS.md` "
              "for a quicker look, and `--options '--no-segmentation --no-words'` (about 0.9 MB "
              "per CPU second) to measure the memory of 500 MB in pieces in about ten minutes "
              "of CPU.", END]
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="5,50,500", help="file sizes in MB [5,50,500]")
    ap.add_argument("--options", default="", help="options for ocrfix clean, e.g. '--no-words'")
    ap.add_argument("--results", type=Path, help="JSON file that keeps the figures of every run")
    ap.add_argument("--write", type=Path, help="put the section in this Markdown file")
    ap.add_argument("--tmp", type=Path, help="folder for the big files [a temporary folder]")
    args = ap.parse_args()
    ocrfix = str(Path(sys.executable).with_name("ocrfix"))
    text = source_text()
    rows: list[dict] = []
    if args.results and args.results.exists():
        rows = json.loads(args.results.read_text(encoding="utf-8"))
    options = args.options.split()
    work = Path(tempfile.mkdtemp(prefix="ocrfix-bench-memory-", dir=args.tmp))
    try:
        one = work / "one.txt"
        one.write_text("Une ligne.\n", encoding="utf-8")
        baseline = measure([ocrfix, "clean", str(one), "-o", str(work / "one.out"), "--force"])
        for mb in [float(s) for s in args.sizes.split(",") if s]:
            row = run_size(work, mb, text, ocrfix, options)
            rows = [r for r in rows if not (round(r["megabytes"]) == round(row["megabytes"])
                                            and r["options"] == row["options"])] + [row]
            if args.results:
                args.results.write_text(json.dumps(rows, indent=1), encoding="utf-8")
            section = render(rows, baseline)
            if args.write:
                write_section(args.write, section, START, END)
    finally:
        for p in work.iterdir():
            p.unlink()
        work.rmdir()
    print(section, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
