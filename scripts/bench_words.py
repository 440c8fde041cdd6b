#!/usr/bin/env python3
"""Start-up and throughput of the words stages, beside ftfy.fix_text.

Usage: python scripts/bench_words.py [FILE] [REPEAT]
Without FILE, the clean seeds (000, 001, 002, 004) are concatenated REPEAT
times (default 50, about 1 MB).  Times are CPU seconds, the best of three
runs (the machine is shared).  The start-up of ``ocrfix clean`` on a one-line
input is timed as a whole process, beside a Python process that imports ftfy
and fixes the same line.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _best(f, n: int = 3) -> float:
    best = float("inf")
    for _ in range(n):
        t = time.process_time()
        f()
        best = min(best, time.process_time() - t)
    return best


def _wall(cmd: list[str], data: str, n: int = 3) -> float:
    best = float("inf")
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, input=data, capture_output=True, text=True, check=True)
        best = min(best, time.perf_counter() - t)
    return best


def main(argv: list[str]) -> int:
    t0 = time.perf_counter()
    import ftfy

    from ocrfix import Config, clean
    from ocrfix.lexicon import lexicon
    from ocrfix.pipeline import GROUPS
    t1 = time.perf_counter()
    lexicon()
    t2 = time.perf_counter()
    if len(argv) > 1:
        text = Path(argv[1]).read_text(encoding="utf-8")
    else:
        seeds = [p for p in sorted((ROOT / "seeds").glob("*.txt"))
                 if not p.name.startswith("003_") and not p.name.endswith(".clean.txt")]
        repeat = int(argv[2]) if len(argv) > 2 else 50
        text = "\n\n".join(p.read_text(encoding="utf-8") for p in seeds) * repeat
    mb = len(text.encode()) / 1e6
    words = Config().without(*[g for g in GROUPS if g != "words"])
    line = "Il est tres content d'etre la.\n"
    exe = [sys.executable, "-m", "ocrfix", "clean", "-"]
    ftfy_cmd = [sys.executable, "-c",
                "import sys, ftfy; sys.stdout.write(ftfy.fix_text(sys.stdin.read()))"]
    print(f"imports (ocrfix, ftfy) {t1 - t0:.3f} s; lexicon load {t2 - t1:.3f} s")
    print(f"one-line 'ocrfix clean -' process: {_wall(exe, line):.2f} s "
          f"(python + ftfy.fix_text: {_wall(ftfy_cmd, line):.2f} s)")
    for name, f in (("ftfy.fix_text", lambda: ftfy.fix_text(text)),
                    ("ocrfix, words group", lambda: clean(text, words)),
                    ("ocrfix, all stages", lambda: clean(text))):
        d = _best(f)
        print(f"{name:22} {d:6.2f} CPU-s  {mb / d:5.2f} MB/s  ({mb:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
