"""Write ``ocrfix/data/closed_classes.json``: the valid forms of the lexicon
that are determiners and prepositions (a few hundred), so that the
segmentation group tells whether a word also reads as a preposition and a
determiner (``parle``: ``par le``) without a lexicon look-up per cut of it.

The file names the lexicon it was made from (the ``sources`` of its header);
``ocrfix.segmentation`` uses it only with that lexicon (and looks the forms up
otherwise).  ``make lexicon`` runs this script after ``build_lexicon.py``;
``tests/test_segmentation.py`` checks the file against the lexicon.

Usage: ``python scripts/build_closed_classes.py [--check]``
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ocrfix.lexicon import Flag, lexicon  # noqa: E402

OUT = ROOT / "ocrfix" / "data" / "closed_classes.json"
FORMAT = "ocrfix-closed-classes"


def closed_classes() -> dict:
    """The determiners and prepositions of the lexicon loaded, as the file holds them."""
    lex = lexicon()
    classes: dict[str, set[str]] = {"det": set(), "prep": set()}
    for entry in lex.entries():
        if entry.valid and entry.flags & Flag.DET:
            classes["det"].add(entry.form)
        if entry.valid and entry.flags & Flag.PREP:
            classes["prep"].add(entry.form)
    return {"format": FORMAT, "lexicon_sources": lex.header.get("sources"),
            **{name: sorted(forms) for name, forms in classes.items()}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="exit 1 if the file is not what the lexicon gives")
    args = ap.parse_args(argv)
    data = closed_classes()
    text = json.dumps(data, ensure_ascii=False, indent=0) + "\n"
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print(f"{OUT.name}: {'up to date' if same else 'out of date: run make lexicon'}")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT}: {len(data['det'])} determiners, {len(data['prep'])} prepositions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
