"""Measure the segmentation group (issue 6) against its peers on the development corpus.

For each clean text of ``corpus/clean/PART`` (and the clean seeds, for dev),
``ocrfix.noise.damage_spacing`` deletes spaces (three times likelier next to
an accented letter) and inserts stray ones, at the rates of a preset
(``medium`` is seed 003's documents 2-3, ``heavy`` adds its document 1),
with several seeds.  Each cleaner then runs on the damaged text, and on the
clean text itself.

Scores are taken on word boundaries between letters and digits, case folded,
so that a cleaner which also changes case or punctuation (symspellpy) is
judged on its splits and joins alone:

- merges split: spaces the noise deleted between two words that the output
  has again (merges next to punctuation are counted apart, for ocrfix only:
  the peers drop punctuation);
- strays joined: spaces the noise inserted inside a word that the output
  removed;
- false splits and joins: boundaries the output adds or removes where the
  damaged text was right, per 10,000 words, in the damaged texts and in the
  clean texts;
- time: seconds per MB of damaged text, dictionaries already loaded (each
  process caches what it looked up: a long batch runs faster).

Usage: ``python scripts/segmentation_eval.py [--part dev] [--levels medium,heavy]
[--seeds 3] [--peers] [--extra DIR ...]`` (``make eval-segmentation``);
``--part none --extra DIR`` measures on the texts of DIR alone (a third set
beside dev and heldout: ``scripts/extract_handbook.py`` makes one).
The peers need the ``peers`` extra (``pip install -e '.[peers]'``).
"""

from __future__ import annotations

import argparse
import difflib
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ocrfix import Config, clean  # noqa: E402
from ocrfix.corpus import clean_texts  # noqa: E402
from ocrfix.noise import damage_spacing, rates_for  # noqa: E402
from ocrfix.pipeline import GROUPS  # noqa: E402

SEGMENTATION_ONLY = Config().without(*[g for g in GROUPS if g != "segmentation"])
_ALNUM = regex.compile(r"[\p{L}\p{M}\p{N}]", regex.V1)


def boundaries(text: str) -> tuple[str, set[int], set[int]]:
    """Letters and digits of ``text`` (case folded), the indexes before which
    white space separates two of them, and those where only punctuation does."""
    chars: list[str] = []
    spaced: set[int] = set()
    punct: set[int] = set()
    gap_space = gap_other = False
    for ch in text:
        if _ALNUM.match(ch):
            if chars:
                if gap_space:
                    spaced.add(len(chars))
                elif gap_other:
                    punct.add(len(chars))
            chars.append(ch.casefold())
            gap_space = gap_other = False
        elif ch.isspace():
            gap_space = True
        else:
            gap_other = True
    return "".join(chars), spaced, punct


def mapped(source: str, target: str, target_bounds: set[int]) -> set[int]:
    """``target_bounds`` carried into the indexes of ``source`` (same letters, or nearly)."""
    if source == target:
        return target_bounds
    sm = difflib.SequenceMatcher(None, source, target, autojunk=False)
    out = set()
    for a, b, size in sm.get_matching_blocks():
        for k in range(1, size):
            if b + k in target_bounds:
                out.add(a + k)
        if size and b in target_bounds:
            out.add(a)
    return out


@dataclass
class Tally:
    merges: int = 0
    merges_split: int = 0
    punct_merges: int = 0
    punct_merges_split: int = 0
    strays: int = 0
    strays_joined: int = 0
    false_noisy: int = 0
    words_noisy: int = 0
    false_clean: int = 0
    words_clean: int = 0
    seconds: float = 0.0
    chars: int = 0
    false_examples: list[str] = field(default_factory=list)
    missed_examples: list[str] = field(default_factory=list)

    def row(self, name: str) -> str:
        def pct(a: int, b: int) -> str:
            return f"{100 * a / b:.1f}% ({a}/{b})" if b else "-"
        per = (lambda n, w: f"{1e4 * n / w:.2f}" if w else "-")
        speed = f"{self.seconds / (self.chars / 1e6):.2f}" if self.chars else "-"
        return (f"| {name} | {pct(self.merges_split, self.merges)} "
                f"| {pct(self.punct_merges_split, self.punct_merges)} "
                f"| {pct(self.strays_joined, self.strays)} "
                f"| {per(self.false_noisy, self.words_noisy)} "
                f"| {per(self.false_clean, self.words_clean)} | {speed} |")


def score(tally: Tally, gold: str, noisy: str, output: str) -> None:
    g, gb, gp = boundaries(gold)
    n, nb, np_ = boundaries(noisy)
    o, ob, _ = boundaries(output)
    assert g == n, "spacing damage changes no letter"
    ob = mapped(n, o, ob)
    for i in range(1, len(n)):
        gold_b, noisy_b, out_b = i in gb, i in nb, i in ob
        if gold_b and not noisy_b:
            if i in np_:
                tally.punct_merges += 1
                tally.punct_merges_split += out_b
            else:
                tally.merges += 1
                tally.merges_split += out_b
                if not out_b and len(tally.missed_examples) < 400:
                    tally.missed_examples.append(_context(n, nb, i))
        elif noisy_b and not gold_b:
            tally.strays += 1
            tally.strays_joined += not out_b
        elif out_b != noisy_b:
            tally.false_noisy += 1
            if len(tally.false_examples) < 30:
                tally.false_examples.append(f"{n[max(0, i - 20):i]}|{n[i:i + 20]}")
    tally.words_noisy += len(noisy.split())


def _context(letters: str, bounds: set[int], i: int) -> str:
    """The damaged token around letter boundary i, with | where the space was lost."""
    start = max((b for b in bounds if b < i), default=0)
    end = min((b for b in bounds if b > i), default=len(letters))
    return f"{letters[start:i]}|{letters[i:end]}"


def false_on_clean(tally: Tally, text: str, output: str) -> None:
    t, tb, _ = boundaries(text)
    o, ob, _ = boundaries(output)
    ob = mapped(t, o, ob)
    tally.false_clean += len(tb ^ ob)
    tally.words_clean += len(text.split())


def ocrfix_segmentation(text: str) -> str:
    return clean(text, SEGMENTATION_ONLY).text


def peers() -> dict[str, Callable[[str], str]]:
    """symspellpy's word_segmentation and lookup_compound, wordninja-pp (if installed)."""
    out: dict[str, Callable[[str], str]] = {}
    try:
        from ocrfix.peers import PEERS, _symspell
        import symspellpy  # noqa: F401
    except ImportError:
        return out
    letters = regex.compile(r"\p{L}+", regex.V1)

    def symspell_segmentation(text: str) -> str:
        sym = _symspell()
        words = sym.words

        def fix(m: regex.Match) -> str:
            w = m.group()
            if len(w) < 2 or w.lower() in words:
                return w
            return sym.word_segmentation(w, max_edit_distance=0).segmented_string

        return letters.sub(fix, text)

    out["symspellpy word_segmentation"] = symspell_segmentation
    out["symspellpy lookup_compound"] = PEERS["symspellpy-compound"]
    try:
        import wordninja  # noqa: F401
        out["wordninja-pp (fr)"] = PEERS["wordninja-pp"]
    except ImportError:
        pass
    return out


#: A peer is timed on the damaged texts until it has used this much CPU time.
PEER_SPEED_BUDGET = 60.0


def damaged_texts(texts: list[str], megabytes: float) -> list[str]:
    """``texts`` with medium spacing damage, one after another, each time with
    another seed, until they make ``megabytes`` MB (what the speed measures run on)."""
    rates = rates_for("medium").only("spacing")
    out: list[str] = []
    size = 0
    while size < megabytes * 1e6:
        k = len(out)
        d = damage_spacing(texts[k % len(texts)], seed=zlib.crc32(f"{k}".encode()), rates=rates)
        out.append(d.text)
        size += len(d.text.encode("utf-8"))
    return out


def forget() -> None:
    """Forget what the segmentation group looked up (each measure starts from
    the same state: the lexicon loaded, nothing looked up in it).  The
    tables built from the whole lexicon (unbounded caches: the lexicon
    itself, its keys sorted, their set) stay: they are the dictionary, as
    the peers' are loaded."""
    from ocrfix import segmentation, tokens
    from ocrfix.lexicon import lexicon
    for f in vars(segmentation).values():
        if hasattr(f, "cache_clear") and f.cache_info().maxsize is not None:
            f.cache_clear()
    for cache in (getattr(tokens, "_CACHE", {}), getattr(tokens, "_KINDS", {}),
                  getattr(lexicon(), "_cache", {}), getattr(segmentation, "_CHUNKS", {}),
                  getattr(segmentation, "_KEPT_DOCUMENT_WORDS", {}),
                  getattr(segmentation, "_NOT_DOCUMENT_WORD", {})):
        cache.clear()


def speed(part: str, megabytes: float = 1.0, with_peers: bool = False) -> int:
    """CPU time of each segmentation stage on ``megabytes`` of the texts of
    ``part`` with medium spacing damage (each text damaged with several seeds),
    and with ``with_peers`` of each peer installed on the same texts (its
    dictionary loaded before timing, as ocrfix's lexicon is; a slow peer on
    the first texts only, :data:`PEER_SPEED_BUDGET` CPU seconds)."""
    from ocrfix.fixed import Fixed
    from ocrfix.segmentation import rejoin_split_words, split_run_together_words
    texts = [t.read() for t in clean_texts(ROOT, [part])]
    chunks = damaged_texts(texts, megabytes)
    size = sum(len(c.encode("utf-8")) for c in chunks)

    def both(c: str) -> Fixed:
        return split_run_together_words(rejoin_split_words(c).text)

    for stage in (rejoin_split_words, split_run_together_words, both):
        forget()
        stage(texts[0])  # load the lexicon before timing
        t0 = time.process_time()
        for c in chunks:
            stage(c)
        name = "both in a row (as in the pipeline)" if stage is both else stage.__name__
        print(f"{name}: {(time.process_time() - t0) / (size / 1e6):.2f} CPU s/MB "
              f"({size / 1e6:.2f} MB, {len(chunks)} damaged texts)")
    for name, peer in (peers() if with_peers else {}).items():
        peer(texts[0])  # load its dictionary before timing
        t0 = time.process_time()
        done = 0
        for k, c in enumerate(chunks):
            peer(c)
            done += len(c.encode("utf-8"))
            if time.process_time() - t0 > PEER_SPEED_BUDGET:
                break
        print(f"{name}: {(time.process_time() - t0) / (done / 1e6):.2f} CPU s/MB "
              f"({done / 1e6:.2f} MB, {k + 1} damaged texts)")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--part", default="dev", choices=["dev", "heldout", "none"],
                    help="none: only the texts of --extra")
    ap.add_argument("--levels", default="medium,heavy")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--peers", action="store_true", help="also measure the peers installed")
    ap.add_argument("--extra", nargs="*", default=[], type=Path,
                    help="folders of more clean French *.txt (not committed)")
    ap.add_argument("--examples", action="store_true", help="show ocrfix's false changes")
    ap.add_argument("--misses", action="store_true",
                    help="show the merges ocrfix left unsplit (token with | at the lost space)")
    ap.add_argument("--speed", action="store_true",
                    help="CPU seconds per MB of each stage on 1 MB of damaged text (medium)")
    args = ap.parse_args(argv)
    if args.speed:
        return speed(args.part, with_peers=args.peers)

    texts = [(t.name, t.read()) for t in clean_texts(ROOT, [args.part])] \
        if args.part != "none" else []
    for folder in args.extra:
        texts += [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]
    cleaners: dict[str, Callable[[str], str]] = {"ocrfix (segmentation)": ocrfix_segmentation}
    if args.peers:
        cleaners.update(peers())
    words = sum(len(t.split()) for _, t in texts)
    print(f"{args.part}: {len(texts)} texts, {words:,} words; levels {args.levels}, "
          f"{args.seeds} seeds each\n")
    for level in args.levels.split(","):
        rates = rates_for(level).only("spacing")
        print(f"### {level} (space_deleted {rates.space_deleted}, "
              f"space_inserted {rates.space_inserted})\n")
        print("| cleaner | merges split | merges at punctuation split | strays joined "
              "| false / 10k words (damaged) | false / 10k words (clean) | s / MB |")
        print("|---|---|---|---|---|---|---|")
        for name, cleaner in cleaners.items():
            cleaner(texts[0][1])  # load the dictionaries before timing
            tally = Tally()
            for tname, text in texts:
                for seed in range(args.seeds):
                    d = damage_spacing(text, seed=zlib.crc32(f"{tname}:{seed}".encode()),
                                       rates=rates)
                    t0 = time.perf_counter()
                    out = cleaner(d.text)
                    tally.seconds += time.perf_counter() - t0
                    tally.chars += len(d.text.encode("utf-8"))
                    score(tally, d.gold, d.text, out)
                false_on_clean(tally, text, cleaner(text))
            print(tally.row(name))
            if args.examples and name.startswith("ocrfix"):
                print("\n".join("    " + e for e in tally.false_examples))
            if args.misses and name.startswith("ocrfix"):
                print("\n".join("    missed " + e for e in tally.missed_examples))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
