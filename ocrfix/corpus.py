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
from typing import Any
from pathlib import Path

from .evaluate import PairReport, evaluate_output, evaluate_pair, find_pairs
from .noise import Damaged, damage

__all__ = ["LEVELS", "PARTS", "CleanText", "clean_texts", "noisy", "build", "synthetic_reports",
           "real_reports", "repository_root", "SecondPass", "second_pass", "render_second_pass"]

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


def summary(reports: Sequence[PairReport]) -> dict:
    """The figures the quality gates check, for a set of reports."""
    from .evaluate import total
    t = total(reports)
    edits = sum(t.counts.values())
    d: dict[str, Any] = {
        "chars": t.before.chars,
        "cer_before": round(100 * t.before.cer, 3),
        "wer_before": round(100 * t.before.wer, 3),
        "wer_after": round(100 * t.after.wer, 3),
        "paragraph_f1_before": round(t.before.breaks.f1, 4),
        "char_error_reduction": round(t.char_reduction or 0.0, 2),
        "word_error_reduction": round(t.word_reduction or 0.0, 2),
        "cer_after": round(100 * t.after.cer, 3),
        "paragraph_f1_after": round(t.after.breaks.f1, 4),
        "edits": edits,
        "worse_edits": len(t.worse),
        "worse_share": round(len(t.worse) / edits, 4) if edits else 0.0,
    }
    if t.kinds:
        d["kind_recall"] = {k: round(v.recall, 4) for k, v in t.kinds.items()}
        d["kind_precision"] = {k: round(v.precision, 4) for k, v in t.kinds.items()}
    return d


def measure(root: Path, config=None, cleaner: Callable[[str], str] | None = None
            ) -> dict[str, dict]:
    """Summaries of every set: ``dev/LEVEL``, ``heldout/LEVEL`` and ``real``."""
    out = {f"{part}/{level}": summary(synthetic_reports(root, part, level, config, cleaner))
           for part in PARTS for level in LEVELS}
    out["real"] = summary(real_reports(root, config, cleaner))
    return out


@dataclass(frozen=True, slots=True)
class SecondPass:
    """What a second cleaning changes in ocrfix's own output, for one set."""
    texts: int
    changed: int
    edits: dict[str, int]      # per stage
    examples: tuple[str, ...]  # a few ``stage: before -> after``


def second_pass(root: Path, config=None, examples: int = 3) -> dict[str, SecondPass]:
    """Clean each damaged text twice and count what the second pass changes.

    A cleaner should be idempotent: its output, cleaned again, should not
    change.  The hypothesis tests check it on arbitrary short text; this
    measures it on realistic damage, where the stages' interplay shows
    (a repair in one stage that opens a repair to an earlier one).
    """
    from .pipeline import clean

    def run(name: str, outputs: list[str]) -> SecondPass:
        counts: dict[str, int] = {}
        seen: list[str] = []
        changed = 0
        for out in outputs:
            again = clean(out, config)
            changed += again.text != out
            for e in again.edits:
                counts[e.stage] = counts.get(e.stage, 0) + 1
                if len(seen) < examples:
                    seen.append(f"{e.stage}: {e.before!r} -> {e.after!r}")
        return SecondPass(len(outputs), changed, counts, tuple(seen))

    result = {}
    for part in PARTS:
        for level in LEVELS:
            outs = [clean(noisy(t, level).text, config).text for t in clean_texts(root, [part])]
            result[f"{part}/{level}"] = run(f"{part}/{level}", outs)
    pairs, _ = find_pairs(root / "corpus" / "real")
    result["real"] = run("real", [clean(p.ocr.read_text(encoding="utf-8"), config).text
                                  for p in pairs])
    return result


def render_second_pass(measured: dict[str, SecondPass]) -> str:
    """One row per set: texts a second pass changes, and its edits per stage."""
    lines = ["second pass (ocrfix's output cleaned again; an idempotent cleaner changes nothing):",
             f"  {'set':<15} {'changed':>9}  edits per stage"]
    for name, m in measured.items():
        stages = ", ".join(f"{k} {v}" for k, v in sorted(m.edits.items())) or "-"
        lines.append(f"  {name:<15} {m.changed:>4}/{m.texts:<4}  {stages}")
        lines.extend(f"  {'':<15} {'':>9}  e.g. {x}" for x in m.examples)
    return "\n".join(lines)


def render_measures(title: str, measured: dict[str, dict]) -> str:
    """One row per set: error rates before and after, reductions, breaks, edits."""
    head = (f"{'set':<15} {'chars':>8} {'CER before':>10} {'after':>7} {'reduct.':>8} "
            f"{'WER before':>10} {'after':>7} {'reduct.':>8} {'¶F1 before':>10} {'after':>6} "
            f"{'edits':>6} {'worse':>6}")
    lines = [title, head, "-" * len(head)]
    for name, m in measured.items():
        lines.append(
            f"{name:<15} {m['chars']:>8,} {m['cer_before']:>9.2f}% {m['cer_after']:>6.2f}% "
            f"{m['char_error_reduction']:>+7.1f}% {m['wer_before']:>9.2f}% {m['wer_after']:>6.2f}% "
            f"{m['word_error_reduction']:>+7.1f}% {m['paragraph_f1_before']:>10.3f} "
            f"{m['paragraph_f1_after']:>6.3f} {m['edits']:>6} {m['worse_edits']:>6}")
    return "\n".join(lines)


def render_kinds(measured: dict[str, dict]) -> str:
    """Recall per injected error kind (rows) and synthetic set (columns)."""
    sets = [k for k, m in measured.items() if "kind_recall" in m]
    kinds = sorted({k for s in sets for k in measured[s]["kind_recall"]})
    width = max(len(k) for k in kinds) if kinds else 4
    lines = ["recall by injected error kind (share repaired):",
             f"  {'kind':<{width}} " + " ".join(f"{s:>14}" for s in sets)]
    for k in kinds:
        cells = [measured[s]["kind_recall"].get(k) for s in sets]
        lines.append(f"  {k:<{width}} " + " ".join(
            f"{'':>14}" if c is None else f"{c:>14.1%}" for c in cells))
    return "\n".join(lines)


#: Margins below the measured figures when proposing floors.
FLOOR_MARGINS = {"char_error_reduction": 0.5, "word_error_reduction": 0.5,
                 "paragraph_f1_after": 0.02, "kind_recall": 0.05}
#: Largest share of edits that may make the text worse, in every set, counted
#: on at least WORSE_MIN_BASE edits (so one worse edit is tolerated in a small set).
WORSE_SHARE_MAX = 0.05
WORSE_MIN_BASE = 20


def propose_floors(measured: dict[str, dict], kinds: Sequence[str] = ()) -> dict[str, dict]:
    """Floors a little below ``measured`` (never below 0 for error reductions).

    Relative margins apply to large figures (5 % of the value), absolute ones
    (:data:`FLOOR_MARGINS`) to small ones.  ``kinds`` are the error kinds
    whose recall gets a floor (those some stage repairs).
    """
    floors: dict[str, dict] = {}
    for name, m in measured.items():
        f: dict = {}
        for key in ("char_error_reduction", "word_error_reduction"):
            margin = max(FLOOR_MARGINS[key], 0.05 * abs(m[key]))
            f[key] = max(0.0, round(m[key] - margin, 1)) if m[key] >= 0 else round(m[key] - margin, 1)
        f["paragraph_f1_after"] = round(max(0.0, m["paragraph_f1_after"]
                                            - FLOOR_MARGINS["paragraph_f1_after"]), 2)
        f["worse_share_max"] = WORSE_SHARE_MAX
        recall = {k: round(max(0.0, m["kind_recall"][k] - FLOOR_MARGINS["kind_recall"]), 2)
                  for k in kinds if k in m.get("kind_recall", {})}
        if recall:
            f["kind_recall"] = recall
        floors[name] = f
    return floors


def check_floors(measured: dict[str, dict], floors: dict[str, dict]) -> list[str]:
    """Every figure of ``measured`` below its floor (or above its ceiling), as messages."""
    problems = []
    for name, f in floors.items():
        m = measured.get(name)
        if m is None:
            problems.append(f"{name}: no such set")
            continue
        for key in ("char_error_reduction", "word_error_reduction", "paragraph_f1_after"):
            if key in f and m[key] < f[key]:
                problems.append(f"{name}: {key} {m[key]} < floor {f[key]}")
        # a share of at least 20 edits: one bad edit among three is not a trend
        if "worse_share_max" in f and \
                m["worse_edits"] > f["worse_share_max"] * max(m["edits"], WORSE_MIN_BASE):
            problems.append(f"{name}: {m['worse_edits']} of {m['edits']} edits made the text "
                            f"worse (more than {f['worse_share_max']:.0%} of "
                            f"max(edits, {WORSE_MIN_BASE}))")
        for kind, floor in f.get("kind_recall", {}).items():
            got = m.get("kind_recall", {}).get(kind, 0.0)
            if got < floor:
                problems.append(f"{name}: recall of {kind} {got} < floor {floor}")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    import json

    parser = argparse.ArgumentParser(
        prog="python -m ocrfix.corpus",
        description="The development corpus: write its noisy versions (build, the default), "
                    "measure ocrfix on it, or propose quality floors from the measures.")
    parser.add_argument("command", nargs="?", default="build",
                        choices=["build", "measure", "floors", "eval"])
    parser.add_argument("--root", type=Path, default=None,
                        help="repository root (default: found from the current folder)")
    parser.add_argument("--out", type=Path, default=None,
                        help="build: where to write (default ROOT/corpus/noisy)")
    parser.add_argument("--peers", action="store_true",
                        help="eval: also measure the peers installed (pip install -e '.[peers]')")
    parser.add_argument("--no-ocrfix", dest="ocrfix", action="store_false",
                        help="eval: measure only the peers")
    parser.add_argument("--kinds", default="",
                        help="floors: comma-separated error kinds whose recall gets a floor")
    args = parser.parse_args(argv)
    root = args.root or repository_root(Path.cwd())
    if args.command == "build":
        written = build(root, args.out)
        print(f"{len(written)} noisy texts written under {args.out or root / 'corpus' / 'noisy'}",
              file=sys.stderr)
        return 0
    if args.command == "eval":
        return _eval(root, args.ocrfix, args.peers)
    measured = measure(root)
    if args.command == "measure":
        print(json.dumps(measured, indent=1))
        return 0
    kinds = [k for k in args.kinds.split(",") if k]
    print(json.dumps(propose_floors(measured, kinds), indent=1))
    return 0


def _eval(root: Path, with_ocrfix: bool, with_peers: bool) -> int:
    import json
    import time

    status = 0
    results: dict[str, dict[str, dict]] = {}
    if with_ocrfix:
        t0 = time.perf_counter()
        measured = measure(root)
        results["ocrfix"] = measured
        print(render_measures(f"== ocrfix ({time.perf_counter() - t0:.1f} s) ==", measured))
        print()
        print(render_kinds(measured))
        print()
        print(render_second_pass(second_pass(root)))
        floors_file = root / "tests" / "quality_floors.json"
        if floors_file.is_file():
            floors = json.loads(floors_file.read_text(encoding="utf-8"))["floors"]
            problems = check_floors(measured, floors)
            print()
            print("quality floors (tests/quality_floors.json): "
                  + ("all met" if not problems else f"{len(problems)} not met"))
            for p in problems:
                print("  " + p)
            status = 1 if problems else 0
        print()
    if with_peers:
        from .peers import PEERS, available

        have = available()
        for name in PEERS:
            if name not in have:
                print(f"== {name}: not installed (pip install -e '.[peers]') ==\n")
                continue
            t0 = time.perf_counter()
            measured = measure(root, cleaner=have[name])
            results[name] = measured
            print(render_measures(f"== {name} ({time.perf_counter() - t0:.1f} s) ==", measured))
            print()
        if len(results) > 1:
            names = list(results)
            sets = list(next(iter(results.values())))
            print("character error reduction by tool (%; negative: the tool made the text worse):")
            print(f"  {'set':<15} " + " ".join(f"{n:>20}" for n in names))
            for s_ in sets:
                print(f"  {s_:<15} " + " ".join(
                    f"{results[n][s_]['char_error_reduction']:>+20.1f}" for n in names))
    return status


if __name__ == "__main__":
    sys.exit(main())
