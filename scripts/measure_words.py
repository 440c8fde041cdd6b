#!/usr/bin/env python3
"""Measure the words stages on clean French damaged by ocrfix.noise.

For every clean text (corpus/clean/<set>/*.txt, plus the clean seeds for the
dev set), inject the ``words`` family of OCR errors with ocrfix.noise
(``damage_words``, preset ``heavy`` by default, seeds 1 and 2), clean with
the words group only, and score every injected error with
ocrfix.evaluate.score_errors: recall and precision per error kind, spurious
changes, and every edit made to the clean texts themselves (each one is
damage unless it mends a real error of the text).

Accent errors on capital letters are reported apart (``accent_loss(capital)``):
capitals stay as printed by design (``Config.accent_capitals``).  Lost accents
on the word ``à`` are reported apart too (``accent_loss(a/à)``): they are
decided by context rules, not by frequencies.

Usage: python scripts/measure_words.py [dev|heldout] [light|medium|heavy]
Needs ocrfix.noise, ocrfix.evaluate and corpus/ (issue 3).
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import regex

from ocrfix import Config, clean
from ocrfix.evaluate import KindScore, score_errors
from ocrfix.noise import damage_words, rates_for
from ocrfix.pipeline import GROUPS

ROOT = Path(__file__).resolve().parent.parent
WORDS_ONLY = Config().without(*[g for g in GROUPS if g != "words"])
_A_WORD = regex.compile(r"(?<![\p{L}'’])à(?![\p{L}])")


def texts(which: str) -> list[Path]:
    files = sorted((ROOT / "corpus" / "clean" / which).glob("*.txt"))
    if which == "dev":
        files += [p for p in sorted((ROOT / "seeds").glob("*.txt"))
                  if not p.name.startswith("003_") and not p.name.endswith(".clean.txt")]
    return files


def _split_kind(e, gold: str):
    if e.kind in ("accent_loss", "wrong_accent") and e.gold[:1].isupper():
        return dataclasses.replace(e, kind=e.kind + "(capital)")
    if e.kind == "accent_loss" and _A_WORD.match(gold, e.gold_start):
        return dataclasses.replace(e, kind="accent_loss(a/à)")
    return e


def measure(which: str = "dev", preset: str = "heavy", seeds=(1, 2)):
    """(scores per kind, spurious changes, edits on the clean texts)."""
    rates = rates_for(preset).only("words")
    kinds: dict[str, KindScore] = {}
    spurious = 0
    clean_edits = []
    for path in texts(which):
        gold = path.read_text(encoding="utf-8")
        clean_edits += [(path.name, e) for e in clean(gold, WORDS_ONLY).edits]
        for seed in seeds:
            d = damage_words(gold, seed=seed, rates=rates)
            out = clean(d.text, WORDS_ONLY).text
            errors = [_split_kind(e, d.gold) for e in d.errors]
            scores, sp = score_errors(errors, d.text, out, d.gold)
            spurious += sp
            for k, v in scores.items():
                kinds.setdefault(k, KindScore()).add(v)
    return dict(sorted(kinds.items())), spurious, clean_edits


def main(argv: list[str]) -> int:
    which = argv[1] if len(argv) > 1 else "dev"
    preset = argv[2] if len(argv) > 2 else "heavy"
    kinds, spurious, clean_edits = measure(which, preset)
    print(f"words stages on corpus/clean/{which} ({len(texts(which))} texts), "
          f"noise preset {preset!r}, seeds 1 and 2")
    print(f"{'kind':24} {'total':>6} {'repaired':>8} {'left':>6} {'worse':>6} "
          f"{'recall':>7} {'precision':>9}")
    total, designed = KindScore(), KindScore()
    for k, v in kinds.items():
        total.add(v)
        if not k.endswith("(capital)"):
            designed.add(v)
        print(f"{k:24} {v.total:6} {v.repaired:8} {v.left:6} {v.worse:6} "
              f"{v.recall:7.1%} {v.precision:9.1%}")
    for name, v in (("ALL", total), ("ALL but capitals", designed)):
        print(f"{name:24} {v.total:6} {v.repaired:8} {v.left:6} {v.worse:6} "
              f"{v.recall:7.1%} {v.precision:9.1%}")
    print(f"spurious changes (edits meeting no injected error): {spurious}")
    print(f"edits on the clean texts: {len(clean_edits)}")
    for name, e in clean_edits:
        print(f"  {name}: {e.stage} {e.before!r} -> {e.after!r} ({e.reason})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
