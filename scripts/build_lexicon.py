#!/usr/bin/env python3
"""Compile ocrfix/data/lexicon.msgpack.gz (run by ``make lexicon``).

Inputs: wordfreq's ``fr`` large list, wordlists/lexique383.tsv,
wordlists/domain.txt and wordlists/protected.txt.  The header records the
format and version read by :mod:`ocrfix.lexicon`, the wordfreq version and a
SHA-256 of the curated lists and of this script's recipe
(tests/test_lexicon.py checks that the committed file is up to date).

The file is a gzipped msgpack map::

    {"format": "ocrfix-lexicon", "version": 2, "sources": sha256,
     "rules": {"accent_context": text, "confusions": text},
     "closed": {"det": [form, ...], "prep": [...], "pron": [...], "conj": [...]},
     "wordfreq": "3.1.1", "forms": n, "keys_count": k,
     "keys": "key\nkey\n...", "values": "form\tcenti_zipf\tflags\tform...\n..."}

``keys`` holds the sorted :func:`ocrfix.lexicon.lookup_key` of the forms, one
a line; line *i* of ``values`` holds the forms of key *i*, most frequent
first, as tab-separated triples (a form equal to its key is written ``""``).
Two big strings load much faster than a map of 300,000 small arrays.
``closed`` lists the valid forms of the closed classes (:data:`ocrfix.lexicon.CLOSED_CLASSES`,
a few hundred), so that a word is known to be none of them without a look-up.
"""

from __future__ import annotations

import gzip
import math
import sys
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path

import msgpack
import regex
import wordfreq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ocrfix.lexicon import (  # noqa: E402
    CLOSED_CLASSES, DATA_FILE, FORMAT, LEXIQUE_TAGS, VERSION, Flag, _form_key, lookup_key,
    source_digest,
)

OUT = ROOT / "ocrfix" / "data" / DATA_FILE
#: Rule tables carried verbatim in the header (parsed by ocrfix.words).
RULE_FILES = ("accent_context", "confusions")
#: Part of the digest: change it when the recipe below changes.
RECIPE = ("wordfreq-large-letters; lexique-valid; oe-ligature>=2.5; domain; protected; "
          "closed-classes; v2")
WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*")
#: An "œ" form of a Lexique "oe" form is valid when wordfreq has it at least this often.
OE_LIGATURE_MIN_ZIPF = 2.5


def _lines(path: Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def build() -> dict:
    zipf: dict[str, float] = {}
    flags: dict[str, int] = defaultdict(int)
    for word, freq in wordfreq.get_frequency_dict("fr", "large").items():
        if WORD.fullmatch(word):
            zipf[_form_key(word)] = max(zipf.get(_form_key(word), 0.0),
                                        wordfreq.freq_to_zipf(freq))
    for form, tags, per_million in _lines(ROOT / "wordlists" / "lexique383.tsv"):
        form = _form_key(form)
        bits = Flag.VALID
        for tag in tags.split(","):
            bits |= LEXIQUE_TAGS.get(tag, Flag.OTHER if tag else 0)
        flags[form] |= bits
        if form not in zipf:
            f = float(per_million)
            zipf[form] = max(1.0, math.log10(f) + 3) if f > 0 else 1.0
        if "oe" in form:
            lig = form.replace("oe", "œ")
            if zipf.get(lig, 0.0) >= OE_LIGATURE_MIN_ZIPF:
                flags[lig] |= bits
    for form, z, _reason in _lines(ROOT / "wordlists" / "domain.txt"):
        form = _form_key(form)
        flags[form] |= Flag.VALID | Flag.DOMAIN
        if z != "-":
            zipf[form] = max(zipf.get(form, 0.0), float(z))
    for form, _reason in _lines(ROOT / "wordlists" / "protected.txt"):
        form = _form_key(form)
        flags[form] |= Flag.VALID | Flag.PROTECTED
        zipf.setdefault(form, 1.0)
    index: dict[str, list[str]] = defaultdict(list)
    for form in sorted(zipf, key=lambda f: (-zipf[f], f)):
        key = lookup_key(form)
        assert "\t" not in form and "\n" not in form
        index[key].append(f"{form if form != key else ''}\t{round(zipf[form] * 100)}"
                          f"\t{flags.get(form, 0)}")
    keys = sorted(index)
    closed = {name: sorted(f for f, bits in flags.items() if bits & Flag.VALID and bits & flag)
              for flag, name in CLOSED_CLASSES.items()}
    return {
        "format": FORMAT,
        "version": VERSION,
        "sources": source_digest(ROOT, RECIPE + wordfreq_version()),
        "wordfreq": wordfreq_version(),
        "rules": {name: (ROOT / "wordlists" / f"{name}.tsv").read_text(encoding="utf-8")
                  for name in RULE_FILES},
        "closed": closed,
        "forms": len(zipf),
        "keys_count": len(keys),
        "keys": "\n".join(keys),
        "values": "\n".join("\t".join(index[k]) for k in keys),
    }


def wordfreq_version() -> str:
    return version("wordfreq")


def main() -> int:
    data = build()
    packed = gzip.compress(msgpack.packb(data, use_bin_type=True), compresslevel=9, mtime=0)
    tmp = OUT.with_suffix(".tmp")
    tmp.write_bytes(packed)
    tmp.replace(OUT)
    print(f"{OUT.relative_to(ROOT)}: {data['forms']} forms, {data['keys_count']} keys, "
          f"{len(packed) / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
