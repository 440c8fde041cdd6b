"""Count OCR error types in the real pairs and in the generator's output, side by side.

Usage: python corpus/calibrate.py   (from the repository root, ocrfix installed)

For every real pair of corpus/real/, words of the OCR text are aligned with
the words of the gold; each aligned word pair is compared letter by letter and
each difference is counted against its *opportunity* in the gold (how often
an 'à', an 'è', an elided "l'", a 'q', a space... occurs).  The same counts are
then made on the gold texts damaged by each preset of ocrfix.noise, so that
the rates of a preset can be compared with those of the real scan.
"""

from __future__ import annotations

import difflib
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import regex

from ocrfix.corpus import repository_root
from ocrfix.noise import PRESETS, damage

ACCENTED = "àâéèêëîïôùûüçœÀÂÉÈÊÎÔÙÛÇŒ"


def _base(ch: str) -> str:
    return unicodedata.normalize("NFD", ch)[0]


def _words(text: str) -> list[str]:
    return text.replace("’", "'").split()


def counts(ocr: str, gold: str) -> tuple[Counter, Counter]:
    """(events, opportunities) for the comparable error types."""
    ev: Counter = Counter()
    opp: Counter = Counter()
    wo, wg = _words(ocr), _words(gold)
    for w in wg:
        for ch in w:
            if ch in ACCENTED:
                opp["letter " + ch] += 1
        if w == "à":
            opp["word à"] += 1
        if regex.match(r"^[lL]'\w", w):
            opp["elided l'"] += 1
        opp["q"] += w.count("q")
    opp["space"] = max(0, len(wg) - 1)
    sm = difflib.SequenceMatcher(None, wo, wg, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        o, g = wo[i1:i2], wg[j1:j2]
        if len(o) < len(g) and "".join(o) == "".join(g).replace(" ", ""):
            ev["space deleted"] += len(g) - len(o)
            continue
        if tag != "replace" or len(o) != len(g):
            ev["other (unaligned)"] += 1
            continue
        for a, b in zip(o, g):
            _compare_word(a, b, ev)
    return ev, opp


def _compare_word(o: str, g: str, ev: Counter) -> None:
    if g == "à":
        ev["word à -> " + ("a" if o == "a" else "&" if o == "&" else "other")] += 1
        return
    m = regex.match(r"^[lL]'(\w.*)$", g)
    if m:
        rest = m.group(1)
        if o.startswith(("I'", "I''")):
            ev["elided l' -> I'"] += 1
        elif o.startswith("|"):
            ev["elided l' -> |'"] += 1
        elif o.startswith("'") and not o.startswith("l"):
            ev["elided l' -> '"] += 1
        elif o.startswith("l") and not o.startswith("l'"):
            ev["elided l' -> l (apostrophe lost)"] += 1
        o = regex.sub(r"^(?:I|\||lI|l)?'+", "", o)
        if o.startswith("l") and not rest.startswith("l"):
            o = o[1:]
        g = rest
    if len(o) == len(g):
        for a, b in zip(o, g):
            if a == b:
                continue
            if b in ACCENTED and a == _base(b):
                ev["letter " + b + " lost"] += 1
            elif b in ACCENTED and a in ACCENTED:
                ev["letter " + b + " -> " + a] += 1
            elif b == "ç":
                ev["letter ç -> " + a] += 1
            elif b == "q":
                ev["q -> " + a] += 1
            elif b in ACCENTED:
                ev["letter " + b + " -> " + a] += 1
            else:
                ev["other letter"] += 1
    elif len(o) == len(g) + 1 and "œ" in g and "ce" in o:
        ev["letter œ -> ce"] += 1
    elif len(o) == len(g) + 1 and regex.search(r"e[éèê]|[éèê]e", o) and not regex.search(r"e[éèê]|[éèê]e", g):
        ev["inserted e"] += 1
    else:
        ev["other (length)"] += 1


def main() -> int:
    root = repository_root(Path.cwd())
    real = sorted((root / "corpus" / "real").glob("*.ocr.txt"))
    golds = [p.with_name(p.name.replace(".ocr.", ".gold.")).read_text(encoding="utf-8") for p in real]
    ocrs = [p.read_text(encoding="utf-8") for p in real]
    columns = {"real": [counts(o, g) for o, g in zip(ocrs, golds)]}
    for preset in PRESETS:
        columns[preset] = [counts(damage(g, preset, seed=i).text, g) for i, g in enumerate(golds)]
    ev_tot = {k: sum((c[0] for c in v), Counter()) for k, v in columns.items()}
    opp = sum((c[1] for c in columns["real"]), Counter())
    keys = sorted(set().union(*[set(e) for e in ev_tot.values()]))
    print(f"{'error':<34} {'opportunities':>13} " + " ".join(f"{k:>14}" for k in columns))
    for key in keys:
        base = next((o for o in opp if key.startswith(o)), None)
        n = opp.get(base, 0) if base else 0
        cells = []
        for k in columns:
            e = ev_tot[k].get(key, 0)
            cells.append(f"{e:>6} {e / n:>6.1%}" if n else f"{e:>6}       ")
        print(f"{key:<34} {n:>13} " + " ".join(f"{c:>14}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
