"""Count the instructions the segmentation group and its peers spend on the
same damaged text: a speed measure the other jobs of a shared machine do not
disturb (CPU seconds vary by up to 1.7x between runs there).

Each cleaner runs in its own process under valgrind's callgrind, which counts
only from the moment the setup is done (texts damaged, lexicon or dictionary
loaded, caches empty) to the end of the work: ``MB`` megabytes of the texts of
``corpus/clean/dev`` with medium spacing damage, each text damaged once, in
the order ``segmentation_eval.py --speed`` damages them (0.1 MB: every text
different, nothing looked up before; 1 MB: the texts come back ten times).

Usage: ``python scripts/segmentation_instructions.py [--mb 0.1] [--peers]``
(needs ``valgrind``; about a minute per cleaner and 0.1 MB).  For ocrfix:
both stages in a row, as in the pipeline.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEER_NAMES = ("symspellpy word_segmentation", "wordninja-pp (fr)")


def _work(cleaner: str, megabytes: float, go: Path) -> None:
    """The child: set up, say so on stdout, wait for ``go``, work, exit at once."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "scripts"))
    import segmentation_eval
    from ocrfix.corpus import clean_texts
    texts = [t.read() for t in clean_texts(ROOT, ["dev"])]
    chunks = segmentation_eval.damaged_texts(texts, megabytes)
    if cleaner == "ocrfix":
        from ocrfix.segmentation import rejoin_split_words, split_run_together_words
        rejoin_split_words(texts[0])
        split_run_together_words(texts[0])  # the lexicon loaded
        segmentation_eval.forget()

        def run(text: str) -> object:
            return split_run_together_words(rejoin_split_words(text).text)
    else:
        run = segmentation_eval.peers()[cleaner]
        run(texts[0])  # its dictionary loaded
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.05)
    for c in chunks:
        run(c)
    os._exit(0)


def count(cleaner: str, megabytes: float) -> int:
    """Instructions ``cleaner`` spends on ``megabytes`` of damaged text."""
    with tempfile.TemporaryDirectory() as tmp:
        go = Path(tmp) / "go"
        proc = subprocess.Popen(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no",
             f"--callgrind-out-file={tmp}/callgrind.out", sys.executable, __file__,
             "--child", cleaner, "--mb", str(megabytes), "--go", str(go)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        if proc.stdout.readline().strip() != "ready":
            raise SystemExit(f"{cleaner}: {proc.communicate()[1][-2000:]}")
        subprocess.run(["callgrind_control", "--instr=on", str(proc.pid)],
                       check=True, capture_output=True)
        go.touch()
        _, err = proc.communicate()
    found = re.search(r"Collected : (\d+)", err)
    if not found:
        raise SystemExit(f"{cleaner}: no count in valgrind's output:\n{err[-2000:]}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=0.1)
    ap.add_argument("--peers", action="store_true", help="also count the peers installed")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--go", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _work(args.child, args.mb, args.go)
        return 0
    if not shutil.which("valgrind"):
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    ours = count("ocrfix", args.mb)
    print(f"ocrfix, both stages in a row: {ours / 1e6:,.0f} M instructions for {args.mb} MB")
    for name in (PEER_NAMES if args.peers else ()):
        theirs = count(name, args.mb)
        print(f"{name}: {theirs / 1e6:,.0f} M instructions ({ours / theirs:.1f}x less than ocrfix)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
