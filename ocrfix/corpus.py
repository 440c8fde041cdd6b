"""The development corpus of the repository (``corpus/``), for measuring stages.

- ``corpus/clean/dev/*.txt`` and the clean seeds (``seeds/000``, ``001``,
  ``002``, ``004``): clean French that rules may be tuned on;
- ``corpus/clean/heldout/*.txt``: clean French that no rule is tuned on;
- ``corpus/real/NAME.ocr.txt`` / ``NAME.gold.txt``: real OCR output and its
  hand-corrected gold;
- ``corpus/noisy/PART/LEVEL/NAME.{ocr,gold}.txt`` and ``NAME.errors.json``:
  the clean texts damaged by :mod:`ocrfix.noise` at each level of
  :data:`LEVELS`, written by ``python -m ocrfix.corpus`` (``make corpus``).

The noise of each text depends only on its name and the level, so adding a
text never changes the others.  This module is a development tool; the
cleaning pipeline never imports it.
"""

from __future__ import annotations

import argparse
import sys
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .evaluate import PairReport, evaluate_output, evaluate_pair, find_pairs
from .noise import Damaged, damage

__all__ = ["LEVELS", "PARTS", "CleanText", "clean_texts", "noisy", "build", "synthetic_reports",
           "real_reports", "repository_root"]

LEVELS: tuple[str, ...] = ("light", "medium", "heavy")
PARTS: tuple[str, ...] = ("dev", "heldout")
#: The clean seeds belong to the development part.
SEED_GLOB = "00[0124]_*.txt"


@dataclass(frozen=True, slots=True)
class CleanText:
    name: str
    part: str
    path: Path

    def read(self) -> str:
        return self.path.read_text(encoding="utf-8")


def repository_root(start: Path | None = None) -> Path:
    """The folder holding ``corpus/`` (searched upwards from ``start`` or this file)."""
    here = (start or Path(__file__)).resolve()
    for folder in [here, *here.parents]:
        if (folder / "corpus" / "clean").is_dir():
            return folder
    raise FileNotFoundError("no corpus/clean folder above " + str(here))


def clean_texts(root: Path, parts: Sequence[str] = PARTS) -> list[CleanText]:
    """The clean texts of the corpus, by part then name."""
    texts: list[CleanText] = []
    for part in parts:
        if part == "dev":
            for p in sorted((root / "seeds").glob(SEED_GLOB)):
                if not p.name.endswith(".clean.txt"):
                    texts.append(CleanText("seed" + p.name[:3], part, p))
        for p in sorted((root / "corpus" / "clean" / part).glob("*.txt")):
            texts.append(CleanText(p.stem, part, p))
    return texts


def noise_seed(name: str, level: str) -> int:
    """The seed of a text's noise at a level: stable, independent of other texts."""
    return zlib.crc32(f"{name}:{level}".encode("utf-8"))


def noisy(text: CleanText, level: str) -> Damaged:
    """The text damaged at ``level`` (same result every time)."""
    return damage(text.read(), level, seed=noise_seed(text.name, level))


def build(root: Path, out: Path | None = None, levels: Sequence[str] = LEVELS) -> list[Path]:
    """Write every noisy pair under ``out`` (default ``corpus/noisy``); return the OCR files."""
    out = out or root / "corpus" / "noisy"
    written = []
    for text in clean_texts(root):
        for level in levels:
            d = noisy(text, level)
            folder = out / text.part / level
            folder.mkdir(parents=True, exist_ok=True)
            ocr = folder / f"{text.name}.ocr.txt"
            ocr.write_text(d.text, encoding="utf-8")
            (folder / f"{text.name}.gold.txt").write_text(d.gold, encoding="utf-8")
            (folder / f"{text.name}.errors.json").write_text(
                d.errors_json(source=text.path.relative_to(root).as_posix(), level=level,
                              seed=noise_seed(text.name, level)), encoding="utf-8")
            written.append(ocr)
    return written


def synthetic_reports(root: Path, part: str, level: str, config=None,
                      cleaner: Callable[[str], str] | None = None) -> list[PairReport]:
    """Evaluate ocrfix (or ``cleaner``) on one part at one level, in memory."""
    reports = []
    for text in clean_texts(root, [part]):
        d = noisy(text, level)
        if cleaner is not None:
            reports.append(evaluate_output(text.name, d.text, d.gold, cleaner(d.text),
                                           errors=d.errors))
        else:
            reports.append(evaluate_pair(d.text, d.gold, config, name=text.name,
                                         errors=d.errors))
    return reports


def real_reports(root: Path, config=None,
                 cleaner: Callable[[str], str] | None = None) -> list[PairReport]:
    """Evaluate ocrfix (or ``cleaner``) on the real OCR pairs of ``corpus/real``."""
    from .evaluate import evaluate_files
    pairs, problems = find_pairs(root / "corpus" / "real")
    if problems:
        raise FileNotFoundError("; ".join(problems))
    return [evaluate_files(p, config, cleaner) for p in pairs]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ocrfix.corpus",
        description="Write the noisy versions of the development corpus (corpus/noisy/).")
    parser.add_argument("--root", type=Path, default=None,
                        help="repository root (default: found from the current folder)")
    parser.add_argument("--out", type=Path, default=None, help="default: ROOT/corpus/noisy")
    args = parser.parse_args(argv)
    root = args.root or repository_root(Path.cwd())
    written = build(root, args.out)
    print(f"{len(written)} noisy texts written under {args.out or root / 'corpus' / 'noisy'}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
