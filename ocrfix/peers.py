"""Other tools run on the same corpus, the way a competent user would run them.

Used by ``make eval-peers`` (``python -m ocrfix.corpus eval --peers``) only; their
packages are in the optional extra ``peers`` (``pip install -e '.[peers]'``),
never runtime dependencies.  Each peer is a function ``str -> str``.

- ``ftfy``: ``ftfy.fix_text`` with its defaults.
- ``symspellpy-compound``: ``SymSpell.lookup_compound`` on each line (its
  documented use for OCR-like text), with a French dictionary built from
  wordfreq's 100,000 most frequent words, casing transferred, numbers and
  acronyms left alone.  It drops punctuation, as it is designed to.
- ``symspellpy-words``: ``SymSpell.lookup`` on each word not in the
  dictionary (closest suggestion, edit distance 2, casing transferred),
  punctuation and spacing kept: what a careful user would write around it.
- ``wordninja-pp``: ``wordninja.split(..., lang="fr")`` on every run of
  letters of six or more that is not a known word, parts joined by spaces.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import regex

__all__ = ["PEERS", "available"]

_LETTERS = regex.compile(r"\p{L}+")
#: Size of the French dictionary given to symspellpy.
DICTIONARY_WORDS = 100_000


def _ftfy(text: str) -> str:
    import ftfy
    return ftfy.fix_text(text)


@lru_cache(maxsize=1)
def _symspell():
    from symspellpy import SymSpell
    from wordfreq import top_n_list, word_frequency

    sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
    for word in top_n_list("fr", DICTIONARY_WORDS):
        if _LETTERS.fullmatch(word.replace("'", "").replace("-", "")):
            sym.create_dictionary_entry(word, max(1, int(word_frequency(word, "fr") * 1e9)))
    return sym


def _symspell_compound(text: str) -> str:
    sym = _symspell()
    out = []
    for line in text.split("\n"):
        if line.strip():
            s = sym.lookup_compound(line, max_edit_distance=2, transfer_casing=True,
                                    ignore_non_words=True)
            out.append(s[0].term if s else line)
        else:
            out.append(line)
    return "\n".join(out)


def _symspell_words(text: str) -> str:
    from symspellpy import Verbosity

    sym = _symspell()
    words = sym.words

    def fix(m: regex.Match) -> str:
        w = m.group()
        if w.lower() in words or len(w) < 3 or w.isupper():
            return w
        s = sym.lookup(w, Verbosity.CLOSEST, max_edit_distance=2, transfer_casing=True)
        return s[0].term if s else w

    return _LETTERS.sub(fix, text)


@lru_cache(maxsize=1)
def _ninja_words() -> frozenset[str]:
    import wordninja
    model = wordninja.LanguageModel("fr")
    return frozenset(model._wordcost)  # its own vocabulary: what it would split into


def _wordninja(text: str) -> str:
    import wordninja

    known = _ninja_words()

    def fix(m: regex.Match) -> str:
        w = m.group()
        if len(w) < 6 or w.lower() in known:
            return w
        return " ".join(wordninja.split(w, lang="fr"))

    return _LETTERS.sub(fix, text)


PEERS: dict[str, Callable[[str], str]] = {
    "ftfy": _ftfy,
    "symspellpy-compound": _symspell_compound,
    "symspellpy-words": _symspell_words,
    "wordninja-pp": _wordninja,
}


def available() -> dict[str, Callable[[str], str]]:
    """The peers whose packages are installed."""
    import importlib.util

    needs = {"ftfy": "ftfy", "symspellpy-compound": "symspellpy",
             "symspellpy-words": "symspellpy", "wordninja-pp": "wordninja"}
    return {name: fn for name, fn in PEERS.items() if importlib.util.find_spec(needs[name])}
