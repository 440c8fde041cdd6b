"""Check that a change to the segmentation group changes no output (a speed-up).

Runs, with the ocrfix found under ``--root`` (a checkout or ``git archive``
of the commit to compare), on every ``corpus/noisy/*/*/*.ocr.txt``, every
clean text (dev and heldout, with the seeds) and ``corpus/real``:

- ``clean`` with every stage (the text and every edit);
- the two segmentation stages alone, in a row, on the text as given;

and on the damaged texts ``segmentation_eval.py --speed`` times (1 MB of dev
and of heldout, medium spacing damage), the two stages in a row.  Writes one
line per case: its name and the SHA-256 of its output text and edits
(stage, span, before, after, reason, confidence).

Usage::

    git archive BASE | tar -x -C /tmp/base
    python scripts/segmentation_identity.py --root /tmp/base > /tmp/base.txt
    python scripts/segmentation_identity.py --root . > /tmp/new.txt
    diff /tmp/base.txt /tmp/new.txt && echo identical

The corpus is read from this checkout (``make corpus`` writes the noisy part).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def digest(text: str, edits) -> str:
    h = hashlib.sha256(text.encode("utf-8"))
    for e in edits:
        h.update(repr((e.stage, e.start, e.end, e.before, e.after, e.reason,
                       e.confidence)).encode("utf-8"))
    return h.hexdigest()[:24]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", type=Path, default=HERE, help="the ocrfix to run")
    ap.add_argument("--megabytes", type=float, default=1.0)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(args.root.resolve()))
    import ocrfix
    assert Path(ocrfix.__file__).resolve().is_relative_to(args.root.resolve()), ocrfix.__file__
    from ocrfix import Config, clean
    from ocrfix.corpus import clean_texts
    from ocrfix.noise import damage_spacing, rates_for
    from ocrfix.pipeline import GROUPS
    from ocrfix.segmentation import rejoin_split_words, split_run_together_words

    seg_only = Config().without(*[g for g in GROUPS if g != "segmentation"])

    def both(text: str) -> str:
        first = rejoin_split_words(text)
        second = split_run_together_words(first.text)
        return digest(second.text, [*first.edits, *second.edits])

    cases: list[tuple[str, str]] = []
    for path in sorted((HERE / "corpus").glob("noisy/*/*/*.ocr.txt")):
        cases.append((str(path.relative_to(HERE)), path.read_text(encoding="utf-8")))
    for path in sorted((HERE / "corpus" / "real").rglob("*.txt")):
        cases.append((str(path.relative_to(HERE)), path.read_text(encoding="utf-8")))
    for t in clean_texts(HERE, ["dev", "heldout"]):
        cases.append((f"clean:{t.name}", t.read()))
    for path in sorted((HERE / "seeds").glob("*.txt")):
        cases.append((str(path.relative_to(HERE)), path.read_text(encoding="utf-8")))
    for name, text in cases:
        r = clean(text, None)
        s = clean(text, seg_only)
        print(name, "clean", digest(r.text, r.edits), "segmentation", digest(s.text, s.edits),
              "stages", both(text), flush=True)
    rates = rates_for("medium").only("spacing")
    for part in ("dev", "heldout"):
        texts = [t.read() for t in clean_texts(HERE, [part])]
        size = k = 0
        while size < args.megabytes * 1e6:  # the chunks of segmentation_eval.py --speed
            d = damage_spacing(texts[k % len(texts)], seed=zlib.crc32(f"{k}".encode()),
                               rates=rates)
            print(f"speed:{part}:{k}", "stages", both(d.text), flush=True)
            size += len(d.text.encode("utf-8"))
            k += 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
