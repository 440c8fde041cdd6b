"""Hypothesis strategies shared by the property and fuzz tests.

French text: sentences and paragraphs of the clean development corpus and the
clean seeds (000, 001, 002, 004), shuffled and recombined, with the
typographic variants correct French may use (NBSP before ``;:!?``, « », ’ or
', œ or oe), and damaged by :mod:`ocrfix.noise`.  Arbitrary text and bytes:
any Unicode, text made of the characters the stages care about, and bytes as
files hold them.
"""

from __future__ import annotations

import json

import regex
from hypothesis import strategies as st

from ocrfix.noise import damage

from .conftest import CLEAN_SEEDS, ROOT

_SOURCES = sorted((ROOT / "corpus" / "clean" / "dev").glob("*.txt")) + list(CLEAN_SEEDS)
#: End of a sentence: . ! ? or … followed by a space and a capital, a digit or «.
_SENTENCE_END = regex.compile(r"(?<=[.!?…])\s+(?=[\p{Lu}\p{N}«])")


def _paragraphs() -> list[str]:
    paragraphs = []
    for path in _SOURCES:
        for line in path.read_text(encoding="utf-8").split("\n"):
            line = line.strip()
            # prose only: the seeds' headers, tables and markup lines are not
            # sentences; a line starting in lower case is a list item or the end of a
            # sentence, which after a line without final punctuation reads as a
            # hard-wrapped line even to a person
            if (len(line) >= 40 and " " in line and not line[0].islower()
                    and not regex.search(r"[<>#|\t]", line)):
                paragraphs.append(line)
    return paragraphs


PARAGRAPHS: list[str] = _paragraphs()
SENTENCES: list[str] = [s for p in PARAGRAPHS for s in _SENTENCE_END.split(p) if len(s) >= 10]
#: The one-line cases of tests/golden/negative.json: correct French that looks
#: suspicious (NBSP, œ, XIXe, m², CPTS, peut-être, I'm...).
TRICKY: list[str] = [
    c["original"] for c in json.loads((ROOT / "tests" / "golden" / "negative.json").read_text(
        encoding="utf-8")) if "\n" not in c.get("original", "\n") and not c.get("without")]


@st.composite
def _typography(draw: st.DrawFn, text: str) -> str:
    """``text`` with one consistent choice of typographic variants, all correct French."""
    space = draw(st.sampled_from([" ", "\u00a0", "\u202f"]))
    text = regex.sub(r" ([;:!?])", space + r"\1", text)
    if draw(st.booleans()):   # « » with their inner spaces
        inner = draw(st.sampled_from([" ", "\u00a0", "\u202f"]))
        text = regex.sub(r"«\s*", "«" + inner, text)
        text = regex.sub(r"\s*»", inner + "»", text)
    apostrophe = draw(st.sampled_from(["'", "’", None]))
    if apostrophe is not None:
        text = regex.sub(r"(?<=\p{L})['’](?=\p{L})", apostrophe, text)
    ligature = draw(st.sampled_from(["œ", "oe", None]))
    if ligature == "œ":
        text = regex.sub(r"\b([cdmnsv]?)oeu", r"\1œu", text)
    elif ligature == "oe":
        text = text.replace("œ", "oe").replace("Œ", "Oe")
    return text


def _join(parts: list[str], separators: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(separators, min_size=len(parts), max_size=len(parts)).map(
        lambda seps: "".join(p + s for p, s in zip(parts, seps)).rstrip())


#: A few sentences of the clean texts and tricky ones, shuffled and recombined into
#: one paragraph.
french_sentences = st.lists(st.one_of(st.sampled_from(SENTENCES), st.sampled_from(TRICKY)),
                            min_size=1, max_size=6).map(" ".join)

#: Paragraphs of the clean texts, shuffled, one per line or separated by blank lines.
french_paragraphs = st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=4).flatmap(
    lambda ps: _join(ps, st.sampled_from(["\n", "\n\n"])))

#: Clean French: sentences or paragraphs, with typographic variants.
clean_french = st.one_of(french_sentences, french_paragraphs).flatmap(_typography)


@st.composite
def damaged_french(draw: st.DrawFn, presets: tuple[str, ...] = ("light", "medium")) -> str:
    """Clean French damaged by :func:`ocrfix.noise.damage` at one of ``presets``."""
    text = draw(clean_french)
    preset = draw(st.sampled_from(presets))
    seed = draw(st.integers(min_value=0, max_value=2**16))
    return damage(text, preset, seed=seed).text


#: The characters the stages care about: mojibake, controls, ligatures,
#: combining accents, apostrophes, spaces, page breaks.
FRAGILE = list("aàâbcçdeéèêëfilmnoôqrstuù AEÉILOU'’‘|&6-.,;:!?«»\n\n\f\t0123"
               "ÃÂÅ©¨±\x81\x85\x8f\x04\x1b\ufeff\u0301\u00a0\u202fœﬁﬂ€…—")
fragile_text = st.text(alphabet=st.sampled_from(FRAGILE), max_size=300)
#: Arbitrary text: any Unicode, or the characters above.
any_text = st.one_of(st.text(max_size=300), fragile_text)

#: The encodings a file may come in.
CODECS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "mac_roman", "utf-16", "utf-16-le",
          "utf-16-be", "utf-32"]


@st.composite
def file_bytes(draw: st.DrawFn) -> bytes:
    """Random bytes, or French or fragile text in one of :data:`CODECS` with random
    bytes spliced in."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=400))
    text = draw(st.one_of(clean_french, fragile_text))
    data = text.encode(draw(st.sampled_from(CODECS)), errors="replace")
    cut = draw(st.integers(min_value=0, max_value=len(data)))
    return data[:cut] + draw(st.binary(max_size=8)) + data[cut:]
